/**
 * The `test` every spec uses: Playwright's, plus a check that no page of the
 * test had an uncaught error (an exception or a panic of the WebAssembly),
 * in the test's own context and in every context it opens itself (a second
 * member's browser). A page whose hydration failed still shows the server's
 * HTML, so without this a dead app could pass a test.
 *
 * A test that provokes an error on purpose says so:
 * `test.info().annotations.push({ type: EXPECTED_PAGE_ERRORS, description: 'why' })`.
 */
import { test as base, expect, type BrowserContext } from '@playwright/test';

export const EXPECTED_PAGE_ERRORS = 'expected-page-errors';

export const test = base.extend<{ uncaughtPageErrors: string[] }>({
  uncaughtPageErrors: [
    async ({ context, browser }, use, testInfo) => {
      const errors: string[] = [];
      const watch = (watched: BrowserContext) => {
        watched.on('weberror', (error) => {
          errors.push(`${error.page()?.url() ?? '(no page)'}: ${error.error().message}`);
        });
        watched.on('console', (message) => {
          if (message.type() === 'error' && message.text().startsWith('panicked at')) {
            errors.push(`${message.page()?.url() ?? '(no page)'}: ${message.text().split('\n', 1)[0]}`);
          }
        });
      };
      watch(context);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...options) => {
        const opened = await newContext(...options);
        watch(opened);
        return opened;
      };
      await use(errors);
      browser.newContext = newContext;
      if (!testInfo.annotations.some((annotation) => annotation.type === EXPECTED_PAGE_ERRORS)) {
        expect(errors, 'uncaught errors in the pages of this test').toEqual([]);
      }
    },
    { auto: true },
  ],
});

export { expect };
