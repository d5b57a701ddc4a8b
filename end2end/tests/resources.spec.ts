// The resources libraries end to end, with and without JavaScript: the hub
// admin makes a program (approval automatic), a mentee and a mentor join;
// the admin adds a section and, through the resource form, a link (after a
// refused `javascript:` address that keeps the typed title), a pinned
// markdown page and a PDF for mentees only, uploaded into the section. The
// mentee finds all three, reads the page and downloads the file; the
// mentor sees neither the file nor its section, and its page and file
// answer 403; a signed-in member of no program gets 403 "Resources
// are for members", a visitor 401. In the hub's library the admin writes a
// page that a plain member finds and reads, while the form stays the
// admins'. axe checks the libraries, resources and the forms (the upload
// form in a test of its own).
//
// The e2e server starts without demo data, so each test makes its own
// members (signed up through the UI) and program. Titles carry a random
// part: js and nojs share one database, and the hub's library.
import { type Browser, type Locator, type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  ADMIN,
  createProgram,
  expectAccessiblePage,
  field,
  fieldError,
  gotoAndWaitForHydration,
  javaScriptEnabled,
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
const button = (scope: Locator, name: string) => scope.getByRole('button', { name, exact: true });
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One resource in a library's list, by its title. */
const listed = (page: Page, title: string) =>
  main(page)
    .locator('article.resource-item')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) });

/** A small but real PDF: what `infer` recognises as application/pdf. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PDF_NAME = 'first-meeting-checklist.pdf';

const ADD = { link: 'Add a link', page: 'Write a page', file: 'Upload a file' } as const;
type Kind = keyof typeof ADD;
type Audience = 'Everyone in the space' | 'Mentors only' | 'Mentees only';

interface NewResource {
  title: string;
  summary?: string;
  url?: string;
  body?: string;
  section?: string;
  audience?: Audience;
  pinned?: boolean;
  file?: { name: string; mimeType: string; buffer: Buffer };
}

async function newPerson(browser: Browser, opened: Page[], label: string): Promise<{ page: Page; member: Member }> {
  const page = await newProjectPage(browser);
  opened.push(page);
  const member = await signUp(page, newMember(label));
  return { page, member };
}

async function closeAll(pages: Page[]) {
  for (const opened of pages) await opened.context().close();
}

/** A manager opens the library and follows its button for `kind` to the form. */
async function openForm(admin: Page, space: string, kind: Kind) {
  await gotoAndWaitForHydration(admin, space);
  await main(admin).getByRole('link', { name: ADD[kind], exact: true }).click();
  await expect(admin).toHaveURL(`${space}/new?kind=${kind}`);
  // With JavaScript the address changes before the lazily loaded form
  // replaces the library: wait for the form's own heading.
  await expect(main(admin).getByRole('heading', { name: ADD[kind], exact: true })).toBeVisible();
}

async function fillForm(admin: Page, resource: NewResource) {
  await field(admin, 'Title').fill(resource.title);
  if (resource.summary !== undefined) await field(admin, 'Description').fill(resource.summary);
  if (resource.url !== undefined) await field(admin, 'Address').fill(resource.url);
  if (resource.body !== undefined) await field(admin, 'Text').fill(resource.body);
  if (resource.section !== undefined) await field(admin, 'Section').selectOption({ label: resource.section });
  if (resource.audience !== undefined) {
    await main(admin).getByRole('group', { name: 'Who sees it' }).getByLabel(resource.audience, { exact: true }).check();
  }
  if (resource.pinned) await main(admin).getByRole('checkbox', { name: 'Pin it to the top of its section' }).check();
  if (resource.file !== undefined) await field(admin, 'File').setInputFiles(resource.file);
}

/** Submits a new resource's form; waits for its page and returns its path. */
async function submitNew(admin: Page, space: string, title: string): Promise<string> {
  await button(main(admin), 'Add the resource').click();
  await expect(admin).toHaveURL(new RegExp(`${escapeRegExp(space)}/\\d+\\?saved=1$`));
  await expect(main(admin).getByText('The resource is saved.')).toBeVisible();
  await expect(main(admin).getByRole('heading', { name: title, exact: true })).toBeVisible();
  return new URL(admin.url()).pathname;
}

async function addResource(admin: Page, space: string, kind: Kind, resource: NewResource): Promise<string> {
  await openForm(admin, space, kind);
  await fillForm(admin, resource);
  return submitNew(admin, space, resource.title);
}

test("a program's library: links, pages and a mentees-only file, each for whom it is meant", async ({
  browser,
  request,
}) => {
  test.setTimeout(300_000);
  const opened: Page[] = [];
  const program: Program = newProgram('library');
  const space = `/programs/${program.slug}/resources`;
  const id = unique();
  const sectionTitle = `Handouts ${id}`;
  const link = { title: `Mentoring guide ${id}`, url: `https://example.org/guides/mentoring-${id}` };
  const pageTitle = `How to run a first meeting ${id}`;
  const fileTitle = `First meeting checklist ${id}`;
  try {
    const admin = await newProjectPage(browser);
    opened.push(admin);
    await signIn(admin, ADMIN);
    await createProgram(admin, program, { approveAll: true });

    const join = async (page: Page, role: 'mentee' | 'mentor') => {
      await gotoAndWaitForHydration(page, `/programs/${program.slug}/join?role=${role}`);
      await button(main(page), 'Join program').click();
      await expect(page).toHaveURL(`/programs/${program.slug}?joined=approved`);
    };
    const mentee = await newPerson(browser, opened, 'mentee');
    await join(mentee.page, 'mentee');
    const mentor = await newPerson(browser, opened, 'mentor');
    await join(mentor.page, 'mentor');

    await test.step('the mentee opens the empty library first', async () => {
      const response = await gotoAndWaitForHydration(mentee.page, space);
      expect(response.status()).toBe(200);
      await expect(pageHeading(mentee.page)).toHaveText(program.name);
      await expect(main(mentee.page).getByRole('heading', { name: 'Resources', exact: true })).toBeVisible();
      await expect(main(mentee.page).getByText('Nothing shared yet')).toBeVisible();
      // Members do not manage the library.
      await expect(main(mentee.page).getByRole('link', { name: ADD.link, exact: true })).toHaveCount(0);
    });

    await test.step('the admin adds a section', async () => {
      await gotoAndWaitForHydration(admin, space);
      for (const label of Object.values(ADD)) {
        await expect(main(admin).getByRole('link', { name: label, exact: true })).toBeVisible();
      }
      await field(admin, 'Section title').fill(sectionTitle);
      await button(main(admin), 'Add the section').click();
      await expect(admin).toHaveURL(new RegExp(`${escapeRegExp(space)}\\?section_added=1#section-\\d+$`));
      await expect(main(admin).getByText('The section is added.')).toBeVisible();
      await expect(main(admin).getByRole('heading', { name: sectionTitle, exact: true })).toBeVisible();
      await expect(main(admin).getByText(`Manage the section \u201c${sectionTitle}\u201d`)).toBeVisible();
    });

    const linkPath = await test.step('a javascript: address is refused, the title kept; a web address is added', async () => {
      await openForm(admin, space, 'link');
      await expect(main(admin).getByRole('group', { name: 'Who sees it' })).toBeVisible();
      await fillForm(admin, { title: link.title, summary: 'The hub handbook, chapter 2.', url: 'javascript:alert(1)' });
      await button(main(admin), 'Add the resource').click();
      await expect(fieldError(admin, 'url')).toHaveText('Only web addresses (https:// or http://) can be linked.');
      await expect(field(admin, 'Address')).toHaveAttribute('aria-invalid', 'true');
      await expect(field(admin, 'Title')).toHaveValue(link.title);
      await expect(field(admin, 'Description')).toHaveValue('The hub handbook, chapter 2.');
      const after = new URL(admin.url());
      expect(after.pathname).toBe(`${space}/new`);
      // Without JavaScript the error is kept on the server, not in the address.
      expect(after.search).not.toContain('__err');
      if (!javaScriptEnabled()) expect(after.searchParams.get('__flash')).toBeTruthy();
      await expect(main(admin).getByRole('heading', { name: ADD.link, exact: true })).toBeVisible();

      await field(admin, 'Address').fill(link.url);
      const path = await submitNew(admin, space, link.title);
      const open = main(admin).getByRole('link', { name: 'Open the link', exact: true });
      await expect(open).toHaveAttribute('href', link.url);
      await expect(main(admin).getByRole('link', { name: 'Edit', exact: true })).toHaveAttribute('href', `${path}/edit`);
      await expect(button(main(admin), 'Delete')).toBeVisible();
      return path;
    });

    const pagePath = await test.step('the admin writes a pinned page in markdown', async () => {
      const path = await addResource(admin, space, 'page', {
        title: pageTitle,
        summary: 'Twenty minutes that set the tone.',
        body: '## Agenda\n\n- Say hello\n- Agree on **one goal**\n- Book the next date',
        pinned: true,
      });
      const text = main(admin).locator('.resource-page');
      await expect(text.getByRole('heading', { name: 'Agenda' })).toBeVisible();
      await expect(text.getByRole('listitem')).toHaveText(['Say hello', 'Agree on one goal', 'Book the next date']);
      await expect(text.locator('strong')).toHaveText('one goal');
      return path;
    });

    const filePath = await test.step('the admin uploads a PDF for mentees only into the section', async () => {
      await openForm(admin, space, 'file');
      await fillForm(admin, {
        title: fileTitle,
        section: sectionTitle,
        audience: 'Mentees only',
        file: { name: PDF_NAME, mimeType: 'application/pdf', buffer: PDF },
      });
      const path = await submitNew(admin, space, fileTitle);
      await expect(main(admin).getByText(`In \u201c${sectionTitle}\u201d`)).toBeVisible();
      await expect(main(admin).getByText(`${PDF_NAME} (PDF, ${PDF.length} bytes)`)).toBeVisible();
      // A PDF opens in the browser rather than downloading.
      await expect(main(admin).getByRole('link', { name: 'Open the file', exact: true })).toHaveAttribute(
        'href',
        `${path}/file`,
      );
      return path;
    });

    await test.step('the admin sees the three in the library, with their tools', async () => {
      await gotoAndWaitForHydration(admin, space);
      await expect(listed(admin, link.title)).toHaveCount(1);
      await expect(listed(admin, pageTitle).getByText('Pinned', { exact: true })).toBeVisible();
      const file = listed(admin, fileTitle);
      await expect(file.getByText('Mentees only', { exact: true })).toBeVisible();
      const section = main(admin).getByRole('region', { name: sectionTitle });
      await expect(section.getByRole('heading', { name: fileTitle, exact: true })).toBeVisible();
      // The pinned page comes before the link among the loose resources,
      // then the sections.
      await expect(main(admin).locator('.resource-item__title')).toHaveText([pageTitle, link.title, fileTitle]);
      await expect(button(listed(admin, link.title), `Pin to the top (${link.title})`)).toBeVisible();
      await expect(button(listed(admin, pageTitle), `Unpin (${pageTitle})`)).toBeVisible();
      await expect(listed(admin, pageTitle).getByRole('link', { name: /^Edit/ })).toHaveAttribute(
        'href',
        `${pagePath}/edit`,
      );
    });

    await test.step('the mentee finds all three', async () => {
      await gotoAndWaitForHydration(mentee.page, space);
      for (const title of [link.title, pageTitle, fileTitle]) await expect(listed(mentee.page, title)).toHaveCount(1);
      // "New" marks what came after the visit before this one, and visits
      // less than VISIT_GAP_MINUTES (an hour, resources/model/rules.rs)
      // apart are one: the empty library a minute ago was this same visit.
      await expect(main(mentee.page).getByText(/new since your last visit/)).toHaveCount(0);
      // A link's title goes straight to its address, a page's and a file's to their page.
      const linkItem = listed(mentee.page, link.title);
      await expect(linkItem.getByRole('link', { name: link.title, exact: true })).toHaveAttribute('href', link.url);
      await expect(linkItem).toContainText('Link · example.org');
      await expect(linkItem).toContainText('The hub handbook, chapter 2.');
      await expect(listed(mentee.page, pageTitle).getByRole('link', { name: pageTitle, exact: true })).toHaveAttribute(
        'href',
        pagePath,
      );
      const fileItem = listed(mentee.page, fileTitle);
      await expect(fileItem.getByRole('link', { name: fileTitle, exact: true })).toHaveAttribute('href', filePath);
      await expect(fileItem).toContainText(`PDF · ${PDF.length} bytes`);
      await expect(fileItem.getByText('Mentees only', { exact: true })).toBeVisible();
      await expect(fileItem.getByRole('link', { name: /^Open/ })).toHaveAttribute('href', `${filePath}/file`);
      await expect(main(mentee.page).getByRole('heading', { name: sectionTitle, exact: true })).toBeVisible();
      // No managing tools for a member.
      await expect(main(mentee.page).getByRole('button', { name: /^Pin to the top/ })).toHaveCount(0);
      await expect(main(mentee.page).getByRole('link', { name: /^Edit/ })).toHaveCount(0);
      await expect(main(mentee.page).getByText(/^Manage the section/)).toHaveCount(0);
    });

    await test.step('the mentee reads the page', async () => {
      await listed(mentee.page, pageTitle).getByRole('link', { name: pageTitle, exact: true }).click();
      await expect(mentee.page).toHaveURL(pagePath);
      await expect(main(mentee.page).getByRole('heading', { name: pageTitle, exact: true })).toBeVisible();
      const text = main(mentee.page).locator('.resource-page');
      await expect(text.getByRole('heading', { name: 'Agenda' })).toBeVisible();
      await expect(text.getByRole('listitem')).toHaveCount(3);
      await expect(button(main(mentee.page), 'Delete')).toHaveCount(0);
      await main(mentee.page).getByRole('link', { name: 'Back to the resources', exact: true }).click();
      await expect(mentee.page).toHaveURL(space);
    });

    await test.step('the mentee opens the file\'s page and downloads the PDF', async () => {
      await listed(mentee.page, fileTitle).getByRole('link', { name: fileTitle, exact: true }).click();
      await expect(mentee.page).toHaveURL(filePath);
      await expect(main(mentee.page).getByRole('heading', { name: fileTitle, exact: true })).toBeVisible();
      const open = main(mentee.page).getByRole('link', { name: 'Open the file', exact: true });
      const href = await open.getAttribute('href');
      expect(href).toBe(`${filePath}/file`);
      // The session's cookies go with the page's request.
      const response = await mentee.page.request.get(href!);
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toBe('application/pdf');
      expect(response.headers()['content-disposition']).toMatch(/^inline; filename="first-meeting-checklist\.pdf"/);
      expect(response.headers()['x-content-type-options']).toBe('nosniff');
      const body = await response.body();
      expect(body.subarray(0, 4).toString('latin1')).toBe('%PDF');
      expect(body.equals(PDF)).toBe(true);
    });

    await test.step('the mentor sees the link and the page, not the mentees\' file', async () => {
      const response = await gotoAndWaitForHydration(mentor.page, space);
      expect(response.status()).toBe(200);
      await expect(listed(mentor.page, link.title)).toHaveCount(1);
      await expect(listed(mentor.page, pageTitle)).toHaveCount(1);
      await expect(listed(mentor.page, fileTitle)).toHaveCount(0);
      // Its section holds nothing for a mentor: it is not shown either.
      await expect(main(mentor.page).getByRole('heading', { name: sectionTitle })).toHaveCount(0);
      expect(await mentor.page.content()).not.toContain(fileTitle);
    });

    await test.step('the file\'s page and its download refuse the mentor', async () => {
      const response = await mentor.page.goto(filePath);
      expect(response?.status()).toBe(403);
      await expect(main(mentor.page).getByRole('heading', { name: 'Resources are for members', exact: true })).toBeVisible();
      await expect(main(mentor.page).getByRole('heading', { name: fileTitle })).toHaveCount(0);
      expect(await mentor.page.content()).not.toContain(fileTitle);
      const file = await mentor.page.request.get(`${filePath}/file`);
      expect(file.status()).toBe(403);
      expect((await file.body()).subarray(0, 4).toString('latin1')).not.toBe('%PDF');
      // The pages for everyone are theirs.
      expect((await mentor.page.goto(pagePath))?.status()).toBe(200);
      await expect(main(mentor.page).getByRole('heading', { name: pageTitle, exact: true })).toBeVisible();
    });

    await test.step('a member of no program is refused the library, a visitor asked to sign in', async () => {
      const outsider = await newPerson(browser, opened, 'outsider');
      const response = await outsider.page.goto(space);
      expect(response?.status()).toBe(403);
      await expect(main(outsider.page).getByRole('heading', { name: 'Resources are for members', exact: true })).toBeVisible();
      const html = await outsider.page.content();
      for (const title of [link.title, pageTitle, fileTitle]) expect(html).not.toContain(title);
      expect((await outsider.page.goto(pagePath))?.status()).toBe(403);
      expect((await outsider.page.request.get(`${filePath}/file`)).status()).toBe(403);

      // No cookie at all: the sign-in prompt.
      const visitor = await request.get(space);
      expect(visitor.status()).toBe(401);
      expect(await visitor.text()).not.toContain(link.title);
      expect((await request.get(`${filePath}/file`)).status()).toBe(401);
    });

    await test.step('the program\'s library, its resources and a form are accessible', async () => {
      await expectAccessiblePage(mentee.page, browser, space, program.name);
      await expectAccessiblePage(mentee.page, browser, pagePath, program.name);
      await expectAccessiblePage(mentee.page, browser, filePath, program.name);
      await expectAccessiblePage(admin, browser, space, program.name);
      await expectAccessiblePage(admin, browser, `${space}/new?kind=link`, program.name);
      await expectAccessiblePage(admin, browser, `${linkPath}/edit`, program.name);
      // The upload form: its own test below.
    });
  } finally {
    await closeAll(opened);
  }
});

test("the hub's library: the admin writes a page, every member reads it", async ({ browser }) => {
  test.setTimeout(240_000);
  const opened: Page[] = [];
  const space = '/resources';
  const title = `Welcome to the hub ${test.info().project.name} ${unique()}`;
  try {
    const admin = await newProjectPage(browser);
    opened.push(admin);
    await signIn(admin, ADMIN);

    const pagePath = await test.step('the hub admin writes a page at /resources', async () => {
      await openForm(admin, space, 'page');
      await expect(pageHeading(admin)).toHaveText(ADD.page);
      // The hub's library is for every member: no audience to choose.
      await expect(main(admin).getByRole('group', { name: 'Who sees it' })).toHaveCount(0);
      await fillForm(admin, {
        title,
        summary: 'Start here.',
        body: '## Three first steps\n\n1. Fill in your profile\n2. Browse the programs\n3. Ask a question',
      });
      const path = await submitNew(admin, space, title);
      expect(path).toMatch(/^\/resources\/\d+$/);
      await expect(pageHeading(admin)).toHaveText(title);
      return path;
    });

    const reader = await newPerson(browser, opened, 'reader');

    await test.step('a plain member finds it on the Resources tab and opens it', async () => {
      const response = await gotoAndWaitForHydration(reader.page, space);
      expect(response.status()).toBe(200);
      await expect(pageHeading(reader.page)).toHaveText('Resources');
      const item = listed(reader.page, title);
      await expect(item).toContainText('Start here.');
      await expect(main(reader.page).getByRole('link', { name: ADD.page, exact: true })).toHaveCount(0);
      await item.getByRole('link', { name: title, exact: true }).click();
      await expect(reader.page).toHaveURL(pagePath);
      await expect(pageHeading(reader.page)).toHaveText(title);
      const text = main(reader.page).locator('.resource-page');
      await expect(text.getByRole('heading', { name: 'Three first steps' })).toBeVisible();
      await expect(text.getByRole('listitem')).toHaveText(['Fill in your profile', 'Browse the programs', 'Ask a question']);
      await expect(main(reader.page).getByRole('link', { name: 'Edit', exact: true })).toHaveCount(0);
      await expect(main(reader.page).getByRole('link', { name: 'Back to the resources', exact: true })).toHaveAttribute(
        'href',
        space,
      );
    });

    await test.step('the form is for the hub\'s admins only', async () => {
      const response = await reader.page.goto(`${space}/new?kind=page`);
      expect(response?.status()).toBe(403);
      await expect(main(reader.page).getByRole('heading', { name: "For the hub's admins" })).toBeVisible();
      await expect(field(reader.page, 'Title')).toHaveCount(0);
    });

    await test.step('the hub\'s library, the page and the form are accessible', async () => {
      await expectAccessiblePage(reader.page, browser, space, 'Resources');
      await expectAccessiblePage(reader.page, browser, pagePath, title);
      await expectAccessiblePage(admin, browser, space, 'Resources');
      await expectAccessiblePage(admin, browser, `${space}/new?kind=link`, ADD.link);
    });
  } finally {
    await closeAll(opened);
  }
});

test('the upload form fits a phone and is accessible', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, ADMIN);
  // The file field (label, help and `<input type=file>`) is the one the
  // other forms do not have; the hub's form is the program's without the
  // audience.
  await expectAccessiblePage(page, browser, '/resources/new?kind=file', ADD.file);
});
