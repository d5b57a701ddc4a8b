// Accounts from the member's side: signing up, the header's account menu,
// editing and viewing the profile, signing out and in, refused forms that
// keep what was typed, `?next=`, and the sign-in form with the keyboard
// alone. Runs in both projects: with JavaScript the forms submit in place
// and the router navigates; without it they are plain posts and redirects.
import { expect, test } from './fixtures';
import {
  accountMenu,
  accountMenuToggle,
  expectSignedIn,
  expectSignedOut,
  field,
  fieldError,
  gotoAndWaitForHydration,
  headerSignInLink,
  javaScriptEnabled,
  newMember,
  pageHeading,
  signOut,
  signUp,
  submitSignIn,
  submitSignUp,
  tabTo,
} from './support';

declare global {
  interface Window {
    __e2eInjected?: number;
  }
}

const WRONG_CREDENTIALS = 'That email and password do not match an account.';

test('a new member signs up, edits the profile, signs out and signs back in', async ({ page }) => {
  const member = await signUp(page, newMember());
  // The avatar shows the initials of the first two words of the name.
  await expect(accountMenuToggle(page).locator('.avatar')).toHaveText('MT');

  // The menu is a native disclosure: a click on its summary opens it.
  await accountMenuToggle(page).click();
  await expect(accountMenu(page)).toHaveAttribute('open', '');
  await expect(accountMenu(page).getByRole('link', { name: 'Account and security' })).toBeVisible();
  // An ordinary member has no admin links.
  await expect(accountMenu(page).getByRole('link', { name: 'Manage members' })).toHaveCount(0);
  await accountMenu(page).getByRole('link', { name: 'Your profile', exact: true }).click();
  await expect(page).toHaveURL('/profile');
  await expect(pageHeading(page)).toHaveText('Your profile');
  await expect(field(page, 'Name')).toHaveValue(member.name);

  const headline = 'Backend engineer who enjoys pairing';
  // A script in its own paragraph: markdown passes raw HTML through, the
  // sanitizer must drop it.
  const bio = [
    'I like **bold** ideas and careful reviews.',
    '',
    '<script>window.__e2eInjected = 1</script>',
    '',
    'Ask me about testing.',
  ].join('\n');
  await field(page, 'Headline').fill(headline);
  await field(page, 'About you').fill(bio);
  await field(page, 'Expertise').fill('Rust, Mentoring');
  await page.getByRole('main').getByRole('button', { name: 'Save profile', exact: true }).click();

  await expect(page).toHaveURL('/profile?saved=1');
  await expect(page.getByRole('status').filter({ hasText: 'Your profile is saved.' })).toBeVisible();
  // The form shows what was saved.
  await expect(field(page, 'Headline')).toHaveValue(headline);
  await expect(field(page, 'About you')).toHaveValue(bio);
  // Expertise is kept as a set of tags (the hub lists them alphabetically).
  await expect(field(page, 'Expertise')).toHaveValue(/^(Rust, Mentoring|Mentoring, Rust)$/);

  await page.getByRole('link', { name: 'See your profile as others do' }).click();
  await expect(page).toHaveURL(/\/members\/\d+$/);
  const profile = page.getByRole('main').getByRole('article');
  await expect(pageHeading(page)).toHaveText(member.name);
  await expect(profile.getByText(headline, { exact: true })).toBeVisible();
  await expect(profile.locator('.prose strong')).toHaveText('bold');
  await expect(profile.locator('.prose')).toContainText('Ask me about testing.');
  await expect(profile.locator('.prose script')).toHaveCount(0);
  await expect(profile.getByRole('heading', { name: 'Expertise' })).toBeVisible();
  const badges = profile.locator('.tag-list .badge');
  await expect(badges).toHaveCount(2);
  expect((await badges.allTextContents()).map((tag) => tag.trim()).sort()).toEqual(['Mentoring', 'Rust']);
  await expect(profile.getByRole('link', { name: 'Edit your profile' })).toBeVisible();

  // Nowhere in the server's HTML, hydration data included, is the script a
  // real element: no `<script>window.__e2eInjected` survives unescaped.
  for (const path of [new URL(page.url()).pathname, '/profile']) {
    const html = await (await page.request.get(path)).text();
    expect(html, `${path} carries the bio's script as markup`).not.toContain('<script>window.__e2eInjected');
  }
  if (javaScriptEnabled()) {
    expect(await page.evaluate(() => window.__e2eInjected), 'the bio script ran').toBeUndefined();
  }

  await signOut(page);
  await expect(page).toHaveURL('/');
  // Signed out means signed out on the server too, not just in the header.
  await gotoAndWaitForHydration(page, '/profile');
  await expect(pageHeading(page)).toHaveText('Sign in to continue');

  await headerSignInLink(page).click();
  await expect(page).toHaveURL('/sign-in');
  await field(page, 'Email').fill(member.email);
  await field(page, 'Password').fill(member.password);
  await page.getByRole('main').getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL('/');
  await expectSignedIn(page, member);
});

test('a refused sign-up says what is wrong next to the field and keeps what was typed', async ({
  page,
}) => {
  const member = { ...newMember(), password: 'short' };
  await submitSignUp(page, member);

  const password = field(page, 'Password');
  await expect(fieldError(page, 'password')).toHaveText(
    'Use at least 10 characters; a few unrelated words work well.',
  );
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toHaveAttribute('aria-describedby', /\bfield-password-error\b/);
  await expect(page).toHaveURL(/\/sign-up/);
  await expect(pageHeading(page)).toHaveText('Create an account');
  await expect(field(page, 'Name')).toHaveValue(member.name);
  await expect(field(page, 'Email')).toHaveValue(member.email);
  // Without JavaScript the form is a new page: the server sends back what
  // was typed, but never the password.
  if (!javaScriptEnabled()) await expect(password).toHaveValue('');
  await expect(fieldError(page, 'name')).toBeEmpty();
  await expect(fieldError(page, 'email')).toBeEmpty();
  await expectSignedOut(page);
});

test('a wrong password or an unknown email is refused with one message, keeping the email', async ({
  page,
}) => {
  const member = await signUp(page, newMember());
  await page.context().clearCookies();

  for (const attempt of [
    { email: member.email, password: 'not the right password at all' },
    { email: newMember().email, password: member.password },
  ]) {
    await submitSignIn(page, attempt);
    await expect(fieldError(page, 'password')).toHaveText(WRONG_CREDENTIALS);
    await expect(field(page, 'Password')).toHaveAttribute('aria-invalid', 'true');
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(field(page, 'Email')).toHaveValue(attempt.email);
    if (!javaScriptEnabled()) await expect(field(page, 'Password')).toHaveValue('');
    await expectSignedOut(page);
  }
});

test('a members-only page sends a visitor to sign in and back', async ({ page }) => {
  const member = await signUp(page, newMember());
  await page.context().clearCookies();

  const response = await gotoAndWaitForHydration(page, '/account');
  expect(response.status()).toBe(401);
  await expect(pageHeading(page)).toHaveText('Sign in to continue');
  const signInLink = page.getByRole('main').getByRole('link', { name: 'Sign in', exact: true });
  await expect(signInLink).toHaveAttribute('href', '/sign-in?next=/account');

  await signInLink.click();
  await expect(page).toHaveURL('/sign-in?next=/account');
  await field(page, 'Email').fill(member.email);
  await field(page, 'Password').fill(member.password);
  await page.getByRole('main').getByRole('button', { name: 'Sign in', exact: true }).click();

  await expect(page).toHaveURL('/account');
  await expect(pageHeading(page)).toHaveText('Account and security');
  await expectSignedIn(page, member);
  await expect(page.getByRole('main').getByText(member.email, { exact: true })).toBeVisible();
});

test('sign-in ignores a `next` that leaves the site', async ({ page }) => {
  const member = await signUp(page, newMember());
  await page.context().clearCookies();

  await submitSignIn(page, member, '/sign-in?next=https://example.org/');
  await expect(page).toHaveURL('/');
  await expectSignedIn(page, member);
});

test('the sign-in form works with the keyboard alone', async ({ page }) => {
  const member = await signUp(page, newMember());
  await page.context().clearCookies();

  await gotoAndWaitForHydration(page, '/sign-in');
  const email = field(page, 'Email');
  const password = field(page, 'Password');
  await tabTo(page, email);
  await page.keyboard.type(member.email);
  await page.keyboard.press('Tab');
  await expect(password).toBeFocused();
  await page.keyboard.type(member.password);
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL('/');
  await expectSignedIn(page, member);
});
