// The program admin pages, from the hub admin's side: creating a program
// (a refused form keeps what was typed), its settings, the registration
// form builder and its preview, invitation links, the applications queue
// (one approved by its card's button, one declined from the bulk form with
// a message), the members list and its CSV, a member turned away, a
// program admin named and removed, and a change of address.
// Members apply through the join server function with their own session
// (the join page belongs to the member side). axe checks every admin page
// at 360px, which must not scroll sideways. Runs in both projects: js and
// nojs share one server and database, so every name is unique per run.
import { type Locator, type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  ADMIN,
  expectAccessiblePage,
  field,
  fieldError,
  gotoAndWaitForHydration,
  javaScriptEnabled,
  newMember,
  newProjectPage,
  pageHeading,
  recordPageErrors,
  routerIsLive,
  signIn,
  signUp,
  waitForEmail,
  type Member,
} from './support';

/** A name nobody else in this run uses: js and nojs share the database. */
function uniqueId(): string {
  return `${test.info().project.name}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

const main = (page: Page) => page.getByRole('main');
const button = (scope: Page | Locator, name: string) => scope.getByRole('button', { name, exact: true });
const notice = (page: Page, text: string | RegExp) => main(page).getByRole('status').filter({ hasText: text });
const adminNav = (page: Page) => page.getByRole('navigation', { name: 'Program admin' });

/** A member applies with their own session through the join server function. */
async function apply(member: Page, programId: string, answers: Record<string, string>) {
  const form: Record<string, string> = { program_id: programId, role: 'mentee' };
  for (const [questionId, value] of Object.entries(answers)) form[`answers[q-${questionId}][]`] = value;
  const response = await member.request.post('/api/programs/join', { form });
  expect(response.status(), await response.text()).toBeLessThan(400);
}

/** The question id behind a preview input: its name is `preview[q-<id>][]`. */
async function questionId(input: Locator): Promise<string> {
  const name = await input.first().getAttribute('name');
  const id = /^preview\[q-(\d+)\]\[\]$/.exec(name ?? '')?.[1];
  expect(id, `no question id in ${name}`).toBeTruthy();
  return id!;
}

test('a hub admin sets up a program and decides on its applications', async ({ page, browser }) => {
  test.setTimeout(300_000);
  const errors = recordPageErrors(page);
  const id = uniqueId();
  const name = `Spring ${id}`;
  const slug = `spring-${id}`;
  const settingsPath = `/programs/${slug}/admin/settings`;

  await signIn(page, ADMIN);

  await test.step('a refused new program keeps what was typed', async () => {
    await gotoAndWaitForHydration(page, '/programs/new');
    await expect(pageHeading(page)).toHaveText('New program');
    await field(page, 'Name').fill(name);
    await field(page, 'Address (URL slug)').fill('New');
    await field(page, 'Summary').fill('Pairs for the spring.');
    await main(page).getByRole('checkbox', { name: 'List the program in the program directory' }).uncheck();
    await main(page).getByRole('radio', { name: 'Mentees request a mentor, mentors accept' }).check();
    await button(main(page), 'Create program').click();

    await expect(fieldError(page, 'slug')).toContainText('This address is reserved.');
    await expect(field(page, 'Name')).toHaveValue(name);
    await expect(field(page, 'Address (URL slug)')).toHaveValue('New');
    await expect(field(page, 'Summary')).toHaveValue('Pairs for the spring.');
    await expect(main(page).getByRole('checkbox', { name: 'List the program in the program directory' })).not.toBeChecked();
    await expect(main(page).getByRole('radio', { name: 'Mentees request a mentor, mentors accept' })).toBeChecked();
  });

  await test.step('the program is created', async () => {
    await field(page, 'Address (URL slug)').fill(slug);
    await button(main(page), 'Create program').click();
    await expect(page).toHaveURL(`${settingsPath}?created=1`);
    await expect(pageHeading(page)).toHaveText(name);
    await expect(notice(page, 'The program is created.')).toBeVisible();
    await expect(adminNav(page).getByRole('link', { name: 'Settings' })).toHaveAttribute('aria-current', 'page');
    await expect(field(page, 'Address (URL slug)')).toHaveValue(slug);
    await expect(main(page).getByRole('checkbox', { name: 'List the program in the program directory' })).not.toBeChecked();
    await expect(main(page).getByRole('radio', { name: 'Draft', exact: true })).toBeChecked();
  });

  await test.step('the settings are edited', async () => {
    await main(page).getByRole('radio', { name: 'Open', exact: true }).check();
    await field(page, 'About').fill('Six weeks of pairing.\n\n- one call a week');
    await field(page, 'Default mentor capacity').fill('4');
    await button(main(page), 'Save settings').click();
    await expect(page).toHaveURL(`${settingsPath}?saved=1`);
    await expect(notice(page, 'The settings are saved.')).toBeVisible();
    await expect(main(page).getByRole('radio', { name: 'Open', exact: true })).toBeChecked();
    await expect(field(page, 'Default mentor capacity')).toHaveValue('4');
    await expect(field(page, 'About')).toHaveValue('Six weeks of pairing.\n\n- one call a week');
    await expect(main(page).locator('header .badge').first()).toHaveText('Open');
    await expect(main(page).getByRole('heading', { name: 'Program admins' })).toBeVisible();
  });

  const questionsPath = `/programs/${slug}/admin/questions`;
  const mentees = () => main(page).getByRole('region', { name: 'Mentee questions' });
  const addForm = () => main(page).getByRole('region', { name: 'Add a question' });

  async function addQuestion(kind: string, prompt: string, { required = false, options = '' } = {}) {
    const form = addForm();
    await form.getByLabel('Asked of').selectOption({ label: 'Mentees' });
    await form.getByLabel('Kind of answer').selectOption({ label: kind });
    await form.getByLabel('Question', { exact: true }).fill(prompt);
    if (options) await form.getByLabel('Choices').fill(options);
    if (required) await form.getByRole('checkbox', { name: 'Required: applicants must answer it' }).check();
    await button(form, 'Add question').click();
    await expect(page).toHaveURL(/\/admin\/questions\?saved=\d+$/);
    await expect(mentees().getByRole('listitem').filter({ hasText: prompt }).first()).toBeVisible();
  }

  await test.step('the registration form is built', async () => {
    await adminNav(page).getByRole('link', { name: 'Registration form' }).click();
    await expect(page).toHaveURL(questionsPath);
    if (javaScriptEnabled()) await expect.poll(() => routerIsLive(page)).toBe(true);
    await expect(main(page).getByRole('heading', { name: 'Mentor questions' })).toBeVisible();

    // A refused question keeps what was typed and says what is wrong.
    await addForm().getByLabel('Kind of answer').selectOption({ label: 'Single choice' });
    await addForm().getByLabel('Question', { exact: true }).fill('Which track?');
    await addForm().getByLabel('Choices').fill('Backend');
    await button(addForm(), 'Add question').click();
    await expect(addForm().locator('#new-options-error')).toContainText('at least two choices');
    await expect(addForm().getByLabel('Question', { exact: true })).toHaveValue('Which track?');
    await expect(addForm().getByLabel('Kind of answer')).toHaveValue('single_choice');

    await addQuestion('Single choice', 'Which track?', { required: true, options: 'Backend\nFrontend' });
    await addQuestion('Long text', 'What do you hope to learn?');
    await addQuestion('Short text', 'Temporary question');
    const items = mentees().getByRole('list').first().locator(':scope > li');
    await expect(items).toHaveCount(3);
    await expect(items.nth(0)).toContainText('Which track?');
    await expect(items.nth(0)).toContainText('Required');
    await expect(items.nth(1)).toContainText('Optional');
    // The first question cannot move up, the last cannot move down.
    await expect(mentees().getByRole('button', { name: 'Move up question: Which track?' })).toHaveCount(0);
    await expect(mentees().getByRole('button', { name: 'Move down question: Temporary question' })).toHaveCount(0);

    await button(mentees(), 'Move up question: What do you hope to learn?').click();
    await expect(page).toHaveURL(/\?moved=\d+$/);
    await expect(items.nth(0)).toContainText('What do you hope to learn?');
    await expect(items.nth(1)).toContainText('Which track?');

    await mentees().getByRole('link', { name: 'Edit question: Which track?' }).click();
    await expect(page).toHaveURL(/\?edit=\d+$/);
    const editing = mentees().locator('.question-item--editing');
    await expect(editing.getByLabel('Question', { exact: true })).toHaveValue('Which track?');
    await editing.getByLabel('Choices').fill('Backend\nFrontend\nData');
    await editing.getByLabel('Help text').fill('Pick the one you work in most.');
    await button(editing, 'Save question').click();
    await expect(page).toHaveURL(/\?saved=\d+$/);
    await expect(mentees().locator('.question-item--editing')).toHaveCount(0);
    await expect(items.nth(1)).toContainText('Data');
    await expect(items.nth(1)).toContainText('Pick the one you work in most.');

    await button(mentees(), 'Delete question: Temporary question').click();
    await expect(page).toHaveURL(/\?deleted=1$/);
    await expect(notice(page, 'The question is deleted.')).toBeVisible();
    await expect(items).toHaveCount(2);
    await expect(mentees().getByText('Temporary question')).toHaveCount(0);
  });

  const preview = () => main(page).getByRole('region', { name: 'Preview: what mentees see' });
  let trackQuestion = '';
  let learnQuestion = '';
  let programId = '';
  await test.step('the preview shows the questions as applicants see them', async () => {
    const track = preview().getByRole('group', { name: /Which track\?/ });
    await expect(track.getByRole('radio')).toHaveCount(3);
    await expect(track.getByRole('radio', { name: 'Data' })).toBeVisible();
    await expect(track).toContainText('(required)');
    const learn = preview().getByLabel(/What do you hope to learn\?/);
    await expect(learn).toBeVisible();
    await expect(preview()).toContainText('(optional)');
    trackQuestion = await questionId(track.getByRole('radio'));
    learnQuestion = await questionId(learn);
    programId = (await main(page).locator('input[name="program_id"]').first().getAttribute('value'))!;
    expect(programId).toMatch(/^\d+$/);
    await expectAccessiblePage(page, browser, `${questionsPath}?edit=${trackQuestion}`, name);
  });

  const invitationsPath = `/programs/${slug}/admin/invitations`;
  await test.step('invitation links are created, listed and revoked', async () => {
    await adminNav(page).getByRole('link', { name: 'Invitations' }).click();
    await expect(page).toHaveURL(invitationsPath);
    await expect(main(page).getByText('No invitation links yet.')).toBeVisible();

    // A date in the past is refused next to its field.
    await field(page, 'Expires on').fill('2020-01-31');
    await button(main(page), 'Create link').click();
    await expect(fieldError(page, 'expires_on')).toContainText('future');
    await expect(field(page, 'Expires on')).toHaveValue('2020-01-31');

    await field(page, 'Expires on').fill('');
    await main(page).getByRole('radio', { name: 'Mentee', exact: true }).check();
    await main(page).getByRole('checkbox', { name: 'Approve at once: no admin decision needed' }).check();
    await field(page, 'Maximum uses').fill('2');
    await button(main(page), 'Create link').click();
    // The redirect carries a key to the new link, never the link's token.
    await expect(page).toHaveURL(/\/admin\/invitations\?created=[\w-]+$/);
    await expect(field(page, 'Invitation link')).toHaveValue(/\/join\/[\w-]{20,}$/);
    const token = (await field(page, 'Invitation link').inputValue()).split('/join/')[1];
    expect(page.url().toLowerCase(), 'the address bar shows the token').not.toContain(token.toLowerCase());
    await expect(button(main(page), 'Copy link')).toHaveCount(javaScriptEnabled() ? 1 : 0);
    const rows = main(page).getByRole('table').getByRole('row');
    const limited = rows.filter({ hasText: '0 of 2' });
    await expect(limited).toHaveCount(1);
    await expect(limited).toContainText('Mentee');
    await expect(limited).toContainText('Yes');
    await expect(limited).toContainText('Active');
    await expectAccessiblePage(page, browser, new URL(page.url()).pathname + new URL(page.url()).search, name);

    await main(page).getByRole('radio', { name: 'Either: the member chooses' }).check();
    await button(main(page), 'Create link').click();
    const unlimited = rows.filter({ hasText: '0 (no limit)' });
    await expect(unlimited).toHaveCount(1);
    await expect(unlimited).toContainText('Either');
    await unlimited.getByRole('button', { name: /^Revoke link #\d+$/ }).click();
    await expect(page).toHaveURL(/\?revoked=1$/);
    await expect(unlimited).toContainText('Revoked');
    await expect(unlimited.getByRole('button')).toHaveCount(0);
    await expect(limited.getByRole('button', { name: /^Revoke link #\d+$/ })).toBeVisible();
  });

  // Two members apply (as mentees), each in a browser of their own.
  const approvedMember = newMember('applicant');
  const declinedMember = newMember('declined');
  const memberPages: Page[] = [];
  try {
    await test.step('two members apply', async () => {
      for (const [member, track, hope] of [
        [approvedMember, 'Backend', `Async Rust for ${id}`],
        [declinedMember, 'Frontend', ''],
      ] as [Member, string, string][]) {
        const memberPage = await newProjectPage(browser);
        memberPages.push(memberPage);
        await signUp(memberPage, member);
        const answers: Record<string, string> = { [trackQuestion]: track };
        if (hope) answers[learnQuestion] = hope;
        await apply(memberPage, programId, answers);
      }
    });

    const applicationsPath = `/programs/${slug}/admin/applications`;
    await test.step('the applications queue shows both with their answers', async () => {
      await adminNav(page).getByRole('link', { name: 'Applications' }).click();
      await expect(page).toHaveURL(applicationsPath);
      // The page reloads its data on the way in; the count is in the nav.
      await expect(adminNav(page).getByRole('link', { name: 'Applications 2 pending' })).toBeVisible();
      const cards = main(page).locator('.application-card');
      await expect(cards).toHaveCount(2);
      // Oldest first.
      await expect(cards.nth(0)).toContainText(approvedMember.name);
      await expect(cards.nth(0).getByRole('link', { name: approvedMember.name })).toHaveAttribute('href', /^\/members\/\d+$/);
      await expect(cards.nth(0)).toContainText('Which track?');
      await expect(cards.nth(0)).toContainText('Backend');
      await expect(cards.nth(0)).toContainText(`Async Rust for ${id}`);
      await expect(cards.nth(1)).toContainText('Frontend');
      await expectAccessiblePage(page, browser, applicationsPath, name);

      // Deciding on a selection with nothing selected is refused.
      await button(main(page), 'Approve selected').click();
      await expect(main(page).locator('#bulk-selection-error')).toContainText('Select at least one application.');
      await expect(cards).toHaveCount(2);
    });

    await test.step('one is approved from its card, the other declined in bulk with a message', async () => {
      const cards = main(page).locator('.application-card');
      await button(main(page), `Approve ${approvedMember.name}`).click();
      await expect(page).toHaveURL(`${applicationsPath}?approved=1`);
      await expect(notice(page, '1 application approved; the member has been emailed.')).toBeVisible();
      await expect(cards).toHaveCount(1);
      await expect(adminNav(page).getByRole('link', { name: 'Applications 1 pending' })).toBeVisible();

      const message = `The spring round is full (${id}).`;
      await main(page).getByRole('checkbox', { name: `Select ${declinedMember.name}` }).check();
      await main(page).getByLabel('Message with a decline').fill(message);
      await button(main(page), 'Decline selected').click();
      await expect(page).toHaveURL(`${applicationsPath}?declined=1`);
      await expect(notice(page, '1 application declined; the applicant has been emailed.')).toBeVisible();
      await expect(main(page).getByRole('heading', { name: 'No applications waiting' })).toBeVisible();
      await expect(adminNav(page).getByRole('link', { name: 'Applications', exact: true })).toBeVisible();

      const email = await waitForEmail(declinedMember.email);
      expect(email.text).toContain(message);
    });

    const membersPath = `/programs/${slug}/admin/members`;
    await test.step('the members list and its CSV show the approved member', async () => {
      await adminNav(page).getByRole('link', { name: 'Members' }).click();
      await expect(page).toHaveURL(membersPath);
      const cards = main(page).locator('.member-card');
      await expect(cards).toHaveCount(1);
      await expect(cards.first()).toContainText(approvedMember.name);
      await expect(cards.first()).toContainText('Mentee');
      await cards.first().locator('summary').click();
      await expect(cards.first().locator('.answer-list')).toContainText(`Async Rust for ${id}`);
      await expect(button(cards.first(), `Remove ${approvedMember.name} from the program`)).toBeVisible();
      await expect(main(page).getByText(declinedMember.name)).toHaveCount(0);

      const download = main(page).getByRole('link', { name: 'Download as CSV' });
      await expect(download).toHaveAttribute('href', `/programs/${slug}/admin/members.csv`);
      await expect(download).toHaveAttribute('download', '');
      const csv = await page.request.get((await download.getAttribute('href'))!);
      expect(csv.status()).toBe(200);
      expect(csv.headers()['content-type']).toContain('text/csv');
      const text = await csv.text();
      expect(text).toContain(approvedMember.name);
      expect(text).toContain(`Async Rust for ${id}`);
      expect(text).not.toContain(declinedMember.name);
      await expectAccessiblePage(page, browser, membersPath, name);
    });

    await test.step('a member who does not run the program is turned away', async () => {
      const member = memberPages[0];
      for (const path of [settingsPath, applicationsPath]) {
        const response = await gotoAndWaitForHydration(member, path);
        expect(response.status(), path).toBe(403);
        await expect(pageHeading(member)).toHaveText("For this program's admins only");
        await expect(member.getByRole('main').locator('form')).toHaveCount(0);
      }
      const response = await gotoAndWaitForHydration(member, '/programs/new');
      expect(response.status()).toBe(403);
      await expect(pageHeading(member)).toHaveText('For hub admins only');
      const csv = await member.request.get(`/programs/${slug}/admin/members.csv`);
      expect(csv.status()).toBe(403);
    });

    await test.step('a member named program admin manages the program, until removed', async () => {
      await gotoAndWaitForHydration(page, settingsPath);
      const admins = main(page).getByRole('region', { name: 'Program admins' });
      await expect(admins).toContainText('No program admins yet');
      await admins.getByLabel('Email of the member to add').fill(`nobody-${id}@e2e.test`);
      await button(admins, 'Add program admin').click();
      await expect(admins.locator('#admin-email-error')).toContainText('No active member has this email address.');
      await expect(admins.getByLabel('Email of the member to add')).toHaveValue(`nobody-${id}@e2e.test`);

      await admins.getByLabel('Email of the member to add').fill(declinedMember.email);
      await button(admins, 'Add program admin').click();
      await expect(page).toHaveURL(`${settingsPath}?admin_added=1`);
      await expect(notice(page, 'The member is now an admin of this program.')).toBeVisible();
      await expect(admins.getByRole('listitem').filter({ hasText: declinedMember.email })).toContainText(declinedMember.name);

      // The program admin opens the admin pages but names nobody.
      const programAdmin = memberPages[1];
      const response = await gotoAndWaitForHydration(programAdmin, settingsPath);
      expect(response.status()).toBe(200);
      await expect(pageHeading(programAdmin)).toHaveText(name);
      await expect(programAdmin.getByRole('main')).toContainText("Only the hub's admins add or remove program admins.");
      await expect(programAdmin.getByRole('button', { name: /^Remove / })).toHaveCount(0);

      await button(admins, `Remove ${declinedMember.name} as program admin`).click();
      await expect(page).toHaveURL(`${settingsPath}?admin_removed=1`);
      await expect(notice(page, 'The member is no longer an admin of this program.')).toBeVisible();
      await expect(admins).toContainText('No program admins yet');
      const refused = await gotoAndWaitForHydration(programAdmin, settingsPath);
      expect(refused.status()).toBe(403);
    });
  } finally {
    for (const memberPage of memberPages) await memberPage.context().close();
  }

  await test.step('the settings and new-program pages pass axe at 360px', async () => {
    await expectAccessiblePage(page, browser, settingsPath, name);
    await expectAccessiblePage(page, browser, '/programs/new', 'New program');
  });

  await test.step('a new address takes the admin to it', async () => {
    await gotoAndWaitForHydration(page, settingsPath);
    const renamed = `${slug}-renamed`;
    await field(page, 'Address (URL slug)').fill(renamed);
    await button(main(page), 'Save settings').click();
    await expect(page).toHaveURL(`/programs/${renamed}/admin/settings?saved=1`);
    await expect(notice(page, 'The settings are saved.')).toBeVisible();
    await expect(pageHeading(page)).toHaveText(name);
    await expect(field(page, 'Address (URL slug)')).toHaveValue(renamed);
    await expect(adminNav(page).getByRole('link', { name: 'Members' })).toHaveAttribute(
      'href',
      `/programs/${renamed}/admin/members`,
    );
    const old = await page.request.get(settingsPath);
    expect(old.status()).toBe(404);
  });

  expect(errors, 'errors in the page').toEqual([]);
});

test('a visitor is asked to sign in and an unknown program is not found', async ({ page }) => {
  const visitor = await gotoAndWaitForHydration(page, '/programs/new');
  expect(visitor.status()).toBe(401);
  await expect(pageHeading(page)).toHaveText('Sign in to continue');

  await signIn(page, ADMIN);
  const missing = await gotoAndWaitForHydration(page, `/programs/no-such-${uniqueId()}/admin/settings`);
  expect(missing.status()).toBe(404);
  await expect(pageHeading(page)).toHaveText('Page not found');
});
