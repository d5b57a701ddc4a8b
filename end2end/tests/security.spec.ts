// Security fixes, proven in the browser, with and without JavaScript:
// - a member's name is text in the page title, never markup in <head>
//   (a `</title><meta http-equiv=refresh …>` name does not send the
//   reader's browser elsewhere);
// - sign-in's `next` is only a path on this site;
// - a new invitation link is shown once, from a key in the address (never
//   the token), every time one is created, and a link whose role is
//   "Either" keeps its mixed-case token through the role choice;
// - a search longer than 100 characters is refused with a message.
// What needs hydration (text typed before it, styles added by client-side
// navigation) is in security-hydration.spec.ts (js only).
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  actAsNewClient,
  ADMIN,
  createProgram,
  expectSignedIn,
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
  submitSignIn,
  waitForHydration,
} from './support';

const main = (page: Page) => page.getByRole('main');

/** Where a successful attack would send the browser (answered locally, never fetched). */
const EVIL_ORIGIN = 'https://evil.example';

/** Any request to EVIL_ORIGIN is answered by the test, so a redirect there shows in page.url(). */
async function catchEvilRequests(page: Page): Promise<string[]> {
  const requests: string[] = [];
  await page.context().route(`${EVIL_ORIGIN}/**`, async (route) => {
    requests.push(route.request().url());
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<title>evil</title>evil' });
  });
  return requests;
}

test('a name that closes <title> stays text in the title of the profile page', async ({ page, browser }) => {
  const name = `</title><meta http-equiv="refresh" content="0;url=${EVIL_ORIGIN}/">`;
  await signUp(page, newMember('title'));

  // The member takes the name on /profile.
  await gotoAndWaitForHydration(page, '/profile');
  await field(page, 'Name').fill(name);
  await main(page).getByRole('button', { name: 'Save profile', exact: true }).click();
  await expect(page).toHaveURL('/profile?saved=1');
  await expect(page.getByRole('status').filter({ hasText: 'Your profile is saved.' })).toBeVisible();
  const profileLink = main(page).getByRole('link', { name: 'See your profile as others do' });
  const profilePath = await profileLink.getAttribute('href');
  expect(profilePath).toMatch(/^\/members\/\d+$/);

  // The server's HTML: the name is escaped inside <title>, no <meta> in the head.
  const html = await (await page.request.get(profilePath!)).text();
  const head = html.slice(0, html.indexOf('</head>'));
  expect(head, 'the head carries the name as markup').not.toMatch(/<meta[^>]*http-equiv/i);
  expect(head.match(/<title[^>]*>[\s\S]*?<\/title>/g), 'the <title> elements of the head').toEqual([
    expect.stringContaining('&lt;/title&gt;&lt;meta http-equiv='),
  ]);

  // Another reader (the hub admin) opens the profile.
  const reader = await newProjectPage(browser);
  try {
    const evilRequests = await catchEvilRequests(reader);
    const errors = recordPageErrors(reader);
    await signIn(reader, ADMIN);
    const response = await gotoAndWaitForHydration(reader, profilePath!);
    expect(response.status()).toBe(200);
    await expect(pageHeading(reader)).toHaveText(name);
    await expect(reader).toHaveTitle(name);
    expect(await reader.evaluate(() => document.title)).toBe(name);
    await expect(reader.locator('head meta[http-equiv]')).toHaveCount(0);
    await expect(reader.locator('head title')).toHaveCount(1);
    expect(new URL(reader.url()).origin).toBe(new URL(test.info().project.use.baseURL!).origin);
    expect(new URL(reader.url()).pathname).toBe(profilePath);
    expect(evilRequests, 'requests to the attacker').toEqual([]);
    expect(errors, 'page errors').toEqual([]);
  } finally {
    await reader.context().close();
  }

  // The member's own link to the profile (with JavaScript a client-side
  // navigation: the title is set in the browser) shows the same plain text.
  await profileLink.click();
  await expect(page).toHaveURL(profilePath!);
  await expect(pageHeading(page)).toHaveText(name);
  await expect(page).toHaveTitle(name);
  await expect(page.locator('head meta[http-equiv]')).toHaveCount(0);
});

test('sign-in with a `next` that hides another site behind a tab lands on the home page', async ({ page }) => {
  const evilRequests = await catchEvilRequests(page);
  await submitSignIn(page, ADMIN, '/sign-in?next=/%09/evil.example');
  await expect(page).toHaveURL('/');
  await expectSignedIn(page, ADMIN);
  expect(evilRequests, 'requests to the attacker').toEqual([]);
});

test('sign-in with a `next` path on this site lands there', async ({ page }) => {
  await submitSignIn(page, ADMIN, '/sign-in?next=/programs');
  await expect(page).toHaveURL('/programs');
  await expect(pageHeading(page)).toHaveText('Mentoring Programs');
  await expectSignedIn(page, ADMIN);
});

test('an "Either" invitation link is shown once and keeps its mixed-case token through the role choice', async ({
  page,
  browser,
}) => {
  test.slow();
  const program = newProgram('either');
  const invitationsPath = `/programs/${program.slug}/admin/invitations`;
  await signIn(page, ADMIN);
  await createProgram(page, program);

  await gotoAndWaitForHydration(page, invitationsPath);
  const joinsAs = main(page).getByRole('group', { name: 'Joins as' });
  await joinsAs.getByLabel('Either: the member chooses', { exact: true }).check();
  await main(page).getByRole('button', { name: 'Create link', exact: true }).click();

  // The link is shown once; the address carries a key to it, not the token.
  await expect(page).toHaveURL(new RegExp(`^[^?]*${invitationsPath}\\?created=[\\w-]+$`));
  const linkField = field(page, 'Invitation link');
  await expect(linkField).toHaveValue(/\/join\/[A-Za-z0-9_-]{20,}$/);
  const link = new URL(await linkField.inputValue(), test.info().project.use.baseURL).pathname;
  const token = link.slice('/join/'.length);
  // Base64url: a token without capitals would not show the lower-casing bug.
  expect(token, 'the token has upper-case letters').toMatch(/[A-Z]/);
  const key = new URL(page.url()).searchParams.get('created');
  expect(key).not.toBe(token);
  expect(page.url().toLowerCase(), 'the address bar shows the token').not.toContain(token.toLowerCase());
  const row = main(page).getByRole('table').getByRole('row').filter({ hasText: 'Either (they choose)' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Active');

  // Reloading the page does not show the link again.
  await page.reload();
  if (javaScriptEnabled()) await waitForHydration(page);
  await expect(pageHeading(page)).toHaveText(program.name);
  await expect(row).toHaveCount(1);
  await expect(main(page).getByText('Invitation link created.')).toHaveCount(0);
  await expect(field(page, 'Invitation link')).toHaveCount(0);
  expect(await page.content(), 'the reloaded page carries the token').not.toContain(token);

  // A visitor opens the link, creates an account from it and chooses a role.
  const visitor = await newProjectPage(browser);
  try {
    const errors = recordPageErrors(visitor);
    const invited = newMember('either');
    await actAsNewClient(visitor);
    await gotoAndWaitForHydration(visitor, link);
    await expect(pageHeading(visitor)).toHaveText(`You are invited to ${program.name}`);
    await main(visitor).getByRole('link', { name: 'Create an account', exact: true }).click();
    await expect(visitor).toHaveURL(/\/sign-up\?invitation=/);
    await field(visitor, 'Name').fill(invited.name);
    await field(visitor, 'Email').fill(invited.email);
    await field(visitor, 'Password').fill(invited.password);
    await main(visitor).getByRole('button', { name: 'Create account', exact: true }).click();
    await expect(visitor).toHaveURL(link);
    await expectSignedIn(visitor, invited);

    const roles = main(visitor).getByRole('group', { name: 'Join as' });
    await expect(roles.getByRole('radio')).toHaveCount(2);
    await roles.getByLabel(/^Mentee/).check();
    await main(visitor).getByRole('button', { name: 'Continue', exact: true }).click();
    // Case-sensitive: the token exactly as it was created.
    await expect(visitor).toHaveURL(`${link}?role=mentee`);
    expect(new URL(visitor.url()).pathname).toBe(link);
    await expect(pageHeading(visitor)).toHaveText(`You are invited to ${program.name}`);
    await expect(main(visitor).getByText('You are joining as a mentee.')).toBeVisible();
    await expect(main(visitor).getByRole('button', { name: 'Send application', exact: true })).toBeVisible();
    await expect(main(visitor).getByText('Invitation not found')).toHaveCount(0);
    expect(errors, 'page errors').toEqual([]);
  } finally {
    await visitor.context().close();
  }
});

/**
 * Enough links that a page which only sometimes misses the new link (a
 * race on the server, seen without JavaScript) is caught in most runs.
 */
const LINKS_IN_A_ROW = 15;

test('every new invitation link is shown, also several in a row', async ({ page }) => {
  test.slow();
  // The link is shown only on the page the redirect leads to: a page that
  // misses it loses the link for good.
  const program = newProgram('links');
  await signIn(page, ADMIN);
  await createProgram(page, program);
  await gotoAndWaitForHydration(page, `/programs/${program.slug}/admin/invitations`);
  const tokens = new Set<string>();
  for (let created = 1; created <= LINKS_IN_A_ROW; created++) {
    await main(page).getByRole('button', { name: 'Create link', exact: true }).click();
    await expect(main(page).getByRole('table').locator('tbody tr')).toHaveCount(created);
    await expect(page).toHaveURL(/\/admin\/invitations\?created=[\w-]+$/);
    const linkField = field(page, 'Invitation link');
    await expect(linkField, `the link box after creating link ${created}`).toHaveValue(/\/join\/[A-Za-z0-9_-]{20,}$/);
    tokens.add((await linkField.inputValue()).split('/join/')[1]);
    if (javaScriptEnabled()) await waitForHydration(page);
  }
  expect(tokens.size, 'a new token for every link').toBe(LINKS_IN_A_ROW);
});

test('a search longer than 100 characters is refused with a message', async ({ page }) => {
  const errors = recordPageErrors(page);
  const response = await gotoAndWaitForHydration(page, `/programs?q=${'a'.repeat(500)}`);
  expect(response.status()).toBeLessThan(500);
  await expect(pageHeading(page)).toHaveText('Mentoring Programs');
  const message = main(page).getByRole('alert').filter({ hasText: 'characters' });
  await expect(message).toHaveText('Search for at most 100 characters.');
  const search = main(page).getByRole('search').getByLabel('Search programs');
  await expect(search).toHaveAttribute('maxlength', '100');
  expect(errors, 'page errors').toEqual([]);
});
