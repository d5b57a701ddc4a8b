// "Forgot your password?" end to end: the request, the email the server
// writes into the mailbox folder (MAILBOX_DIR, see scripts/e2e-server.sh),
// its link, and what using the link does: a new password, this browser
// signed in, every other session ended, and the link spent.
import { expect, test } from './fixtures';
import {
  expectSignedIn,
  field,
  fieldError,
  gotoAndWaitForHydration,
  HUB_NAME,
  linkIn,
  newMember,
  newProjectPage,
  pageHeading,
  signIn,
  signUp,
  submitSignIn,
  waitForEmail,
} from './support';

const REQUESTED = 'If an account uses this email address, a link to choose a new password is on its way.';
const LINK_SPENT = 'This link has expired or has already been used. Request a new one.';

test('a member resets a forgotten password with the link from the email', async ({ page, browser }) => {
  const member = newMember('reset');
  // A second browser where the member is signed in before the reset.
  const other = await newProjectPage(browser);
  try {
    await signUp(other, member);

    await gotoAndWaitForHydration(page, '/forgot-password');
    await field(page, 'Email').fill(member.email);
    await page.getByRole('main').getByRole('button', { name: 'Send the link', exact: true }).click();
    await expect(page).toHaveURL('/forgot-password?sent=1');
    await expect(page.getByRole('status').filter({ hasText: REQUESTED })).toBeVisible();

    const email = await waitForEmail(member.email);
    expect(email.headers['to']).toContain(member.email);
    expect(email.subject).toBe(`Reset your ${HUB_NAME} password`);
    const link = linkIn(email, '/reset-password');
    expect(new URL(link).searchParams.get('token'), `token in ${link}`).toMatch(/\S{20,}/);
    // The HTML part carries the same link (attribute-escaped).
    expect(email.html).toContain(link.replace(/&/g, '&amp;'));

    const newPassword = `${member.password} renewed`;
    await gotoAndWaitForHydration(page, link);
    await expect(pageHeading(page)).toHaveText('Choose a new password');
    await field(page, 'New password').fill(newPassword);
    await page.getByRole('main').getByRole('button', { name: 'Save and sign in', exact: true }).click();

    await expect(page).toHaveURL('/account?password=reset');
    await expect(pageHeading(page)).toHaveText('Account and security');
    await expect(
      page.getByRole('status').filter({
        hasText: 'Your new password is saved. Every other device has been signed out.',
      }),
    ).toBeVisible();
    await expectSignedIn(page, member);

    // The other browser's session ended with the reset.
    const response = await gotoAndWaitForHydration(other, '/account');
    expect(response.status()).toBe(401);
    await expect(pageHeading(other)).toHaveText('Sign in to continue');

    // The old password no longer signs in; the new one does.
    await submitSignIn(other, member);
    await expect(fieldError(other, 'password')).toHaveText(
      'That email and password do not match an account.',
    );
    await signIn(other, { ...member, password: newPassword });

    // The link works once.
    await gotoAndWaitForHydration(page, link);
    await field(page, 'New password').fill(`${newPassword} again`);
    await page.getByRole('main').getByRole('button', { name: 'Save and sign in', exact: true }).click();
    await expect(page.getByRole('main').getByText(LINK_SPENT, { exact: true })).toBeVisible();
    await expect(page.getByRole('main').getByRole('link', { name: 'Request a new link' })).toBeVisible();
    await expect(page).toHaveURL(/\/reset-password\?/);
    // ...and changed nothing: the password from the first use still works.
    await other.context().clearCookies();
    await signIn(other, { ...member, password: newPassword });
  } finally {
    await other.context().close();
  }
});

test('asking for a reset link gives the same answer for an address without an account', async ({
  page,
}) => {
  await gotoAndWaitForHydration(page, '/forgot-password');
  await field(page, 'Email').fill(newMember('nobody').email);
  await page.getByRole('main').getByRole('button', { name: 'Send the link', exact: true }).click();
  await expect(page).toHaveURL('/forgot-password?sent=1');
  await expect(page.getByRole('status').filter({ hasText: REQUESTED })).toBeVisible();
});
