import { defineConfig } from '@playwright/test';
import os from 'node:os';
import path from 'node:path';

// End-to-end tests against the release build. Run from the repository root:
//   node_modules/.bin/playwright test --config end2end/playwright.config.ts
// See end2end/README.md.

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

// Shared with the server (scripts/e2e-server.sh) and the tests (support.ts):
// where emails land as .eml files, and the admin created before start.
process.env.E2E_MAILBOX_DIR ??= path.join(os.tmpdir(), `mentorhub-e2e-mailbox-${port}`);
process.env.E2E_ADMIN_EMAIL ??= 'admin@e2e.test';
process.env.E2E_ADMIN_PASSWORD ??= 'e2e admin passphrase';

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // Two cores: the server, the browser and the test runner share them.
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: 'list',
  // Generous: these machines are shared and slow. No test asserts on time.
  timeout: 30_000,
  expect: { timeout: 10_000 },

  use: {
    baseURL,
    // Debian's Chromium; `playwright install` cannot download a browser here.
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },

  projects: [
    {
      // The full app: server-rendered HTML, then hydration by WebAssembly.
      name: 'js',
      use: { javaScriptEnabled: true },
      // nojs.spec.ts is about pages without any JavaScript.
      testIgnore: /nojs\.spec\.ts$/,
    },
    {
      // The same pages as plain HTML: every feature must work without JS.
      name: 'nojs',
      use: { javaScriptEnabled: false },
      // hydration.spec.ts is about what the WebAssembly adds.
      testIgnore: /hydration\.spec\.ts$/,
    },
  ],

  webServer: {
    // The release binary on a fresh SQLite database in a temporary directory.
    command: 'bash scripts/e2e-server.sh',
    cwd: '..',
    env: {
      // The tests stand in for a reverse proxy: the server trusts the
      // X-Forwarded-For of requests from this machine, so that each member
      // signing up can come from an address of its own (see
      // `actAsNewClient` in support.ts). The hub allows 20 sign-ups an hour
      // per address and a run signs up far more members than that.
      TRUSTED_PROXIES: '127.0.0.1',
      E2E_PORT: String(port),
      E2E_MAILBOX_DIR: process.env.E2E_MAILBOX_DIR,
      E2E_ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL,
      E2E_ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD,
    },
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    // SIGTERM (not the default SIGKILL) so the script can remove the database.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    stdout: process.env.E2E_SERVER_LOG ? 'pipe' : 'ignore',
    stderr: 'pipe',
  },
});
