// axe-core on the account pages, as a visitor, a member and the hub admin:
// serious and critical violations fail the test, listed with their elements.
// In the `nojs` project axe runs in a page whose own scripts are blocked by
// an added CSP (see scriptFreePage in support.ts and accessibility.spec.ts);
// the session made in the project's own (JavaScript-less) context is
// carried over as cookies.
import AxeBuilder from '@axe-core/playwright';
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  ADMIN,
  describeAxeViolations,
  fieldError,
  gotoAndWaitForHydration,
  newMember,
  pageHeading,
  routerIsLive,
  scriptFreePage,
  signIn,
  signUp,
  submitSignUp,
} from './support';


interface Case {
  name: string;
  as: 'visitor' | 'member' | 'admin';
  path: string;
  /** The path in the test's title, when `then` goes elsewhere. */
  shown?: string;
  heading: string;
  /** Brings the page into the state to check, after `path` has loaded. */
  then?: (page: Page) => Promise<void>;
}

const CASES: Case[] = [
  { name: 'the sign-in page', as: 'visitor', path: '/sign-in', heading: 'Sign in' },
  { name: 'the sign-up page', as: 'visitor', path: '/sign-up', heading: 'Create an account' },
  {
    name: 'a refused sign-up',
    as: 'visitor',
    path: '/sign-up',
    heading: 'Create an account',
    then: async (page) => {
      await submitSignUp(page, { ...newMember(), password: 'short' });
      await expect(fieldError(page, 'password')).not.toBeEmpty();
    },
  },
  { name: 'the forgot-password page', as: 'visitor', path: '/forgot-password', heading: 'Reset your password' },
  { name: 'the profile editor', as: 'member', path: '/profile', heading: 'Your profile' },
  {
    name: "a member's profile",
    as: 'member',
    path: '/profile',
    shown: '/members/:id',
    heading: 'Member Tester',
    then: async (page) => {
      const own = page.getByRole('link', { name: 'See your profile as others do' });
      await gotoAndWaitForHydration(page, (await own.getAttribute('href'))!);
      await expect(page).toHaveURL(/\/members\/\d+$/);
    },
  },
  { name: 'the account page', as: 'member', path: '/account', heading: 'Account and security' },
  { name: 'the member list', as: 'admin', path: '/admin/members', heading: 'Members' },
];

for (const { name, as, path, shown, heading, then } of CASES) {
  test(`${name} (${shown ?? path}, ${as}) has no serious or critical axe violations`, async ({
    page,
    browser,
    baseURL,
    javaScriptEnabled,
  }) => {
    if (as === 'member') await signUp(page, newMember());
    if (as === 'admin') await signIn(page, ADMIN);

    let target = page;
    if (javaScriptEnabled) {
      await gotoAndWaitForHydration(page, path);
    } else {
      target = await scriptFreePage(browser, baseURL!, await page.context().cookies());
      await target.goto(path);
      expect(await routerIsLive(target), 'page scripts ran').toBe(false);
    }
    try {
      if (then) await then(target);
      await expect(pageHeading(target)).toContainText(heading);
      const results = await new AxeBuilder({ page: target }).analyze();
      const blocking = results.violations.filter(
        (violation) => violation.impact === 'serious' || violation.impact === 'critical',
      );
      expect(blocking, `axe violations on ${name}:\n${describeAxeViolations(blocking)}`).toEqual([]);
    } finally {
      if (target !== page) await target.context().close();
    }
  });
}
