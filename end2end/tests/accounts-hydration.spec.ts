// The account pages, opened directly (server HTML, then hydration), must
// hydrate without errors and keep working as an app: a header link then
// navigates in the browser without loading a new document. Only in the
// `js` project (playwright.config.ts ignores *hydration.spec.ts for `nojs`).
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  ADMIN,
  gotoAndWaitForHydration,
  newMember,
  pageHeading,
  signIn,
  signUp,
  tabLink,
  TABS,
} from './support';

test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'needs hydration');

declare global {
  interface Window {
    __e2eMarker?: number;
  }
}

interface Case {
  as: 'visitor' | 'member' | 'admin';
  /** The page to open; `/members/own` stands for the member's own profile. */
  path: string;
  heading: string | RegExp;
}

const CASES: Case[] = [
  { as: 'visitor', path: '/sign-in', heading: 'Sign in' },
  { as: 'visitor', path: '/sign-up', heading: 'Create an account' },
  { as: 'visitor', path: '/forgot-password', heading: 'Reset your password' },
  { as: 'visitor', path: '/reset-password?token=not-a-real-token', heading: 'Choose a new password' },
  { as: 'visitor', path: '/account', heading: 'Sign in to continue' },
  { as: 'member', path: '/profile', heading: 'Your profile' },
  { as: 'member', path: '/members/own', heading: /^Member Tester / },
  { as: 'member', path: '/account', heading: 'Account and security' },
  { as: 'member', path: '/admin/members', heading: 'For hub admins only' },
  { as: 'admin', path: '/admin/members', heading: 'Members' },
  { as: 'admin', path: '/admin/settings', heading: 'Hub settings' },
];

/** The member's own profile path, read from the link on /profile in the server's HTML. */
async function ownProfilePath(page: Page): Promise<string> {
  const html = await (await page.request.get('/profile')).text();
  const match = /href="(\/members\/\d+)"[^>]*>See your profile as others do/.exec(html);
  expect(match, 'the "See your profile as others do" link on /profile').not.toBeNull();
  return match![1];
}

for (const { as, path, heading } of CASES) {
  test(`${path} (${as}) hydrates without errors and navigates in the browser`, async ({ page }) => {
    let target = path;
    if (as === 'member') {
      await signUp(page, newMember());
      if (path === '/members/own') target = await ownProfilePath(page);
    }
    if (as === 'admin') await signIn(page, ADMIN);

    // From here on: the page under test only.
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      // Chromium reports the status of the document itself (401 for the
      // sign-in prompt, 403 for "admins only"); that is the page's point.
      if (/the server responded with a status of 40[13]/.test(text)) return;
      problems.push(`console.error: ${text.split('\n', 1)[0]}`);
    });

    await gotoAndWaitForHydration(page, target);
    await expect(pageHeading(page)).toHaveText(heading);
    // Resources the page loads in the browser have arrived and hydrated.
    await page.waitForLoadState('networkidle');
    expect.soft(problems, `errors while ${target} hydrated`).toEqual([]);

    // A full page load would start a new window and lose this marker.
    await page.evaluate(() => {
      window.__e2eMarker = 1;
    });
    const documents: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'document') documents.push(request.url());
    });
    const tab = TABS[3];
    await tabLink(page, tab.label).click();
    await expect(page, `a click on "${tab.label}" after opening ${target}`).toHaveURL(tab.path);
    await expect(pageHeading(page)).toHaveText(tab.label);
    expect(await page.evaluate(() => window.__e2eMarker), 'the window was replaced').toBe(1);
    expect(documents, 'documents loaded by a client-side navigation').toEqual([]);
    expect(problems, `errors on ${target}`).toEqual([]);
  });
}
