// What the WebAssembly must not break (js only: playwright.config.ts
// ignores *hydration.spec.ts for `nojs`):
// - text typed while the page is still loading (before hydration) stays in
//   the fields once the page has hydrated, in inputs and in a textarea;
// - a program's cover colour, a <style> with the page's CSP nonce, still
//   applies after client-side navigation between the admin pages, and the
//   browser reports no Content-Security-Policy violation.
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  ADMIN,
  createProgram,
  field,
  gotoAndWaitForHydration,
  newMember,
  newProgram,
  pageHeading,
  recordPageErrors,
  routerIsLive,
  signIn,
  signUp,
  waitForHydration,
  expectSignedIn,
} from './support';

declare global {
  interface Window {
    __e2eMarker?: number;
    __e2eCspViolations?: string[];
  }
}

const main = (page: Page) => page.getByRole('main');

/**
 * Holds back the WebAssembly for 3 s from now on (test setup, not a timing
 * assertion), so that the page stays server HTML while the test types.
 */
async function delayWasm(page: Page) {
  await page.route('**/pkg/*.wasm', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await route.continue();
  });
}

/** Opens `path` without waiting for the page's scripts, which are held back by delayWasm. */
async function openBeforeHydration(page: Page, path: string) {
  const response = await page.goto(path, { waitUntil: 'domcontentloaded' });
  expect(response?.status(), path).toBe(200);
}

/** Fails when the page hydrated before the typing ended: the test would prove nothing. */
async function expectNotHydratedYet(page: Page) {
  expect(await routerIsLive(page), 'the page hydrated before the typing ended').toBe(false);
}

/** Waits for hydration and for everything the page loads and runs after it. */
async function waitUntilHydratedAndSettled(page: Page) {
  await waitForHydration(page);
  await page.waitForLoadState('networkidle');
}

test('what is typed into the sign-in form before hydration is kept and signs in', async ({ page }) => {
  const errors = recordPageErrors(page);
  await delayWasm(page);
  await openBeforeHydration(page, '/sign-in');
  const email = field(page, 'Email');
  await email.pressSequentially(ADMIN.email);
  await expectNotHydratedYet(page);

  await waitUntilHydratedAndSettled(page);
  await expect(email).toHaveValue(ADMIN.email);
  // The hydrated form sends what is in the field.
  await field(page, 'Password').fill(ADMIN.password);
  await main(page).getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL('/');
  await expectSignedIn(page, ADMIN);
  expect(errors, 'page errors').toEqual([]);
});

test('what is typed into the sign-up form before hydration is kept', async ({ page }) => {
  const errors = recordPageErrors(page);
  const member = newMember('early');
  await delayWasm(page);
  await openBeforeHydration(page, '/sign-up');
  await field(page, 'Name').pressSequentially(member.name);
  await field(page, 'Email').pressSequentially(member.email);
  await expectNotHydratedYet(page);

  await waitUntilHydratedAndSettled(page);
  await expect(field(page, 'Name')).toHaveValue(member.name);
  await expect(field(page, 'Email')).toHaveValue(member.email);
  await expect(pageHeading(page)).toHaveText('Create an account');
  expect(errors, 'page errors').toEqual([]);
});

test('what is typed into the profile form (a textarea too) before hydration is kept and saved', async ({
  page,
}) => {
  const member = await signUp(page, newMember('early'));
  const errors = recordPageErrors(page);
  const headline = 'Typed while the page loaded';
  const bio = 'First line, typed early.\nSecond line.';
  await delayWasm(page);
  await openBeforeHydration(page, '/profile');
  await expect(field(page, 'Name')).toHaveValue(member.name);
  await field(page, 'Headline').pressSequentially(headline);
  await field(page, 'About you').pressSequentially(bio);
  await expectNotHydratedYet(page);

  await waitUntilHydratedAndSettled(page);
  await expect(field(page, 'Headline')).toHaveValue(headline);
  await expect(field(page, 'About you')).toHaveValue(bio);
  await expect(field(page, 'Name')).toHaveValue(member.name);

  await main(page).getByRole('button', { name: 'Save profile', exact: true }).click();
  await expect(page).toHaveURL('/profile?saved=1');
  await expect(page.getByRole('status').filter({ hasText: 'Your profile is saved.' })).toBeVisible();
  // What the server stored (the fields after an in-place save are
  // accounts.spec.ts's business).
  await page.reload();
  await waitUntilHydratedAndSettled(page);
  await expect(field(page, 'Headline')).toHaveValue(headline);
  await expect(field(page, 'About you')).toHaveValue(bio);
  expect(errors, 'page errors').toEqual([]);
});

const COVER = '#aa3355';
const COVER_RGB = 'rgb(170, 51, 85)';

test('the cover colour stays after client-side navigation between program admin pages, without CSP violations', async ({
  page,
}) => {
  test.slow();
  const program = newProgram('cover');
  const adminPath = (section: string) => `/programs/${program.slug}/admin/${section}`;
  await signIn(page, ADMIN);
  await createProgram(page, program);
  await field(page, 'Cover colour').fill(COVER);
  await main(page).getByRole('button', { name: 'Save settings', exact: true }).click();
  await expect(page).toHaveURL(`${adminPath('settings')}?saved=1`);
  await expect(field(page, 'Cover colour')).toHaveValue(COVER);

  // From the next document on: every CSP violation the page reports.
  await page.addInitScript(() => {
    window.__e2eCspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__e2eCspViolations!.push(`${event.violatedDirective}: ${event.blockedURI || 'inline'}`);
    });
  });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) problems.push(`console: ${message.text()}`);
  });

  await gotoAndWaitForHydration(page, adminPath('settings'));
  const cover = page.locator('.program-admin__cover');
  await expect(cover).toHaveCSS('background-color', COVER_RGB);
  // A full page load would start a new window and lose this marker.
  await page.evaluate(() => {
    window.__e2eMarker = 1;
  });
  const documents: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'document') documents.push(request.url());
  });

  const nav = page.getByRole('navigation', { name: 'Program admin' });
  for (const [label, section] of [
    ['Applications', 'applications'],
    ['Members', 'members'],
    ['Invitations', 'invitations'],
  ]) {
    await nav.getByRole('link', { name: label, exact: true }).click();
    await expect(page).toHaveURL(adminPath(section));
    // The new page is in place (not the previous one kept while loading).
    await expect(main(page).locator('#section-title')).toHaveText(label);
    await expect(nav.getByRole('link', { name: label, exact: true })).toHaveAttribute('aria-current', 'page');
    await expect(cover, `the cover on ${label}`).toHaveCount(1);
    await expect(cover, `the cover on ${label}`).toHaveCSS('background-color', COVER_RGB);
  }

  expect(await page.evaluate(() => window.__e2eMarker), 'the window was replaced').toBe(1);
  expect(documents, 'documents loaded by client-side navigation').toEqual([]);
  expect(await page.evaluate(() => window.__e2eCspViolations), 'securitypolicyviolation events').toEqual([]);
  expect(problems, 'CSP reports and page errors').toEqual([]);
});
