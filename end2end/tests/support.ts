// Helpers shared by the specs: the hub's default labels, locators for the
// page frame, waiting for hydration, members (signing up and in through the
// UI, the header's account menu) and reading the emails the server writes
// into the mailbox folder.
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import fs from 'node:fs';
import { join } from 'node:path';

/** The values the first migration writes (app/src/hub/mod.rs). */
export const HUB_NAME = 'Mentorhub';
export const TAGLINE = 'Find a mentor, become one, and grow together.';

/**
 * The four hub tabs with their heading, a text each always shows to a
 * visitor (the programs tab's search box; the sign-in prompts of the
 * discussion, the resources and the events, which are for members) and
 * the status a
 * visitor gets. Specs create programs in the one shared hub, so the
 * programs tab is not always empty.
 */
export const TABS = [
  { label: 'Mentoring Programs', path: '/programs', marker: 'Search programs', status: 200 },
  { label: 'Discussion', path: '/discussion', marker: 'Sign in to read and ask questions', status: 401 },
  { label: 'Resources', path: '/resources', marker: 'Sign in to see the resources', status: 401 },
  { label: 'Events', path: '/events', marker: 'Sign in to see and register for events', status: 401 },
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

// ---------------------------------------------------------------------------
// Accounts: members, signing up and in through the UI, the header's menu
// ---------------------------------------------------------------------------

/** The hub admin scripts/e2e-server.sh creates before the server starts. */
export const ADMIN = {
  name: 'E2E Admin',
  email: process.env.E2E_ADMIN_EMAIL ?? 'admin@e2e.test',
  password: process.env.E2E_ADMIN_PASSWORD ?? 'e2e admin passphrase',
};

export interface Member {
  name: string;
  email: string;
  password: string;
}

/**
 * A member nobody has used yet: every test shares one server and database,
 * so names and emails are unique per call. Lower-case, so the email is also
 * the mailbox file name's recipient part.
 */
export function newMember(label = 'member'): Member {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return {
    // Two words: the avatar shows two initials.
    name: `${label[0].toUpperCase()}${label.slice(1)} Tester ${id}`,
    email: `${label}-${id}@e2e.test`.toLowerCase(),
    password: `correct horse ${id} staple`,
  };
}

export const banner = (page: Page): Locator => page.getByRole('banner');

/** The signed-in member's menu in the header (a `<details>`). */
export const accountMenu = (page: Page): Locator => banner(page).locator('details.account-menu');

/** The menu's toggle: the avatar initials and the member's name. */
export const accountMenuToggle = (page: Page): Locator => accountMenu(page).locator('summary');

/** The header's "Sign in" link, shown to visitors. */
export const headerSignInLink = (page: Page): Locator =>
  banner(page).getByRole('link', { name: 'Sign in', exact: true });

/** A form field by its `<label>` (the `Field` component: `label[for=field-NAME]`). */
export const field = (page: Page, label: string): Locator =>
  page.getByRole('main').getByLabel(label, { exact: true });

/** The message under a field: `p.field__error#field-NAME-error`. */
export const fieldError = (page: Page, name: string): Locator =>
  page.locator(`#field-${name}-error`);

/** Waits until the header shows `member` signed in. */
export async function expectSignedIn(page: Page, member: Pick<Member, 'name'>) {
  await expect(accountMenuToggle(page)).toContainText(member.name);
  await expect(headerSignInLink(page)).toHaveCount(0);
}

/** Waits until the header shows a visitor. */
export async function expectSignedOut(page: Page) {
  await expect(headerSignInLink(page)).toBeVisible();
  await expect(accountMenu(page)).toHaveCount(0);
}

/**
 * From now on `page`'s browser context comes from an address nobody else
 * in the run uses, as a reverse proxy would report it (X-Forwarded-For;
 * playwright.config.ts makes the server trust it). Sign-ups are limited to
 * 20 an hour per address and a run signs up many more members, each as
 * a new visitor would, from an address of their own. Call it before a
 * sign-up that does not go through `submitSignUp`.
 */
export async function actAsNewClient(page: Page) {
  const byte = () => Math.floor(Math.random() * 254) + 1;
  // 198.18.0.0/15 is set aside for benchmarks: never a real client.
  const address = `198.${18 + Math.floor(Math.random() * 2)}.${byte()}.${byte()}`;
  await page.context().setExtraHTTPHeaders({ 'X-Forwarded-For': address });
}

/** Fills and submits the sign-up form (from `/sign-up`); does not wait for the outcome. */
export async function submitSignUp(page: Page, member: Member) {
  await actAsNewClient(page);
  await gotoAndWaitForHydration(page, '/sign-up');
  const main = page.getByRole('main');
  await field(page, 'Name').fill(member.name);
  await field(page, 'Email').fill(member.email);
  await field(page, 'Password').fill(member.password);
  await main.getByRole('button', { name: 'Create account', exact: true }).click();
}

/** Creates `member`'s account through the UI; the page ends signed in on `/`. */
export async function signUp(page: Page, member: Member = newMember()): Promise<Member> {
  await submitSignUp(page, member);
  await expect(page).toHaveURL('/');
  await expectSignedIn(page, member);
  return member;
}

/**
 * Fills and submits the sign-in form at `path` (default `/sign-in`); does
 * not wait for the outcome.
 */
export async function submitSignIn(
  page: Page,
  credentials: Pick<Member, 'email' | 'password'>,
  path = '/sign-in',
) {
  await gotoAndWaitForHydration(page, path);
  await field(page, 'Email').fill(credentials.email);
  await field(page, 'Password').fill(credentials.password);
  await page.getByRole('main').getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Signs in through the UI and waits for the header to show the member. */
export async function signIn(page: Page, member: Member) {
  await submitSignIn(page, member);
  await expect(page).toHaveURL('/');
  await expectSignedIn(page, member);
}

/**
 * Opens the header's account menu (a native `<details>`: a click on its
 * summary toggles it). With JavaScript the header survives client-side
 * navigation, so the menu may still be open from an earlier click.
 */
export async function openAccountMenu(page: Page) {
  const menu = accountMenu(page);
  if ((await menu.getAttribute('open')) === null) await accountMenuToggle(page).click();
  await expect(menu).toHaveAttribute('open', '');
}

/** Signs out with the header menu's "Sign out" button. */
export async function signOut(page: Page) {
  await openAccountMenu(page);
  await accountMenu(page).getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL('/');
  await expectSignedOut(page);
}

/**
 * A new browser context (a second browser, with its own cookies) with the
 * running project's base URL and JavaScript setting. Close it when done.
 */
export async function newProjectPage(browser: Browser): Promise<Page> {
  const { baseURL, javaScriptEnabled } = test.info().project.use;
  const context = await browser.newContext({ baseURL, javaScriptEnabled });
  return context.newPage();
}

// ---------------------------------------------------------------------------
// Programs: created by the hub admin through /programs/new
// ---------------------------------------------------------------------------

export interface Program {
  name: string;
  slug: string;
}

/**
 * A program nobody has made yet: js and nojs share one database, so the
 * name and address carry the project and a random part.
 */
export function newProgram(label = 'spring'): Program {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const project = test.info().project.name;
  const title = `${label[0].toUpperCase()}${label.slice(1)}`;
  return { name: `${title} Circle ${project} ${id}`, slug: `${label}-${project}-${id}`.toLowerCase() };
}

/**
 * The hub admin (signed in on `admin`) creates an open program through
 * /programs/new; the page ends on its settings. With `approveAll`, everyone
 * who applies is approved at once.
 */
export async function createProgram(admin: Page, program: Program, { approveAll = false } = {}) {
  const main = admin.getByRole('main');
  await gotoAndWaitForHydration(admin, '/programs/new');
  await field(admin, 'Name').fill(program.name);
  await field(admin, 'Address (URL slug)').fill(program.slug);
  await field(admin, 'Summary').fill('Twelve weeks of pairing, one evening a week.');
  await field(admin, 'About').fill('## Theme\n\nLearning *together*, in pairs.');
  await main.getByRole('group', { name: 'Status' }).getByLabel('Open', { exact: true }).check();
  if (approveAll) await main.getByRole('radio', { name: 'Everyone who applies is approved at once' }).check();
  await main.getByRole('button', { name: 'Create program' }).click();
  await expect(admin).toHaveURL(`/programs/${program.slug}/admin/settings?created=1`);
  // The address changes before the settings page (a lazily loaded route)
  // replaces the creation form, which has the same fields: what a test
  // types before this would go into the form that is going away.
  await expect(main.getByText(/^The program is created/)).toBeVisible();
}

// ---------------------------------------------------------------------------
// The mailbox folder: the server writes each email as `<outbox id>-<recipient>.eml`
// ---------------------------------------------------------------------------

export const MAILBOX_DIR = process.env.E2E_MAILBOX_DIR!;

export interface Email {
  file: string;
  /** The outbox id, the file name's number: later emails have larger ids. */
  id: number;
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
}

/** The recipient part of a mailbox file name, as the server writes it (app/src/email/worker.rs). */
const mailboxRecipient = (address: string) =>
  [...address].map((c) => (/[A-Za-z0-9@._+-]/.test(c) ? c : '_')).slice(0, 100).join('');

/** The emails in the mailbox folder for `address`, oldest first. */
export function emailsFor(address: string): Email[] {
  const suffix = `-${mailboxRecipient(address)}.eml`;
  let files: string[];
  try {
    files = fs.readdirSync(MAILBOX_DIR);
  } catch {
    return [];
  }
  return files
    .filter((file) => !file.startsWith('.') && file.endsWith(suffix) && /^\d+-/.test(file))
    .map((file) => ({ file, id: Number(file.split('-', 1)[0]) }))
    .sort((a, b) => a.id - b.id)
    .map(({ file, id }) => ({ ...parseEmail(fs.readFileSync(join(MAILBOX_DIR, file), 'utf8')), file, id }));
}

/**
 * Waits (up to `timeout` ms) for an email to `address` newer than the
 * outbox id `after`, and returns the newest.
 */
export async function waitForEmail(address: string, { after = 0, timeout = 20_000 } = {}): Promise<Email> {
  let newest: Email | undefined;
  await expect
    .poll(
      () => {
        newest = emailsFor(address).filter((email) => email.id > after).at(-1);
        return newest !== undefined;
      },
      { timeout, message: `no email to ${address} arrived in ${MAILBOX_DIR}` },
    )
    .toBe(true);
  return newest!;
}

/** The first link in the email's text part whose path is `pathname`. */
export function linkIn(email: Email, pathname: string): string {
  const links = email.text.match(/https?:\/\/[^\s<>"')\]]+/g) ?? [];
  const link = links.find((candidate) => new URL(candidate).pathname === pathname);
  if (!link) throw new Error(`no ${pathname} link in ${email.file}:\n${email.text}`);
  return link;
}

/**
 * A small RFC 5322 / MIME reader, enough for the hub's emails: headers
 * (unfolded, encoded words decoded), and the text and HTML parts of a
 * multipart/alternative body, each decoded from quoted-printable or base64.
 */
export function parseEmail(raw: string): Omit<Email, 'file' | 'id'> {
  const { headers, body } = splitEntity(raw);
  const subject = decodeEncodedWords(headers['subject'] ?? '');
  const parts: { type: string; content: string }[] = [];
  collectParts(headers, body, parts);
  const text = parts.find((part) => part.type === 'text/plain')?.content ?? '';
  const html = parts.find((part) => part.type === 'text/html')?.content ?? '';
  return { headers, subject, text, html };
}

function splitEntity(raw: string): { headers: Record<string, string>; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  const head = match ? raw.slice(0, match.index) : raw;
  const body = match ? raw.slice(match.index + match[0].length) : '';
  const headers: Record<string, string> = {};
  // Unfold: a line starting with white space continues the previous one.
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function collectParts(headers: Record<string, string>, body: string, parts: { type: string; content: string }[]) {
  const contentType = headers['content-type'] ?? 'text/plain';
  const type = contentType.split(';', 1)[0].trim().toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
    if (!boundary) return;
    const sections = body.split(new RegExp(`\\r?\\n?--${escapeRegExp(boundary)}(?:--)?[ \\t]*\\r?\\n?`));
    // The first section is the preamble, the last the epilogue.
    for (const section of sections.slice(1, -1)) {
      const inner = splitEntity(section);
      collectParts(inner.headers, inner.body, parts);
    }
    return;
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').trim().toLowerCase();
  let bytes: Buffer;
  if (encoding === 'quoted-printable') bytes = decodeQuotedPrintable(body);
  else if (encoding === 'base64') bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else bytes = Buffer.from(body, 'utf8');
  parts.push({ type, content: bytes.toString('utf8') });
}

function decodeQuotedPrintable(body: string): Buffer {
  // Soft line breaks first, then =XX escapes, as bytes (UTF-8 comes in several).
  const unwrapped = body.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < unwrapped.length; i++) {
    const hex = unwrapped.slice(i + 1, i + 3);
    if (unwrapped[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(unwrapped[i], 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** `=?utf-8?B?...?=` and `=?utf-8?Q?...?=` in a header. */
function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')).toString('utf8'),
    );
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Presses Tab until `target` has focus; fails after `maxPresses`. */
export async function tabTo(page: Page, target: Locator, maxPresses = 20) {
  for (let presses = 0; presses < maxPresses; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200));
  throw new Error(`${target} not reached in ${maxPresses} Tab presses; focus is on ${focused}`);
}

/**
 * A page that shows the server's HTML and CSS with none of the page's own
 * scripts running, for axe in the `nojs` project: JavaScript is on (axe
 * needs timers) but every document gets a second Content-Security-Policy
 * `script-src 'none'`; Playwright injects axe past it. `cookies` carries a
 * session over from another context. Close its context when done.
 */
export async function scriptFreePage(
  browser: Browser,
  baseURL: string,
  cookies: Parameters<BrowserContext['addCookies']>[0] = [],
): Promise<Page> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: true });
  await context.addCookies(cookies);
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

/**
 * Collects the page's uncaught errors (a panic in the WebAssembly shows up
 * here) from now on, for failure messages: a page whose hydration failed
 * still shows the server's HTML but no longer reacts.
 */
export function recordPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().startsWith('panicked at')) {
      errors.push(message.text().split('\n', 1)[0]);
    }
  });
  return errors;
}

// ---------------------------------------------------------------------------
// Accessibility
// ---------------------------------------------------------------------------

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

/** axe's violations, one paragraph each with the elements concerned. */
export function describeAxeViolations(violations: AxeResults['violations']): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes
        .map((node) => `    ${node.target.join(' ')}\n      ${node.failureSummary?.replace(/\n/g, '\n      ')}`)
        .join('\n');
      return `[${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes}`;
    })
    .join('\n');
}

/**
 * Opens `path` as `page`'s member in a fresh 360px-wide page (in `nojs`
 * with the page's own scripts blocked, see scriptFreePage), checks its
 * heading, that nothing scrolls sideways and that axe finds nothing serious
 * or critical.
 */
export async function expectAccessiblePage(page: Page, browser: Browser, path: string, heading: string) {
  const { baseURL } = test.info().project.use;
  const cookies = await page.context().cookies();
  let target: Page;
  if (javaScriptEnabled()) {
    const context = await browser.newContext({ baseURL, javaScriptEnabled: true });
    await context.addCookies(cookies);
    target = await context.newPage();
    await target.setViewportSize({ width: 360, height: 800 });
    await gotoAndWaitForHydration(target, path);
  } else {
    target = await scriptFreePage(browser, baseURL!, cookies);
    await target.setViewportSize({ width: 360, height: 800 });
    await target.goto(path);
    expect(await routerIsLive(target), 'page scripts ran').toBe(false);
  }
  try {
    await expect(pageHeading(target)).toContainText(heading);
    const overflow = await target.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `${path} scrolls sideways at 360px`).toBeLessThanOrEqual(0);
    const results = await new AxeBuilder({ page: target }).analyze();
    const blocking = results.violations.filter(
      (violation) => violation.impact === 'serious' || violation.impact === 'critical',
    );
    expect(blocking, `axe violations on ${path}:\n${describeAxeViolations(blocking)}`).toEqual([]);
  } finally {
    await target.context().close();
  }
}
