// The discussion domain end to end, with and without JavaScript: asking,
// answering, voting, accepting and searching in the hub-wide space; an
// anonymous question in a program's space that neither another member nor
// an admin can trace to its author; a non-member refused a program's
// thread; the moderators' tag list.
//
// The e2e server starts without demo data, so each test makes its own
// members (signed up through the UI) and, where it needs one, its own
// program. Titles carry a random part: js and nojs share one database.
import { type Browser, type Locator, type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  ADMIN,
  createProgram,
  expectAccessiblePage,
  field,
  fieldError,
  gotoAndWaitForHydration,
  newMember,
  newProgram,
  newProjectPage,
  pageHeading,
  signIn,
  signUp,
  type Member,
  type Program,
} from './support';

const main = (page: Page) => page.getByRole('main');
const button = (scope: Page | Locator, name: string | RegExp) =>
  scope.getByRole('button', typeof name === 'string' ? { name, exact: true } : { name });
const post = (page: Page, kind: 'Question' | 'Answer', by: string) =>
  main(page).getByRole('article', { name: `${kind} by ${by}` });

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function newPerson(browser: Browser, opened: Page[], label: string): Promise<{ page: Page; member: Member }> {
  const page = await newProjectPage(browser);
  opened.push(page);
  const member = await signUp(page, newMember(label));
  return { page, member };
}

/** Asks a question from the space's ask page; ends on the new thread. */
async function ask(page: Page, spacePath: string, question: { title: string; body: string; anonymous?: boolean }) {
  await gotoAndWaitForHydration(page, `${spacePath}/ask`);
  await field(page, 'Title').fill(question.title);
  await field(page, 'Details').fill(question.body);
  if (question.anonymous) await main(page).getByLabel('Ask anonymously').check();
  await button(main(page), 'Post the question').click();
  await expect(page).toHaveURL(new RegExp(`${spacePath}/\\d+$`));
  await expect(main(page).getByRole('heading', { name: question.title })).toBeVisible();
  return page.url().split('/').pop()!;
}

async function answer(page: Page, threadPath: string, text: string) {
  await gotoAndWaitForHydration(page, threadPath);
  await field(page, 'Answer').fill(text);
  await button(main(page), 'Post your answer').click();
  await expect(page).toHaveURL(new RegExp(`${threadPath}(#post-\\d+)?$`));
  // The text, in the post's body (the author's edit form holds it too).
  await expect(main(page).locator('.post__body').getByText(text)).toBeVisible();
}

async function closeAll(pages: Page[]) {
  for (const opened of pages) await opened.context().close();
}

test('members ask, answer, vote, accept and search in the hub-wide discussion', async ({ browser }) => {
  test.setTimeout(180_000);
  const opened: Page[] = [];
  const word = `zebrafish${unique()}`;
  try {
    const asker = await newPerson(browser, opened, 'asker');
    const helper = await newPerson(browser, opened, 'helper');
    const title = `How do I prepare a first ${word} session?`;

    const id = await test.step('a member asks; a title that is too short is refused and the text kept', async () => {
      await gotoAndWaitForHydration(asker.page, '/discussion/ask');
      await field(asker.page, 'Title').fill('Short');
      await field(asker.page, 'Details').fill('What I typed at length stays here.');
      await button(main(asker.page), 'Post the question').click();
      await expect(fieldError(asker.page, 'title')).toContainText('at least 10 characters');
      await expect(field(asker.page, 'Details')).toHaveValue('What I typed at length stays here.');
      return ask(asker.page, '/discussion', { title, body: 'I meet my mentee next week and want a plan.' });
    });
    const threadPath = `/discussion/${id}`;

    await test.step('the question is listed on the Discussion tab', async () => {
      await gotoAndWaitForHydration(helper.page, '/discussion');
      await expect(pageHeading(helper.page)).toHaveText('Discussion');
      await expect(main(helper.page).getByRole('link', { name: title })).toBeVisible();
    });

    await test.step('another member answers and up-votes the question', async () => {
      await answer(helper.page, threadPath, `Agree on ${word} goals first, then a rhythm.`);
      const question = post(helper.page, 'Question', asker.member.name);
      await button(question, /^Upvote this question/).click();
      await expect(question.getByText('1 vote', { exact: true })).toBeVisible();
      await expect(button(question, /^Take back your vote/)).toHaveAttribute('aria-pressed', 'true');
    });

    await test.step('an author cannot vote on their own post', async () => {
      await gotoAndWaitForHydration(asker.page, threadPath);
      await expect(button(post(asker.page, 'Question', asker.member.name), /Upvote/)).toHaveCount(0);
    });

    await test.step('the asker accepts the answer', async () => {
      const reply = post(asker.page, 'Answer', helper.member.name);
      await button(reply, 'Accept this answer').click();
      await expect(post(asker.page, 'Answer', helper.member.name).getByText('✓ Accepted answer')).toBeVisible();
      await expect(button(post(asker.page, 'Answer', helper.member.name), 'Clear the accepted answer')).toBeVisible();
    });

    await test.step('search finds the thread by a word of its answer, highlighted', async () => {
      await gotoAndWaitForHydration(helper.page, '/discussion');
      await main(helper.page).getByLabel('Search questions and answers').fill(word);
      await button(main(helper.page), 'Search').click();
      await expect(helper.page).toHaveURL(new RegExp(`/discussion\\?q=${word}`));
      await expect(main(helper.page).getByRole('link', { name: title }).first()).toBeVisible();
      await expect(main(helper.page).locator('mark').filter({ hasText: word }).first()).toBeVisible();
    });

    await test.step('the list shows the accepted answer', async () => {
      await gotoAndWaitForHydration(helper.page, '/discussion?sort=votes');
      const item = main(helper.page).locator('li.thread-item').filter({ hasText: title });
      await expect(item.getByText('Accepted answer')).toBeVisible();
      await expect(item.getByText('1 answer', { exact: true })).toBeVisible();
    });
  } finally {
    await closeAll(opened);
  }
});

test('an anonymous question in a program names nobody to members or admins', async ({ browser }) => {
  test.setTimeout(240_000);
  const opened: Page[] = [];
  const program: Program = newProgram('forum');
  try {
    const admin = await newProjectPage(browser);
    opened.push(admin);
    await signIn(admin, ADMIN);
    await createProgram(admin, program, { approveAll: true });
    const space = `/programs/${program.slug}/discussion`;

    const join = async (page: Page) => {
      await gotoAndWaitForHydration(page, `/programs/${program.slug}/join?role=mentee`);
      await button(main(page), 'Join program').click();
      await expect(page).toHaveURL(`/programs/${program.slug}?joined=approved`);
    };
    const shy = await newPerson(browser, opened, 'shy');
    await join(shy.page);
    const other = await newPerson(browser, opened, 'other');
    await join(other.page);
    const title = `Is it normal to feel lost in week two ${unique()}?`;

    const id = await test.step('a member asks anonymously', async () => {
      const id = await ask(shy.page, space, {
        title,
        body: 'Everyone else seems to know what they are doing.',
        anonymous: true,
      });
      await expect(main(shy.page).getByText('You posted this anonymously')).toBeVisible();
      return id;
    });

    for (const [who, page] of [
      ['another member', other.page],
      ['the hub admin', admin],
    ] as const) {
      await test.step(`${who} sees "Anonymous member", never the name or email`, async () => {
        await gotoAndWaitForHydration(page, `${space}/${id}`);
        await expect(post(page, 'Question', 'Anonymous member')).toBeVisible();
        const html = await page.content();
        expect(html).not.toContain(shy.member.name);
        expect(html).not.toContain(shy.member.email);
        await gotoAndWaitForHydration(page, space);
        await expect(main(page).getByRole('link', { name: title })).toBeVisible();
        const list = await page.content();
        expect(list).not.toContain(shy.member.name);
        expect(list).not.toContain(shy.member.email);
      });
    }

    await test.step('a member who is not in the program is refused its thread', async () => {
      const outsider = await newPerson(browser, opened, 'outsider');
      const response = await outsider.page.goto(`${space}/${id}`);
      expect(response?.status()).toBe(403);
      await expect(main(outsider.page).getByRole('heading', { name: 'Discussion is for members' })).toBeVisible();
      await expect(main(outsider.page).getByText(title)).toHaveCount(0);
    });
  } finally {
    await closeAll(opened);
  }
});

test('hub admins curate the tags members pick', async ({ browser }) => {
  test.setTimeout(120_000);
  const opened: Page[] = [];
  const tag = `Goals ${unique()}`;
  try {
    const admin = await newProjectPage(browser);
    opened.push(admin);
    await signIn(admin, ADMIN);
    await gotoAndWaitForHydration(admin, '/admin/discussion');
    await expect(pageHeading(admin)).toHaveText('Discussion moderation');
    await field(admin, 'New tag').fill(tag);
    await button(main(admin), 'Add the tag').click();
    await expect(main(admin).getByRole('button', { name: `Remove the tag ${tag}` })).toBeVisible();

    const member = await newPerson(browser, opened, 'tagger');
    const title = `Which goals suit a first month ${unique()}?`;
    await gotoAndWaitForHydration(member.page, '/discussion/ask');
    await field(member.page, 'Title').fill(title);
    await field(member.page, 'Details').fill('Looking for examples.');
    await main(member.page).getByLabel(tag, { exact: true }).check();
    await button(main(member.page), 'Post the question').click();
    await expect(member.page).toHaveURL(/\/discussion\/\d+$/);
    await expect(main(member.page).getByRole('link', { name: tag })).toBeVisible();

    await main(member.page).getByRole('link', { name: tag }).click();
    await expect(member.page).toHaveURL(new RegExp(`/discussion\\?tag=`));
    await expect(main(member.page).getByRole('link', { name: title })).toBeVisible();

    await test.step('a member is refused the moderation page', async () => {
      const response = await member.page.goto('/admin/discussion');
      expect(response?.status()).toBe(403);
    });
  } finally {
    await closeAll(opened);
  }
});

test('the discussion pages are accessible', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signUp(page, newMember('reader'));
  await expectAccessiblePage(page, browser, '/discussion', 'Discussion');
  await expectAccessiblePage(page, browser, '/discussion/ask', 'Ask a question');
  const id = await ask(page, '/discussion', {
    title: `What do you read before a session ${unique()}?`,
    body: 'Books, *articles*, anything.',
  });
  await expectAccessiblePage(page, browser, `/discussion/${id}`, 'What do you read');
});
