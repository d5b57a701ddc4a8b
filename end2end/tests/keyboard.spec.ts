// Keyboard use: the skip link and the header tabs.
import { type Locator, type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { gotoAndWaitForHydration, tabLink, TABS } from './support';

/** Presses Tab until `target` has focus; fails after `maxPresses`. */
async function tabTo(page: Page, target: Locator, maxPresses = 10) {
  for (let presses = 0; presses < maxPresses; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200));
  throw new Error(`${target} not reached in ${maxPresses} Tab presses; focus is on ${focused}`);
}

/** The computed outline of the focused element. */
const outlineOf = (target: Locator) =>
  target.evaluate((el) => {
    const style = getComputedStyle(el);
    return { style: style.outlineStyle, width: style.outlineWidth, color: style.outlineColor };
  });

test('the skip link is the first Tab stop and moves focus to main', async ({ page }) => {
  await gotoAndWaitForHydration(page, '/');
  const skip = page.getByRole('link', { name: 'Skip to main content' });

  await page.keyboard.press('Tab');
  await expect(skip).toBeFocused();
  await expect(skip).toHaveAttribute('href', '#main');
  // A skip link may hide until focused, but must then be on screen.
  await expect(skip).toBeInViewport();

  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
  // The next Tab continues inside main, past the header.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('main').getByRole('link').first()).toBeFocused();
});

test('the header tabs are reachable with Tab, in order, with a visible focus outline', async ({
  page,
}) => {
  await gotoAndWaitForHydration(page, '/');
  for (const tab of TABS) {
    const link = tabLink(page, tab.label);
    // The first tab comes after the skip link and the brand; each next tab is the next stop.
    await tabTo(page, link, tab === TABS[0] ? 10 : 1);
    await expect(link).toBeFocused();
    const outline = await outlineOf(link);
    expect(outline.style, `outline-style of the focused "${tab.label}" link`).not.toBe('none');
    expect(parseFloat(outline.width), `outline-width of the focused "${tab.label}" link`).toBeGreaterThan(0);
  }
});
