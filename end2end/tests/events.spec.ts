// The events domain end to end, with and without JavaScript: an admin
// creates a program's event with one place and a waitlist through the
// "New event" form; one member registers, the next joins the waitlist, the
// first cancels and the place (and an email) goes to the second; the
// calendar file downloads; the admin gives a place by hand, checks both in
// and downloads the attendee CSV; a signed-in non-member is refused the
// program's event. A hub-wide online event shows its link only to a member
// with a place (on the page and in the calendar file), and the member's
// personal calendar feed from the account page lists it. axe checks the
// events pages.
//
// The e2e server starts without demo data, so each test makes its own
// members (signed up through the UI) and, where it needs one, its own
// program. Titles carry a random part: js and nojs share one database.
import { type Browser, type Locator, type Page } from '@playwright/test';
import fs from 'node:fs';
import { expect, test } from './fixtures';
import {
  ADMIN,
  createProgram,
  emailsFor,
  expectAccessiblePage,
  field,
  gotoAndWaitForHydration,
  linkIn,
  newMember,
  newProgram,
  newProjectPage,
  signIn,
  signUp,
  type Email,
  type Member,
  type Program,
} from './support';

const main = (page: Page) => page.getByRole('main');
const button = (scope: Page | Locator, name: string | RegExp) =>
  scope.getByRole('button', typeof name === 'string' ? { name, exact: true } : { name });
/** The event page's "Your place" section. */
const yourPlace = (page: Page) => main(page).getByRole('region', { name: 'Your place' });
/** The event page's "Manage this event" section (managers only). */
const manage = (page: Page) => main(page).getByRole('region', { name: 'Manage this event' });
/** One member's row on the attendees page. */
/** The attendees page's counts ("1 registered · 0 attended · …"). */
const counts = (page: Page) => main(page).getByRole('status').filter({ hasText: ' attended · ' });
const attendee = (page: Page, member: Member) =>
  main(page).locator('li.attendee').filter({ has: page.getByRole('link', { name: member.name, exact: true }) });

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const ONLINE_HIDDEN = 'The link to join online is shown here once you have a place.';

async function newPerson(browser: Browser, opened: Page[], label: string): Promise<{ page: Page; member: Member }> {
  const page = await newProjectPage(browser);
  opened.push(page);
  const member = await signUp(page, newMember(label));
  return { page, member };
}

async function closeAll(pages: Page[]) {
  for (const opened of pages) await opened.context().close();
}

interface NewEvent {
  title: string;
  zone: string;
  /** `datetime-local` values: 2027-05-10T18:00 */
  starts: string;
  ends: string;
  format: 'In person' | 'Online' | 'In person and online';
  address?: string;
  onlineLink?: string;
  /** Empty for no limit. */
  places?: string;
}

/**
 * A manager opens the space's Events tab (`/events` or
 * `/programs/<slug>/events`), follows "New event", fills the form and
 * creates the event, keeping the waitlist ticked. Returns the event's path.
 */
async function createEvent(admin: Page, spacePath: string, event: NewEvent): Promise<string> {
  await gotoAndWaitForHydration(admin, spacePath);
  await main(admin).getByRole('link', { name: 'New event', exact: true }).click();
  await expect(admin).toHaveURL(`${spacePath}/new`);
  await expect(main(admin).getByRole('heading', { name: 'New event', exact: true })).toBeVisible();
  await field(admin, 'Title').fill(event.title);
  await field(admin, 'Description').fill('Bring **one question** you want to ask.');
  await field(admin, 'Time zone').fill(event.zone);
  await field(admin, 'Starts').fill(event.starts);
  await field(admin, 'Ends').fill(event.ends);
  await main(admin).getByRole('group', { name: 'Format' }).getByLabel(event.format, { exact: true }).check();
  if (event.address !== undefined) await field(admin, 'Address').fill(event.address);
  if (event.onlineLink !== undefined) await field(admin, 'Online link').fill(event.onlineLink);
  await field(admin, 'Places').fill(event.places ?? '');
  await expect(main(admin).getByRole('checkbox', { name: 'Keep a waitlist when the event is full' })).toBeChecked();
  await button(main(admin), 'Create the event').click();
  await expect(admin).toHaveURL(new RegExp(`${escapeRegExp(spacePath)}/\\d+\\?saved=1$`));
  await expect(main(admin).getByText('The event is saved.')).toBeVisible();
  await expect(main(admin).getByRole('heading', { name: event.title })).toBeVisible();
  return new URL(admin.url()).pathname;
}

/** Opens the event and presses `action` in "Your place"; waits for `outcome` there. */
async function takePlace(page: Page, eventPath: string, action: 'Register' | 'Join the waitlist', outcome: string) {
  await gotoAndWaitForHydration(page, eventPath);
  await button(yourPlace(page), action).click();
  await expect(page).toHaveURL(`${eventPath}?registered=1`);
  await expect(yourPlace(page).getByText('Done: your place is below.')).toBeVisible();
  await expect(yourPlace(page).getByText(outcome, { exact: true })).toBeVisible();
}

/** Waits for the email to `address` with this subject. */
async function waitForSubject(address: string, subject: string): Promise<Email> {
  let found: Email | undefined;
  await expect
    .poll(
      () => {
        found = emailsFor(address).find((email) => email.subject === subject);
        return found !== undefined;
      },
      { timeout: 20_000, message: `no email "${subject}" to ${address}` },
    )
    .toBe(true);
  return found!;
}

/** A calendar file's text with its folded lines joined again (RFC 5545 §3.1). */
const unfold = (ics: string) => ics.replace(/\r?\n[ \t]/g, '');

/** Clicks the event page's calendar link and returns the downloaded file's text. */
async function downloadCalendar(page: Page): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    main(page).getByRole('link', { name: 'Add to my calendar (.ics)' }).click(),
  ]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: unfold(fs.readFileSync(path, 'utf8')) };
}

const uidOf = (ics: string) => /^UID:(.+)$/m.exec(ics)?.[1]?.trim();

test('a program event with one place fills up, keeps a waitlist and passes a freed place on', async ({ browser }) => {
  test.setTimeout(300_000);
  const opened: Page[] = [];
  const program: Program = newProgram('meetup');
  const title = `Spring mentor meetup ${unique()}`;
  const space = `/programs/${program.slug}/events`;
  try {
    const admin = await newProjectPage(browser);
    opened.push(admin);
    await signIn(admin, ADMIN);
    await createProgram(admin, program, { approveAll: true });

    const join = async (page: Page) => {
      await gotoAndWaitForHydration(page, `/programs/${program.slug}/join?role=mentee`);
      await button(main(page), 'Join program').click();
      await expect(page).toHaveURL(`/programs/${program.slug}?joined=approved`);
    };
    const a = await newPerson(browser, opened, 'early');
    await join(a.page);
    const b = await newPerson(browser, opened, 'late');
    await join(b.page);

    const eventPath = await test.step('the admin creates an event with 1 place and a waitlist', async () => {
      const path = await createEvent(admin, space, {
        title,
        zone: 'Europe/Berlin',
        starts: '2027-05-10T18:00',
        ends: '2027-05-10T20:00',
        format: 'In person',
        address: 'Library, Room 2, Main Street 1',
        places: '1',
      });
      await expect(main(admin).getByText('Mon 10 May 2027, 18:00–20:00', { exact: false }).first()).toBeVisible();
      await expect(main(admin).getByText('1 place left of 1').first()).toBeVisible();
      return path;
    });

    await test.step('members find the event on the program\'s Events tab', async () => {
      await gotoAndWaitForHydration(a.page, space);
      await main(a.page).getByRole('link', { name: title }).click();
      await expect(a.page).toHaveURL(eventPath);
      await expect(main(a.page).getByRole('heading', { name: title })).toBeVisible();
      await expect(main(a.page).getByText('In person · Library, Room 2, Main Street 1')).toBeVisible();
    });

    await test.step('member A registers', async () => {
      await takePlace(a.page, eventPath, 'Register', 'You are registered.');
      await expect(button(yourPlace(a.page), 'Cancel my registration')).toBeVisible();
    });

    await test.step('member B finds the event full and joins the waitlist', async () => {
      await gotoAndWaitForHydration(b.page, eventPath);
      await expect(main(b.page).getByText('Full · waitlist open').first()).toBeVisible();
      await expect(yourPlace(b.page).getByText(/^The event is full\./)).toBeVisible();
      await takePlace(b.page, eventPath, 'Join the waitlist', 'You are next on the waitlist.');
      await expect(button(yourPlace(b.page), 'Leave the waitlist')).toBeVisible();
    });

    await test.step('the admin sees the counts on the event page', async () => {
      await gotoAndWaitForHydration(admin, eventPath);
      await expect(manage(admin).getByText('1 registered · 1 on the waitlist')).toBeVisible();
    });

    await test.step('A cancels: the place goes to B, who gets an email about it', async () => {
      await gotoAndWaitForHydration(a.page, eventPath);
      await button(yourPlace(a.page), 'Cancel my registration').click();
      await expect(a.page).toHaveURL(`${eventPath}?cancelled=1`);
      await expect(yourPlace(a.page).getByText('Your registration is cancelled.')).toBeVisible();
      // A holds nothing now; the event is full again, with B's place.
      await expect(button(yourPlace(a.page), 'Join the waitlist')).toBeVisible();

      const email = await waitForSubject(b.member.email, `You have a place at ${title}`);
      expect(email.text).toContain('it is yours: you are registered now');
      await gotoAndWaitForHydration(b.page, linkIn(email, eventPath));
      await expect(yourPlace(b.page).getByText('You are registered.', { exact: true })).toBeVisible();
      await expect(button(yourPlace(b.page), 'Cancel my registration')).toBeVisible();
    });

    await test.step('B downloads the calendar file', async () => {
      const { name, text } = await downloadCalendar(b.page);
      expect(name).toMatch(/^event-\d+\.ics$/);
      expect(text).toContain('BEGIN:VCALENDAR');
      expect(text).toContain('BEGIN:VEVENT');
      expect(text).toContain(`SUMMARY:${title}`);
      const uid = uidOf(text);
      expect(uid, `no UID in:\n${text}`).toMatch(/^[0-9a-f]{32}@mentorhub$/);
      expect(text).toContain('END:VCALENDAR');
      // The same event has the same UID for everyone who downloads it.
      const response = await admin.request.get(`${eventPath}/calendar.ics`);
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toContain('text/calendar');
      expect(uidOf(unfold(await response.text()))).toBe(uid);
    });

    await test.step('A joins the waitlist again; the admin gives A a place by hand', async () => {
      await takePlace(a.page, eventPath, 'Join the waitlist', 'You are next on the waitlist.');

      await gotoAndWaitForHydration(admin, eventPath);
      await manage(admin).getByRole('link', { name: 'Attendees and check-in' }).click();
      await expect(admin).toHaveURL(`${eventPath}/attendees`);
      await expect(main(admin).getByRole('heading', { name: `Attendees: ${title}` })).toBeVisible();
      await expect(counts(admin)).toHaveText(
        '1 registered · 0 attended · 0 did not come · 1 on the waitlist · 0 cancelled',
      );
      await expect(attendee(admin, a.member).getByText('number 1 on the waitlist')).toBeVisible();

      await button(attendee(admin, a.member), /^Give a place/).click();
      await expect(main(admin).getByText('Promoted: they have a place and an email.')).toBeVisible();
      await expect(counts(admin)).toHaveText(
        '2 registered · 0 attended · 0 did not come · 0 on the waitlist · 0 cancelled',
      );
      await expect(main(admin).getByText('2 of 1 places taken.')).toBeVisible();
      await waitForSubject(a.member.email, `You have a place at ${title}`);
    });

    await test.step('the admin checks A and B in', async () => {
      for (const person of [a, b]) {
        await button(attendee(admin, person.member), /^Attended/).click();
        await expect(admin).toHaveURL(new RegExp(`${escapeRegExp(eventPath)}/attendees\\?done=attended#attendee-\\d+$`));
        await expect(button(attendee(admin, person.member), /^Undo check-in/)).toBeVisible();
        await expect(attendee(admin, person.member).getByText('Attended', { exact: true })).toBeVisible();
      }
      await expect(main(admin).getByText('Checked in.')).toBeVisible();
      await expect(counts(admin)).toHaveText(
        '0 registered · 2 attended · 0 did not come · 0 on the waitlist · 0 cancelled',
      );

      // B sees the check-in on the event page.
      await gotoAndWaitForHydration(b.page, eventPath);
      await expect(yourPlace(b.page).getByText('You attended.', { exact: true })).toBeVisible();
    });

    await test.step('the attendee list downloads as CSV, for the admins only', async () => {
      const response = await admin.request.get(`${eventPath}/attendees.csv`);
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toContain('text/csv');
      const csv = await response.text();
      expect(csv.split(/\r?\n/, 1)[0]).toBe('Name,Email,Status,Waitlist position,Since (UTC)');
      expect(csv).toContain(a.member.email);
      expect(csv).toContain(b.member.email);
      expect(csv).toContain('Attended');
      expect((await b.page.request.get(`${eventPath}/attendees.csv`)).status()).toBe(403);
    });

    await test.step('a signed-in member who is not in the program is refused the event', async () => {
      const outsider = await newPerson(browser, opened, 'outsider');
      const response = await outsider.page.goto(eventPath);
      expect(response?.status()).toBe(403);
      await expect(main(outsider.page).getByRole('heading', { name: 'Events are for members' })).toBeVisible();
      await expect(main(outsider.page).getByText(title)).toHaveCount(0);
      expect(await outsider.page.content()).not.toContain(title);
      expect((await outsider.page.request.get(`${eventPath}/calendar.ics`)).status()).toBe(403);
    });

    await test.step('the program\'s event page is accessible', async () => {
      await expectAccessiblePage(b.page, browser, eventPath, program.name);
      await expectAccessiblePage(admin, browser, `${eventPath}/attendees`, program.name);
    });
  } finally {
    await closeAll(opened);
  }
});

test('a hub-wide online event shows its link only to members with a place', async ({ browser, request }) => {
  test.setTimeout(240_000);
  const opened: Page[] = [];
  const title = `Open office hour ${unique()}`;
  const link = `https://meet.example.test/room-${unique()}`;
  try {
    const admin = await newProjectPage(browser);
    opened.push(admin);
    await signIn(admin, ADMIN);

    const eventPath = await test.step('the hub admin creates an online event at /events/new', () =>
      createEvent(admin, '/events', {
        title,
        zone: 'UTC',
        starts: '2027-06-01T16:00',
        ends: '2027-06-01T17:00',
        format: 'Online',
        onlineLink: link,
      }),
    );
    // The admin holds no place: no link for them either.
    await expect(main(admin).getByText(ONLINE_HIDDEN)).toBeVisible();
    await expect(main(admin).getByRole('link', { name: link })).toHaveCount(0);

    const guest = await newPerson(browser, opened, 'guest');
    const onlooker = await newPerson(browser, opened, 'onlooker');

    await test.step('any member finds it on the hub\'s Events tab; without a place the link is hidden', async () => {
      await gotoAndWaitForHydration(onlooker.page, '/events');
      await main(onlooker.page).getByRole('link', { name: title }).click();
      await expect(onlooker.page).toHaveURL(eventPath);
      await expect(main(onlooker.page).getByText('No limit on places').first()).toBeVisible();
      await expect(main(onlooker.page).getByText(ONLINE_HIDDEN)).toBeVisible();
      expect(await onlooker.page.content()).not.toContain(link);
      const ics = unfold(await (await onlooker.page.request.get(`${eventPath}/calendar.ics`)).text());
      expect(ics).toContain(`SUMMARY:${title}`);
      expect(ics).not.toContain(link);
    });

    await test.step('a member registers and then sees the link, also in the calendar file', async () => {
      await takePlace(guest.page, eventPath, 'Register', 'You are registered.');
      const shown = main(guest.page).getByRole('link', { name: link });
      await expect(shown).toBeVisible();
      await expect(shown).toHaveAttribute('href', link);
      await expect(main(guest.page).getByText(ONLINE_HIDDEN)).toHaveCount(0);
      const { text } = await downloadCalendar(guest.page);
      expect(text).toContain('BEGIN:VCALENDAR');
      expect(text).toContain(`SUMMARY:${title}`);
      expect(uidOf(text)).toMatch(/^[0-9a-f]{32}@mentorhub$/);
      expect(text).toContain(`Join online: ${link}`);
    });

    await test.step('the personal calendar feed on the account page lists the event', async () => {
      await gotoAndWaitForHydration(guest.page, '/account');
      const section = main(guest.page).getByRole('region', { name: 'Calendar feed' });
      await expect(section.getByRole('link', { name: 'Subscribe in my calendar app' })).toHaveAttribute(
        'href',
        /^webcal:\/\//,
      );
      const address = await section.getByLabel('Feed address').inputValue();
      expect(address).toMatch(/\/calendar\/[^/]+\.ics$/);
      // The address is the credential: no cookie goes with it.
      const feed = await request.get(new URL(address).pathname);
      expect(feed.status()).toBe(200);
      const ics = unfold(await feed.text());
      expect(ics).toContain('BEGIN:VCALENDAR');
      expect(ics).toContain(`SUMMARY:${title}`);
    });

    await test.step('the admin sees the registration among the attendees', async () => {
      await gotoAndWaitForHydration(admin, `${eventPath}/attendees`);
      await expect(main(admin).getByRole('heading', { name: `Attendees: ${title}` })).toBeVisible();
      await expect(counts(admin)).toHaveText(
        '1 registered · 0 attended · 0 did not come · 0 on the waitlist · 0 cancelled',
      );
      await expect(main(admin).getByText('1 place taken; no limit.')).toBeVisible();
    });

    await test.step('members are turned away from the new-event form', async () => {
      const response = await onlooker.page.goto('/events/new');
      expect(response?.status()).toBe(403);
      await expect(main(onlooker.page).getByRole('heading', { name: "For the hub's admins" })).toBeVisible();
    });
  } finally {
    await closeAll(opened);
  }
});

test('the events pages are accessible', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await signIn(page, ADMIN);
  const title = `Accessible evening ${unique()}`;
  const eventPath = await createEvent(page, '/events', {
    title,
    zone: 'Europe/London',
    starts: '2027-07-01T18:00',
    ends: '2027-07-01T21:00',
    format: 'In person and online',
    address: 'Town Hall, Market Square',
    onlineLink: 'https://meet.example.test/evening',
    places: '20',
  });
  await expectAccessiblePage(page, browser, '/events', 'Events');
  await expectAccessiblePage(page, browser, '/events/new', 'New event');
  await expectAccessiblePage(page, browser, eventPath, title);
  await expectAccessiblePage(page, browser, `${eventPath}/edit`, 'Edit the event');
  await expectAccessiblePage(page, browser, `${eventPath}/attendees`, `Attendees: ${title}`);
});
