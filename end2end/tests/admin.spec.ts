// Hub admins manage members: deactivating a member ends that member's open
// sessions at once and blocks signing in, reactivating lifts it. Admin
// pages refuse ordinary members. The admin is the one scripts/e2e-server.sh
// creates before the server starts (ADMIN in support.ts).
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  ADMIN,
  accountMenu,
  expectSignedIn,
  field,
  fieldError,
  gotoAndWaitForHydration,
  newMember,
  newProjectPage,
  openAccountMenu,
  pageHeading,
  recordPageErrors,
  signIn,
  signUp,
  submitSignIn,
  type Member,
} from './support';

/**
 * Searches the admin's member list for `member` with the search form and
 * returns the member's row. Opens /admin/members first unless `open` is false.
 */
async function findMember(admin: Page, member: Member, { open = true } = {}) {
  const errors = recordPageErrors(admin);
  if (open) await gotoAndWaitForHydration(admin, '/admin/members');
  await expect(pageHeading(admin)).toHaveText('Members');
  const search = admin.getByRole('search');
  await search.getByLabel('Search members').fill(member.email);
  await search.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(admin).toHaveURL(/\/admin\/members\?/);
  expect(new URL(admin.url()).searchParams.get('q')).toBe(member.email);
  await expect(
    admin.getByRole('status').filter({ hasText: `1 member matching “${member.email}”` }),
    `the list did not follow the search; page errors: ${JSON.stringify(errors)}`,
  ).toBeVisible();
  const rows = admin.getByRole('table').getByRole('row').filter({ hasText: member.email });
  await expect(rows).toHaveCount(1);
  return rows;
}

test('an admin deactivates a member: the open session ends and sign-in is refused until reactivated', async ({
  page,
  browser,
}) => {
  // Browser A: the member, signed in.
  const member = await signUp(page, newMember('deactivated'));
  await gotoAndWaitForHydration(page, '/account');
  await expect(pageHeading(page)).toHaveText('Account and security');

  // Browser B: the admin.
  const admin = await newProjectPage(browser);
  try {
    await signIn(admin, ADMIN);
    const row = await findMember(admin, member);
    await expect(row.getByText('Active', { exact: true })).toBeVisible();

    await row.getByRole('button', { name: `Deactivate ${member.name}`, exact: true }).click();
    await expect(row.getByRole('button', { name: `Reactivate ${member.name}`, exact: true })).toBeVisible();
    await expect(row.getByText('Deactivated', { exact: true })).toBeVisible();
    await expect(row.getByRole('button', { name: `Deactivate ${member.name}` })).toHaveCount(0);

    // A's open session is refused from now on.
    const response = await page.reload();
    expect(response?.status()).toBe(401);
    await expect(pageHeading(page)).toHaveText('Sign in to continue');
    await expect(accountMenu(page)).toHaveCount(0);

    // Signing in again is refused with its own message (the password is right).
    await submitSignIn(page, member);
    await expect(fieldError(page, 'email')).toContainText('This account has been deactivated.');
    await expect(field(page, 'Email')).toHaveValue(member.email);
    await expect(accountMenu(page)).toHaveCount(0);

    await row.getByRole('button', { name: `Reactivate ${member.name}`, exact: true }).click();
    await expect(row.getByRole('button', { name: `Deactivate ${member.name}`, exact: true })).toBeVisible();
    await expect(row.getByText('Active', { exact: true })).toBeVisible();

    await signIn(page, member);
    await gotoAndWaitForHydration(page, '/account');
    await expect(pageHeading(page)).toHaveText('Account and security');
  } finally {
    await admin.context().close();
  }
});

test('an ordinary member is turned away from the admin pages', async ({ page }) => {
  await signUp(page, newMember());

  for (const path of ['/admin/members', '/admin/settings']) {
    const response = await gotoAndWaitForHydration(page, path);
    expect(response.status(), path).toBe(403);
    await expect(pageHeading(page)).toHaveText('For hub admins only');
    await expect(page.getByRole('main').getByRole('table')).toHaveCount(0);
    await expect(page.getByRole('main').locator('form')).toHaveCount(0);
  }
});

test('the admin reaches the member list from the account menu and searches it', async ({
  page,
  browser,
}) => {
  const member = newMember('listed');
  const other = await newProjectPage(browser);
  try {
    await signUp(other, member);
  } finally {
    await other.context().close();
  }

  await signIn(page, ADMIN);
  await expectSignedIn(page, ADMIN);
  await openAccountMenu(page);
  await expect(accountMenu(page).getByRole('link', { name: 'Hub settings', exact: true })).toBeVisible();
  await accountMenu(page).getByRole('link', { name: 'Manage members', exact: true }).click();
  await expect(page).toHaveURL('/admin/members');
  await expect(page.getByRole('table', { name: 'Members of the hub' })).toBeVisible();

  const row = await findMember(page, member, { open: false });
  await expect(row.getByRole('link', { name: member.name, exact: true })).toHaveAttribute('href', /^\/members\/\d+$/);
  await expect(row.getByRole('button', { name: `Make admin ${member.name}`, exact: true })).toBeVisible();
});
