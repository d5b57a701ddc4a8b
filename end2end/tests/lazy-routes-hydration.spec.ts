// Pages are lazily loaded routes: the release build puts each page's code in
// its own wasm chunk. A first visit loads only the chunks of the page it
// starts on; moving to another page fetches that page's chunks; and a chunk
// that cannot be loaded leaves no dead page behind: the link opens as a full
// page load and the page works as plain HTML. Only in the `js` project
// (playwright.config.ts ignores *hydration.spec.ts for `nojs`).
import { type Page } from '@playwright/test';
import { EXPECTED_PAGE_ERRORS, expect, test } from './fixtures';
import {
  gotoAndWaitForHydration,
  HUB_NAME,
  pageHeading,
  recordPageErrors,
  tabLink,
  TABS,
} from './support';

test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'needs hydration');

declare global {
  interface Window {
    __e2eMarker?: number;
  }
}

const DIRECTORY_CHUNK = /\/pkg\/split___directory_route_view_[^/]*\.wasm$/;
const HOME_CHUNK = /\/pkg\/split___home_route_view_[^/]*\.wasm$/;

/** The wasm files the page requests from now on. */
function recordWasm(page: Page): string[] {
  const wasm: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('.wasm')) wasm.push(new URL(request.url()).pathname);
  });
  return wasm;
}

test('a first visit loads the chunk of its own page only; navigating fetches the next page’s', async ({
  page,
}) => {
  const errors = recordPageErrors(page);
  const wasm = recordWasm(page);
  await gotoAndWaitForHydration(page, '/');
  expect(wasm.some((path) => HOME_CHUNK.test(path)), `home chunk among ${wasm.join(', ')}`).toBe(true);
  expect(wasm.some((path) => DIRECTORY_CHUNK.test(path)), 'the directory chunk before it is needed').toBe(
    false,
  );

  await page.evaluate(() => {
    window.__e2eMarker = 1;
  });
  await tabLink(page, TABS[0].label).click();
  await expect(page).toHaveURL(TABS[0].path);
  await expect(pageHeading(page)).toHaveText(TABS[0].label);
  expect(wasm.some((path) => DIRECTORY_CHUNK.test(path)), 'the directory chunk on navigation').toBe(true);
  expect(await page.evaluate(() => window.__e2eMarker), 'navigated in the browser').toBe(1);
  expect(errors).toEqual([]);
});

test('a page whose chunk fails to load opens as a full page load and works as plain HTML', async ({
  page,
}) => {
  test.info().annotations.push({
    type: EXPECTED_PAGE_ERRORS,
    description: 'the blocked chunk is an error of the dying app, before the full page load',
  });
  await page.route(DIRECTORY_CHUNK, (route) => route.abort('failed'));
  await gotoAndWaitForHydration(page, '/');
  await page.evaluate(() => {
    window.__e2eMarker = 1;
  });

  await tabLink(page, TABS[0].label).click();
  await expect(page).toHaveURL(TABS[0].path);
  await expect(pageHeading(page)).toHaveText(TABS[0].label);
  await expect(page.getByRole('main').getByText(TABS[0].marker, { exact: true })).toBeVisible();
  // A new document: the window of the dead app is gone.
  await expect.poll(() => page.evaluate(() => window.__e2eMarker)).toBeUndefined();

  // This page could not hydrate (its chunk is still unavailable); its links
  // are plain links now.
  await page.getByRole('banner').getByRole('link', { name: HUB_NAME, exact: true }).click();
  await expect(page).toHaveURL('/');
  await expect(pageHeading(page)).toHaveText(HUB_NAME);
});
