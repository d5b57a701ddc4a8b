// What the WebAssembly adds: once the page has hydrated, navigation runs in
// the browser without loading a new document. Only in the `js` project
// (playwright.config.ts ignores this file for `nojs`).
import { type Page, type Request } from '@playwright/test';
import { expect, test } from './fixtures';
import { gotoAndWaitForHydration, HUB_NAME, pageHeading, tabLink, TABS, tabTitle } from './support';

test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'needs hydration');

declare global {
  interface Window {
    __e2eMarker?: number;
  }
}

/** Records every request for a new document (a full page load) from now on. */
function recordDocumentRequests(page: Page): string[] {
  const documents: string[] = [];
  page.on('request', (request: Request) => {
    if (request.resourceType() === 'document') documents.push(request.url());
  });
  return documents;
}

test('after hydration, tab navigation happens in the browser', async ({ page }) => {
  await gotoAndWaitForHydration(page, '/');
  // A full page load would start a new window object and lose this marker.
  await page.evaluate(() => {
    window.__e2eMarker = 1;
  });
  const documents = recordDocumentRequests(page);

  for (const tab of TABS) {
    await tabLink(page, tab.label).click();
    await expect(page).toHaveURL(tab.path);
    await expect(pageHeading(page)).toHaveText(tab.label);
    await expect(page).toHaveTitle(tabTitle(tab));
    await expect(tabLink(page, tab.label)).toHaveAttribute('aria-current', 'page');
  }

  // Back and forward go through the router too.
  await page.goBack();
  await expect(page).toHaveURL(TABS[2].path);
  await expect(pageHeading(page)).toHaveText(TABS[2].label);
  await page.goForward();
  await expect(page).toHaveURL(TABS[3].path);
  await expect(pageHeading(page)).toHaveText(TABS[3].label);

  await page.getByRole('banner').getByRole('link', { name: HUB_NAME, exact: true }).click();
  await expect(page).toHaveURL('/');
  await expect(pageHeading(page)).toHaveText(HUB_NAME);

  expect(await page.evaluate(() => window.__e2eMarker), 'the window was replaced').toBe(1);
  expect(documents, 'documents loaded during client-side navigation').toEqual([]);
});

test('the 404 page hydrates and its home link navigates in the browser', async ({ page }) => {
  const response = await gotoAndWaitForHydration(page, '/no-such-page');
  expect(response.status()).toBe(404);
  await page.evaluate(() => {
    window.__e2eMarker = 1;
  });
  const documents = recordDocumentRequests(page);

  await page.getByRole('main').getByRole('link', { name: 'Go to the home page' }).click();
  await expect(page).toHaveURL('/');
  await expect(pageHeading(page)).toHaveText(HUB_NAME);
  expect(await page.evaluate(() => window.__e2eMarker), 'the window was replaced').toBe(1);
  expect(documents, 'documents loaded during client-side navigation').toEqual([]);
});

for (const path of ['/', TABS[0].path, '/no-such-page']) {
  test(`${path} loads and hydrates without console errors or CSP violations`, async ({ page }) => {
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      // Warnings are recorded in the report, not failed on: Chromium's
      // "preloaded but not used within a few seconds" depends on timing.
      if (message.type() === 'warning') {
        test.info().annotations.push({ type: 'console warning', description: text });
        return;
      }
      if (message.type() !== 'error') return;
      // Chromium reports the 404 status of the document itself; that is the point of the page.
      if (path === '/no-such-page' && /status of 404/.test(text)) return;
      problems.push(`console.${message.type()}: ${text}`);
    });
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(`${request.url()}: ${request.failure()?.errorText}`));

    await gotoAndWaitForHydration(page, path);
    await page.waitForLoadState('networkidle');

    expect(problems, 'console errors').toEqual([]);
    expect(failed, 'failed requests').toEqual([]);
  });
}
