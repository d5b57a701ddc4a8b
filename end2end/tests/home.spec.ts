// The home page and the page frame around every page.
import { expect, test } from './fixtures';
import { gotoAndWaitForHydration, HUB_NAME, hubNav, pageHeading, TABS, TAGLINE } from './support';

test('the home page shows the hub name, the four tabs and the landmarks', async ({ page }) => {
  await gotoAndWaitForHydration(page, '/');

  await expect(page).toHaveTitle(HUB_NAME);
  await expect(pageHeading(page)).toHaveText(HUB_NAME);
  await expect(page.getByText(TAGLINE)).toBeVisible();

  // Landmarks: header, the hub navigation, main, footer.
  const banner = page.getByRole('banner');
  await expect(banner).toBeVisible();
  await expect(banner.getByRole('link', { name: HUB_NAME, exact: true })).toHaveAttribute('href', '/');
  await expect(hubNav(page)).toBeVisible();
  await expect(banner.getByRole('navigation', { name: 'Hub' })).toHaveCount(1);
  await expect(page.getByRole('main')).toBeVisible();
  await expect(page.getByRole('main')).toHaveAttribute('id', 'main');
  await expect(page.getByRole('contentinfo')).toContainText(HUB_NAME);

  // The four tabs, in order, none of them current on the home page.
  const tabLinks = hubNav(page).getByRole('link');
  await expect(tabLinks).toHaveText(TABS.map((tab) => tab.label));
  for (const [index, tab] of TABS.entries()) {
    await expect(tabLinks.nth(index)).toHaveAttribute('href', tab.path);
    await expect(tabLinks.nth(index)).not.toHaveAttribute('aria-current');
  }

  // "Where to start": a card per tab, linking to it.
  const start = page.getByRole('region', { name: 'Where to start' });
  await expect(start.getByRole('heading', { level: 2 })).toHaveText('Where to start');
  const cardLinks = start.getByRole('link');
  await expect(cardLinks).toHaveText(TABS.map((tab) => tab.label));
  for (const [index, tab] of TABS.entries()) {
    await expect(cardLinks.nth(index)).toHaveAttribute('href', tab.path);
  }
});
