// Automated accessibility checks with axe-core. Serious and critical
// violations fail the test; the message lists each with its elements.
//
// axe runs inside the page and needs timers, which do not fire when
// JavaScript is disabled. So in the `nojs` project the page is opened in a
// context with JavaScript on, but with a second Content-Security-Policy
// `script-src 'none'` added to the document: none of the page's own scripts
// run (no hydration), only axe, which Playwright injects past the CSP.
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { describeAxeViolations, gotoAndWaitForHydration, routerIsLive } from './support';


/** A page showing the server's HTML and CSS with none of the page's scripts running. */
async function scriptFreePage(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: true });
  await context.route(
    (url) => url.origin === new URL(baseURL).origin,
    async (route) => {
      if (route.request().resourceType() !== 'document') return route.continue();
      const response = await route.fetch();
      const csp = response.headers()['content-security-policy'];
      await route.fulfill({
        response,
        headers: {
          ...response.headers(),
          'content-security-policy': csp ? `${csp}, script-src 'none'` : "script-src 'none'",
        },
      });
    },
  );
  return context.newPage();
}

// `/events` as a visitor is its sign-in prompt (401); the signed-in events
// pages are checked in events.spec.ts.
for (const path of ['/', '/programs', '/events', '/no-such-page']) {
  test(`${path} has no serious or critical axe violations`, async ({
    page,
    browser,
    baseURL,
    javaScriptEnabled,
  }) => {
    let target = page;
    if (javaScriptEnabled) {
      await gotoAndWaitForHydration(page, path);
    } else {
      target = await scriptFreePage(browser, baseURL!);
      await target.goto(path);
      expect(await routerIsLive(target), 'page scripts ran').toBe(false);
    }
    try {
      const results = await new AxeBuilder({ page: target }).analyze();
      const blocking = results.violations.filter(
        (violation) => violation.impact === 'serious' || violation.impact === 'critical',
      );
      expect(blocking, `axe violations on ${path}:\n${describeAxeViolations(blocking)}`).toEqual([]);
    } finally {
      if (target !== page) await target.context().close();
    }
  });
}
