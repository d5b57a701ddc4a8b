// The heart of the product, end to end, with and without JavaScript: an
// admin creates a program with two questions; a member finds its tile,
// joins as a mentee and waits; the admin approves; the approval email
// arrives and the member's tabs open. An invitation link that approves at
// once brings a second person straight in (signing up on the way), and a
// member who is not in the program is refused its member-only tabs.
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  actAsNewClient,
  ADMIN,
  createProgram,
  expectAccessiblePage,
  field,
  gotoAndWaitForHydration,
  javaScriptEnabled,
  newMember,
  newProgram,
  newProjectPage,
  pageHeading,
  recordPageErrors,
  signIn,
  signUp,
  waitForEmail,
  type Program,
} from './support';

const REQUIRED_PROMPT = 'What would you like to learn?';
const CHOICE_PROMPT = 'Which track suits you?';

const main = (page: Page) => page.getByRole('main');

/** Adds a mentee question through the form builder. */
async function addQuestion(
  admin: Page,
  program: Program,
  question: { kind: string; prompt: string; required: boolean; choices?: string },
) {
  await gotoAndWaitForHydration(admin, `/programs/${program.slug}/admin/questions`);
  const form = main(admin)
    .locator('form')
    .filter({ has: admin.getByRole('button', { name: 'Add question' }) });
  await form.getByLabel('Asked of').selectOption('mentee');
  await form.getByLabel('Kind of answer').selectOption(question.kind);
  await form.getByLabel('Question', { exact: true }).fill(question.prompt);
  if (question.choices) await form.getByLabel('Choices').fill(question.choices);
  if (question.required) await form.getByLabel(/^Required/).check();
  await form.getByRole('button', { name: 'Add question' }).click();
  await expect(admin).toHaveURL(new RegExp(`/programs/${program.slug}/admin/questions\\?saved=\\d+`));
  await expect(main(admin).getByText(question.prompt).first()).toBeVisible();
}

/** Opens `path` and returns the document's HTTP status. */
async function statusOf(page: Page, path: string): Promise<number> {
  const response = await gotoAndWaitForHydration(page, path);
  return response.status();
}

test('a member finds a program, joins as a mentee, is approved and opens the member tabs', async ({
  page,
  browser,
}) => {
  test.slow();
  const program = newProgram();
  const admin = await newProjectPage(browser);
  const errors = recordPageErrors(page);
  try {
    // The admin: a program with two questions, the first one required.
    await signIn(admin, ADMIN);
    await createProgram(admin, program);
    await addQuestion(admin, program, { kind: 'short_text', prompt: REQUIRED_PROMPT, required: true });
    await addQuestion(admin, program, {
      kind: 'single_choice',
      prompt: CHOICE_PROMPT,
      required: false,
      choices: 'Backend\nFrontend',
    });

    // The member finds the tile with the search box.
    const member = await signUp(page, newMember('mentee'));
    await gotoAndWaitForHydration(page, '/programs');
    const search = main(page).getByRole('search');
    await search.getByLabel('Search programs').fill(program.name);
    await search.getByRole('button', { name: 'Show programs' }).click();
    await expect(page).toHaveURL(/\/programs\?/);
    const tile = main(page).getByRole('listitem').filter({ hasText: program.name });
    await expect(tile).toHaveCount(1);
    await expect(tile.getByText('Not joined')).toBeVisible();
    await expect(tile.getByText('0 mentors · 0 mentees')).toBeVisible();

    // The program's page: About, and the green Join button.
    await tile.getByRole('link', { name: program.name }).click();
    await expect(page).toHaveURL(`/programs/${program.slug}`);
    await expect(pageHeading(page)).toHaveText(program.name);
    await expect(main(page).getByRole('heading', { name: 'Theme', level: 3 })).toBeVisible();
    await main(page).getByRole('link', { name: 'Join Program' }).click();
    await expect(page).toHaveURL(`/programs/${program.slug}/join`);

    // Choose the role, then answer; the required question is refused
    // empty, with the message next to it and the other answer kept.
    await main(page).getByLabel(/^Mentee/).check();
    await main(page).getByRole('button', { name: 'Continue' }).click();
    await expect(page).toHaveURL(`/programs/${program.slug}/join?role=mentee`);
    await expect(main(page).getByText('You are joining as a mentee.')).toBeVisible();
    const required = main(page).getByLabel(new RegExp(`^${REQUIRED_PROMPT.replace('?', '\\?')}`));
    const backend = main(page).getByRole('group', { name: new RegExp(CHOICE_PROMPT.replace('?', '\\?')) }).getByLabel('Backend');
    await backend.check();
    // The browser would stop an empty required field before it is sent;
    // the server must refuse it anyway, so skip the browser's check.
    await required.evaluate((input) => input.removeAttribute('required'));
    await main(page).getByRole('button', { name: 'Send application' }).click();
    await expect(required).toHaveAttribute('aria-invalid', 'true');
    // The message is next to the question, and the field points to it.
    const errorId = (await required.getAttribute('aria-describedby'))!.split(' ').pop()!;
    await expect(page.locator(`[id="${errorId}"]`)).toHaveText('Answer this question: it is required.');
    await expect(backend).toBeChecked();

    await required.fill('Writing a first async service');
    await main(page).getByRole('button', { name: 'Send application' }).click();
    await expect(page).toHaveURL(`/programs/${program.slug}?joined=pending`);
    await expect(main(page).getByRole('heading', { name: 'Pending approval' })).toBeVisible();
    await expect(main(page).getByText('Pending approval as mentee').first()).toBeVisible();

    // The tile says so too, and the member tabs stay shut while pending.
    await gotoAndWaitForHydration(page, `/programs?q=${encodeURIComponent(program.name)}`);
    await expect(
      main(page).getByRole('listitem').filter({ hasText: program.name }).getByText('Pending approval as mentee'),
    ).toBeVisible();
    expect(await statusOf(page, `/programs/${program.slug}/discussion`)).toBe(403);
    await expect(main(page).getByText(/pending approval/)).toBeVisible();

    // The admin approves from the queue, which shows the answers.
    await gotoAndWaitForHydration(admin, `/programs/${program.slug}/admin/applications`);
    const card = main(admin).locator('article, li, section').filter({ hasText: member.name }).last();
    await expect(card.getByText('Writing a first async service')).toBeVisible();
    await card.getByRole('button', { name: `Approve ${member.name}` }).click();
    await expect(admin).toHaveURL(/\?approved=1/);

    // The approval email (through the outbox and the mailbox folder).
    const email = await waitForEmail(member.email);
    expect(email.subject).toContain(program.name);
    expect(email.text).toContain(`/programs/${program.slug}`);

    // The member's tabs are open now.
    for (const tab of ['Discussion', 'Resources', 'Events']) {
      const path = `/programs/${program.slug}/${tab.toLowerCase()}`;
      expect(await statusOf(page, path), path).toBe(200);
      await expect(main(page).getByRole('heading', { name: tab, level: 2 })).toBeVisible();
      await expect(main(page).getByText(`${tab} is for members`)).toHaveCount(0);
    }
    await gotoAndWaitForHydration(page, `/programs/${program.slug}`);
    await expect(main(page).getByRole('heading', { name: 'You are a member' })).toBeVisible();

    // The pages a member uses have no serious accessibility problems.
    await expectAccessiblePage(page, browser, '/programs', 'Mentoring Programs');
    await expectAccessiblePage(page, browser, `/programs/${program.slug}`, program.name);
    await expectAccessiblePage(page, browser, `/programs/${program.slug}/discussion`, program.name);
    expect(errors, 'uncaught page errors').toEqual([]);
  } finally {
    await admin.context().close();
  }
});

test('an auto-approving invitation link lets a new person sign up and join at once; non-members are refused member tabs', async ({
  page,
  browser,
}) => {
  test.slow();
  const program = newProgram();
  const admin = await newProjectPage(browser);
  const outsider = await newProjectPage(browser);
  try {
    await signIn(admin, ADMIN);
    await createProgram(admin, program);
    await addQuestion(admin, program, { kind: 'short_text', prompt: REQUIRED_PROMPT, required: true });

    // A link for mentees that approves at once.
    await gotoAndWaitForHydration(admin, `/programs/${program.slug}/admin/invitations`);
    await main(admin).getByRole('group', { name: 'Joins as' }).getByLabel('Mentee', { exact: true }).check();
    await main(admin).getByLabel(/^Approve at once/).check();
    await main(admin).getByRole('button', { name: 'Create link' }).click();
    const linkField = main(admin).getByLabel('Invitation link', { exact: true });
    await expect(linkField).toHaveValue(/\/join\/[A-Za-z0-9_-]+$/);
    const link = new URL(await linkField.inputValue(), 'http://unused').pathname;

    // Someone without an account opens it, signs up from it and comes back.
    const invited = newMember('invited');
    await actAsNewClient(page);
    await gotoAndWaitForHydration(page, link);
    await expect(pageHeading(page)).toHaveText(`You are invited to ${program.name}`);
    await main(page).getByRole('link', { name: 'Create an account' }).click();
    await expect(page).toHaveURL(/\/sign-up\?invitation=/);
    await field(page, 'Name').fill(invited.name);
    await field(page, 'Email').fill(invited.email);
    await field(page, 'Password').fill(invited.password);
    await main(page).getByRole('button', { name: 'Create account', exact: true }).click();
    await expect(page).toHaveURL(link);

    // The link's role is preset: straight to the questions.
    await expect(main(page).getByText('You are joining as a mentee.')).toBeVisible();
    await expect(main(page).getByRole('link', { name: /instead/ })).toHaveCount(0);
    await main(page).getByLabel(new RegExp(`^${REQUIRED_PROMPT.replace('?', '\\?')}`)).fill('Public speaking');
    await main(page).getByRole('button', { name: 'Join program' }).click();
    await expect(page).toHaveURL(`/programs/${program.slug}?joined=approved`);
    await expect(main(page).getByRole('heading', { name: 'You are a member' })).toBeVisible();
    expect(await statusOf(page, `/programs/${program.slug}/events`)).toBe(200);

    // A member who is not in the program gets a join prompt (and 403).
    await signUp(outsider, newMember('outsider'));
    expect(await statusOf(outsider, `/programs/${program.slug}/events`)).toBe(403);
    await expect(main(outsider).getByRole('heading', { name: 'Events are for members' })).toBeVisible();
    await expect(main(outsider).getByRole('link', { name: 'Join Program' })).toBeVisible();

    // A visitor sees the About page but is asked to sign in for the tabs.
    const visitor = await browser.newContext({
      baseURL: test.info().project.use.baseURL,
      javaScriptEnabled: javaScriptEnabled(),
    });
    try {
      const anonymous = await visitor.newPage();
      const visitorErrors = recordPageErrors(anonymous);
      expect(await statusOf(anonymous, `/programs/${program.slug}`)).toBe(200);
      await expect(pageHeading(anonymous)).toHaveText(program.name);
      expect(await statusOf(anonymous, `/programs/${program.slug}/discussion`)).toBe(401);
      await expect(main(anonymous).getByRole('link', { name: 'Sign in' })).toBeVisible();
      expect(await statusOf(anonymous, `/programs/${program.slug}/join`)).toBe(401);
      await expect(main(anonymous).getByRole('heading', { name: 'Sign in to join' })).toBeVisible();
      expect(visitorErrors, 'uncaught page errors').toEqual([]);
    } finally {
      await visitor.close();
    }
  } finally {
    await admin.context().close();
    await outsider.context().close();
  }
});

test('expired, revoked and unknown invitation links say so plainly', async ({ page }) => {
  const response = await gotoAndWaitForHydration(page, '/join/not-a-real-token');
  expect(response.status()).toBe(404);
  await expect(pageHeading(page)).toHaveText('Invitation not found');
});

