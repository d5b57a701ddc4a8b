// Without JavaScript: the server's HTML alone must carry every page, and
// links are plain links (a full page load each). Only in the `nojs` project
// (playwright.config.ts ignores this file for `js`).
import { expect, test } from './fixtures';
import { HUB_NAME, pageHeading, routerIsLive, tabLink, TABS, tabTitle } from './support';

test.skip(({ javaScriptEnabled }) => javaScriptEnabled, 'about pages without JavaScript');

/** `<h1 ...>text</h1>` in raw HTML, allowing for attributes and whitespace. */
const h1 = (text: string) =>
  new RegExp(`<h1[^>]*>\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*</h1>`);

const PAGES = [
  { path: '/', heading: HUB_NAME, status: 200, text: 'Where to start' },
  ...TABS.map((tab) => ({ path: tab.path, heading: tab.label, status: tab.status, text: tab.marker })),
  { path: '/no-such-page', heading: 'Page not found', status: 404, text: 'Go to the home page' },
];

for (const { path, heading, status, text } of PAGES) {
  test(`${path} is complete in the server's HTML`, async ({ page }) => {
    const response = await page.goto(path);
    expect(response?.status()).toBe(status);
    expect(response?.headers()['content-type']).toMatch(/^text\/html/);

    const html = await response!.text();
    expect(html).toMatch(h1(heading));
    expect(html).toContain(text);
    expect(html).toContain('aria-label="Hub"');
    for (const tab of TABS) expect(html).toContain(`href="${tab.path}"`);

    // What the browser shows came from that HTML alone: nothing hydrated.
    await expect(pageHeading(page)).toHaveText(heading);
    await expect(page.getByText(text, { exact: true }).first()).toBeVisible();
    expect(await routerIsLive(page), 'the client-side router runs without JavaScript').toBe(false);
  });
}

test('the header tabs are plain links: each click loads a new document', async ({ page }) => {
  await page.goto('/');
  for (const tab of TABS) {
    const documentRequest = page.waitForRequest(
      (request) =>
        request.resourceType() === 'document' && new URL(request.url()).pathname === tab.path,
    );
    await tabLink(page, tab.label).click();
    await documentRequest;
    await expect(page).toHaveURL(tab.path);
    await expect(pageHeading(page)).toHaveText(tab.label);
    await expect(page).toHaveTitle(tabTitle(tab));
    await expect(tabLink(page, tab.label)).toHaveAttribute('aria-current', 'page');
  }
});
