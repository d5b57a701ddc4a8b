// Helpers shared by the specs: the hub's default labels, locators for the
// page frame, and waiting for hydration.
import { expect, test, type Locator, type Page } from '@playwright/test';

/** The values the first migration writes (app/src/hub/mod.rs). */
export const HUB_NAME = 'Mentorhub';
export const TAGLINE = 'Find a mentor, become one, and grow together.';

/** The four hub tabs with their heading and empty state. */
export const TABS = [
  { label: 'Mentoring Programs', path: '/programs', empty: 'No programs are open yet' },
  { label: 'Discussion', path: '/discussion', empty: 'No conversations yet' },
  { label: 'Resources', path: '/resources', empty: 'Nothing has been published yet' },
  { label: 'Events', path: '/events', empty: 'No upcoming events' },
] as const;

export type Tab = (typeof TABS)[number];

export const tabTitle = (tab: Tab) => `${tab.label} · ${HUB_NAME}`;

/** The header navigation with the hub tabs. */
export const hubNav = (page: Page): Locator => page.getByRole('navigation', { name: 'Hub' });

/** A tab link in the header navigation. */
export const tabLink = (page: Page, label: string): Locator =>
  hubNav(page).getByRole('link', { name: label, exact: true });

export const pageHeading = (page: Page): Locator => page.getByRole('heading', { level: 1 });

/**
 * Opens `path` and, when JavaScript is on, waits until the WebAssembly has
 * hydrated the page; without JavaScript it just loads the page. Returns the
 * response of the document.
 *
 * Hydration signal: the Leptos router adds a `click` listener to `window`
 * while it hydrates (that listener is what makes navigation client-side),
 * and nothing else on the page does. We ask the DevTools protocol for the
 * window's listeners instead of changing the page under test.
 */
export async function gotoAndWaitForHydration(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response, `no response for ${path}`).not.toBeNull();
  if (javaScriptEnabled()) {
    await waitForHydration(page);
  }
  return response!;
}

export async function waitForHydration(page: Page) {
  await page.waitForLoadState('load');
  await expect
    .poll(() => routerIsLive(page), {
      message: 'the page did not hydrate (no router click listener on window)',
    })
    .toBe(true);
}

/** Whether the Leptos router runs in the page: its `click` listener is on `window`. */
export async function routerIsLive(page: Page): Promise<boolean> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { result } = await cdp.send('Runtime.evaluate', { expression: 'window' });
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', {
      objectId: result.objectId!,
    });
    return listeners.some((listener) => listener.type === 'click');
  } finally {
    await cdp.detach();
  }
}

/** Whether the running project has JavaScript (the `js` or `nojs` project). */
export const javaScriptEnabled = (): boolean => test.info().project.use.javaScriptEnabled !== false;
