// The mentors domain end to end, with and without JavaScript: the Mentors
// tab (filters, places, favorites), a mentorship request answered from the
// link in the mentor's email, and the admins' cohort matching (suggest,
// pin, remove, publish, the emails) and one-to-one matching.
//
// The e2e server starts without demo data (scripts/e2e-server.sh sets
// DEMO_DATA=off), so every test makes its own program (the hub admin,
// through /programs/new, approval automatic, in the matching mode it needs)
// and its own members (signed up through the UI, profile edited, joined
// through the join page). Nothing here depends on another test, and reruns
// start from an empty database anyway.
import { type Browser, type Locator, type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  ADMIN,
  emailsFor,
  expectAccessiblePage,
  field,
  fieldError,
  gotoAndWaitForHydration,
  javaScriptEnabled,
  linkIn,
  newMember,
  newProgram,
  newProjectPage,
  pageHeading,
  signIn,
  signUp,
  waitForHydration,
  type Email,
  type Member,
  type Program,
} from './support';

const ADMINS_MATCH = 'Admins match mentors and mentees';
const FAVORITES = 'Mentees mark favorite mentors, admins match';
const REQUESTS = 'Mentees request a mentor, mentors accept';

const main = (page: Page) => page.getByRole('main');
const button = (scope: Page | Locator, name: string | RegExp) =>
  scope.getByRole('button', typeof name === 'string' ? { name, exact: true } : { name });
const notice = (page: Page, text: string | RegExp) => main(page).getByRole('status').filter({ hasText: text });

/** The "Your mentoring" panel above the cards. */
const mentoring = (page: Page) => main(page).getByRole('region', { name: 'Your mentoring' });
const cards = (page: Page) => main(page).locator('li.mentor-card');
const card = (page: Page, member: Member) =>
  cards(page).filter({ has: page.getByRole('heading', { level: 3, name: member.name, exact: true }) });
const favoriteButton = (scope: Locator) => scope.locator('.mentor-card__favorite button');
const filters = (page: Page) => main(page).getByRole('search');

interface Person {
  page: Page;
  member: Member;
}

/**
 * The hub admin creates an open program that approves everyone at once,
 * in the matching mode `mode`, with `capacity` places per mentor.
 */
async function createMentoringProgram(admin: Page, program: Program, mode: string, capacity: number) {
  await gotoAndWaitForHydration(admin, '/programs/new');
  await field(admin, 'Name').fill(program.name);
  await field(admin, 'Address (URL slug)').fill(program.slug);
  await field(admin, 'Summary').fill('Pairs of mentors and mentees, for the end-to-end tests.');
  await main(admin).getByRole('group', { name: 'Status' }).getByLabel('Open', { exact: true }).check();
  await main(admin).getByRole('radio', { name: 'Everyone who applies is approved at once' }).check();
  await main(admin).getByRole('radio', { name: mode }).check();
  await field(admin, 'Default mentor capacity').fill(String(capacity));
  await button(main(admin), 'Create program').click();
  await expect(admin).toHaveURL(`/programs/${program.slug}/admin/settings?created=1`);
  await expect(main(admin).getByText(/^The program is created/)).toBeVisible();
}

/** Headline and expertise on the member's profile (the score and the filters read them). */
async function editProfile(page: Page, profile: { headline?: string; expertise: string }) {
  await gotoAndWaitForHydration(page, '/profile');
  if (profile.headline) await field(page, 'Headline').fill(profile.headline);
  await field(page, 'Expertise').fill(profile.expertise);
  await button(main(page), 'Save profile').click();
  await expect(page).toHaveURL('/profile?saved=1');
  await expect(page.getByRole('status').filter({ hasText: 'Your profile is saved.' })).toBeVisible();
}

/** Joins through the join page; the program approves at once. */
async function joinAs(page: Page, program: Program, role: 'mentor' | 'mentee') {
  await gotoAndWaitForHydration(page, `/programs/${program.slug}/join?role=${role}`);
  await expect(main(page).getByText(`You are joining as a ${role}.`)).toBeVisible();
  await button(main(page), 'Join program').click();
  await expect(page).toHaveURL(`/programs/${program.slug}?joined=approved`);
}

/** A new member in a browser of their own, with a profile, in `program` as `role`. */
async function newPerson(
  browser: Browser,
  opened: Page[],
  program: Program,
  role: 'mentor' | 'mentee',
  profile: { headline?: string; expertise: string },
): Promise<Person> {
  const page = await newProjectPage(browser);
  opened.push(page);
  const member = await signUp(page, newMember(role));
  await editProfile(page, profile);
  await joinAs(page, program, role);
  return { page, member };
}

/** Opens the Mentors tab (with `query`, e.g. `?places=any`). */
async function openMentors(page: Page, program: Program, query = '') {
  const response = await gotoAndWaitForHydration(page, `/programs/${program.slug}/mentors${query}`);
  expect(response.status()).toBe(200);
  await expect(pageHeading(page)).toHaveText(program.name);
  await expect(main(page).getByRole('heading', { name: 'Mentors', level: 2, exact: true })).toBeVisible();
}

/** The user id behind a mentor card (`li#mentor-<id>`). */
async function mentorId(mentorCard: Locator): Promise<string> {
  const id = /^mentor-(\d+)$/.exec((await mentorCard.getAttribute('id')) ?? '')?.[1];
  expect(id, 'mentor card id').toBeTruthy();
  return id!;
}

/** Submits the filters form. */
async function showMentors(page: Page) {
  await button(filters(page), 'Show mentors').click();
}

/** Waits for an email to `address` whose subject is `subject`. */
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

async function closeAll(pages: Page[]) {
  for (const opened of pages) await opened.context().close();
}

test('a mentee filters the mentors and marks a favorite that survives a reload', async ({ page, browser }) => {
  test.setTimeout(240_000);
  const program = newProgram('favorites');
  const opened: Page[] = [];
  try {
    const admin = await newProjectPage(browser);
    opened.push(admin);
    await signIn(admin, ADMIN);
    await createMentoringProgram(admin, program, FAVORITES, 2);

    const ada = await newPerson(browser, opened, program, 'mentor', {
      headline: 'Backend engineer',
      expertise: 'Rust, Databases',
    });
    const ben = await newPerson(browser, opened, program, 'mentor', {
      headline: 'Product designer',
      expertise: 'Design, Research',
    });
    const cy = await newPerson(browser, opened, program, 'mentor', {
      headline: 'Quality engineer',
      expertise: 'Rust, Testing',
    });

    await test.step('a mentor stops taking mentees for now', async () => {
      await openMentors(ben.page, program);
      const panel = mentoring(ben.page);
      await expect(panel.getByRole('heading', { name: 'Your mentees', exact: true })).toBeVisible();
      await expect(panel.getByText('No mentees yet.')).toBeVisible();
      await expect(panel.getByLabel('How many mentees you take')).toHaveValue('');
      const taking = panel.getByLabel('Taking new mentees now');
      await expect(taking).toBeChecked();
      await taking.uncheck();
      await button(panel, 'Save my places').click();
      await expect(ben.page).toHaveURL(`/programs/${program.slug}/mentors?places=any&saved=1`);
      await expect(notice(ben.page, 'Your places are saved.')).toBeVisible();
      await expect(mentoring(ben.page).getByLabel('Taking new mentees now')).not.toBeChecked();
      await expect(card(ben.page, ben.member).getByText('Not taking mentees now')).toBeVisible();
    });

    await signUp(page, newMember('mentee'));
    await editProfile(page, { expertise: 'Rust' });
    await joinAs(page, program, 'mentee');

    await test.step('the mentee sees the mentors with open places', async () => {
      await openMentors(page, program);
      await expect(mentoring(page).getByRole('heading', { name: 'Your mentor', exact: true })).toBeVisible();
      await expect(mentoring(page)).toContainText('You have no mentor yet. Mark the mentors you would like as favorites');
      await expect(cards(page)).toHaveCount(2);
      await expect(card(page, ada.member)).toBeVisible();
      await expect(card(page, cy.member)).toBeVisible();
      await expect(card(page, ben.member)).toHaveCount(0);
      await expect(card(page, ada.member).getByText('2 of 2 places open')).toBeVisible();
      await expect(card(page, ada.member).getByRole('link', { name: ada.member.name })).toHaveAttribute(
        'href',
        /^\/members\/\d+$/,
      );
      await expect(card(page, ada.member).getByRole('list', { name: `Expertise of ${ada.member.name}` })).toContainText(
        'Databases',
      );
      // Favorites mode: no requests.
      await expect(main(page).getByRole('link', { name: /Ask to be my mentor/ })).toHaveCount(0);
      await expect(favoriteButton(card(page, ada.member))).toHaveAttribute('aria-pressed', 'false');
    });

    await test.step('"Everyone, full or not" adds the mentor who is not taking mentees', async () => {
      await filters(page).getByLabel('Places', { exact: true }).selectOption({ label: 'Everyone, full or not' });
      await showMentors(page);
      await expect(page).toHaveURL(/[?&]places=any(&|$)/);
      await expect(cards(page)).toHaveCount(3);
      await expect(card(page, ben.member).getByText('Not taking mentees now')).toBeVisible();
    });

    await test.step('the search box and the expertise narrow the list', async () => {
      await filters(page).getByLabel('Places', { exact: true }).selectOption({ label: 'With open places' });
      await filters(page).getByLabel('Search mentors').fill('rust');
      await showMentors(page);
      await expect(page).toHaveURL(/[?&]q=rust(&|$)/);
      await expect(cards(page)).toHaveCount(2);
      await expect(card(page, ben.member)).toHaveCount(0);

      await filters(page).getByLabel('Expertise', { exact: true }).selectOption('Databases');
      await showMentors(page);
      await expect(page).toHaveURL(/[?&]expertise=Databases(&|$)/);
      await expect(cards(page)).toHaveCount(1);
      await expect(card(page, ada.member)).toBeVisible();
      // The form shows the filters it was sent with.
      await expect(filters(page).getByLabel('Search mentors')).toHaveValue('rust');
      await expect(filters(page).getByLabel('Expertise', { exact: true })).toHaveValue('Databases');

      await filters(page).getByLabel('Search mentors').fill('nobody has this topic');
      await showMentors(page);
      await expect(main(page).getByRole('heading', { name: 'No mentors match these filters', exact: true })).toBeVisible();
      await filters(page).getByLabel('Search mentors').fill('rust');
      await showMentors(page);
      await expect(cards(page)).toHaveCount(1);
    });

    const adaId = await mentorId(card(page, ada.member));
    await test.step('the mentee marks a favorite, which survives a reload', async () => {
      const toggle = favoriteButton(card(page, ada.member));
      await expect(toggle).toHaveText(/☆ Mark as favorite/);
      await toggle.click();
      // The post comes back to the same list, at the same card (a plain
      // post by redirect; with JavaScript the router follows the same one).
      await expect(page).toHaveURL(`/programs/${program.slug}/mentors?q=rust&expertise=Databases#mentor-${adaId}`);
      await expect(favoriteButton(card(page, ada.member))).toHaveAttribute('aria-pressed', 'true');
      await expect(favoriteButton(card(page, ada.member))).toHaveText(/★ Favorite/);
      await expect(cards(page)).toHaveCount(1);
      await expect(filters(page).getByLabel('Search mentors')).toHaveValue('rust');

      await page.reload();
      if (javaScriptEnabled()) await waitForHydration(page);
      await expect(favoriteButton(card(page, ada.member))).toHaveAttribute('aria-pressed', 'true');
      await expect(mentoring(page)).toContainText('1 favorite marked.');
    });

    await test.step('"Only my favorites" lists the favorite alone', async () => {
      await openMentors(page, program);
      await filters(page).getByLabel('Only my favorites').check();
      await showMentors(page);
      await expect(page).toHaveURL(/[?&]favorites=1(&|$)/);
      await expect(cards(page)).toHaveCount(1);
      await expect(card(page, ada.member)).toBeVisible();
      await expect(filters(page).getByLabel('Only my favorites')).toBeChecked();
    });

    await test.step('the mentee unmarks the favorite', async () => {
      await openMentors(page, program);
      await expect(cards(page)).toHaveCount(2);
      await favoriteButton(card(page, ada.member)).click();
      await expect(page).toHaveURL(`/programs/${program.slug}/mentors#mentor-${adaId}`);
      await expect(favoriteButton(card(page, ada.member))).toHaveAttribute('aria-pressed', 'false');
      await expect(favoriteButton(card(page, ada.member))).toHaveText(/☆ Mark as favorite/);
      await page.reload();
      if (javaScriptEnabled()) await waitForHydration(page);
      await expect(favoriteButton(card(page, ada.member))).toHaveAttribute('aria-pressed', 'false');
      await openMentors(page, program, '?favorites=1');
      await expect(main(page).getByRole('heading', { name: 'No mentors match these filters', exact: true })).toBeVisible();
    });

    await test.step('the Mentors tab passes axe at 360px, for a mentee and a mentor', async () => {
      await expectAccessiblePage(page, browser, `/programs/${program.slug}/mentors?places=any`, program.name);
      await expectAccessiblePage(ben.page, browser, `/programs/${program.slug}/mentors`, program.name);
    });
  } finally {
    await closeAll(opened);
  }
});

test('a mentee asks a mentor, who accepts from the link in the email', async ({ page, browser }) => {
  test.setTimeout(240_000);
  const program = newProgram('requests');
  const opened: Page[] = [];
  try {
    const admin = await newProjectPage(browser);
    opened.push(admin);
    await signIn(admin, ADMIN);
    await createMentoringProgram(admin, program, REQUESTS, 2);

    const mentor = await newPerson(browser, opened, program, 'mentor', {
      headline: 'Staff engineer',
      expertise: 'Rust, Mentoring',
    });
    const mentee = await signUp(page, newMember('mentee'));
    await editProfile(page, { expertise: 'Rust' });
    await joinAs(page, program, 'mentee');

    const requestPath = await test.step('the mentee opens the request form from the card', async () => {
      await openMentors(page, program);
      await expect(mentoring(page).getByRole('heading', { name: 'Your mentor', exact: true })).toBeVisible();
      await expect(mentoring(page)).toContainText('You have no mentor yet. Ask one of the mentors below');
      const mentorCard = card(page, mentor.member);
      await expect(mentorCard.getByText('2 of 2 places open')).toBeVisible();
      const id = await mentorId(mentorCard);
      await mentorCard.getByRole('link', { name: /^Ask to be my mentor/ }).click();
      const path = `/programs/${program.slug}/mentors/${id}/request`;
      await expect(page).toHaveURL(path);
      await expect(pageHeading(page)).toHaveText(`Ask ${mentor.member.name} to be your mentor`);
      return path;
    });

    const message = field(page, 'Your message');
    await test.step('the suggested message must be made the mentee’s own, and long enough', async () => {
      // The template's "…" are for the mentee to replace.
      await expect(message).toHaveValue(/What I hope to work on: …/);
      await button(main(page), 'Send the request').click();
      await expect(fieldError(page, 'message')).toContainText('Replace the “…” in the suggested message');
      await expect(message).toHaveAttribute('aria-invalid', 'true');

      await message.fill('Teach me Rust');
      await button(main(page), 'Send the request').click();
      await expect(fieldError(page, 'message')).toContainText('at least 20 characters');
      await expect(message).toHaveValue('Teach me Rust');
      expect(new URL(page.url()).pathname).toBe(requestPath);
    });

    const text = `I would like to write my first async service in Rust, meeting every other week (${mentee.email}).`;
    await test.step('the mentee sends the request', async () => {
      await message.fill(text);
      await button(main(page), 'Send the request').click();
      await expect(page).toHaveURL(`/programs/${program.slug}/requests?sent=1`);
      await expect(pageHeading(page)).toHaveText('Mentorship requests');
      await expect(notice(page, 'Your request is sent. The mentor gets an email and answers here.')).toBeVisible();
      const sent = main(page).getByRole('region', { name: 'Requests you sent' });
      const item = sent.getByRole('listitem').filter({ hasText: mentor.member.name });
      await expect(item).toContainText('Pending');
      await expect(item).toContainText(text);
      await expect(button(item, /^Withdraw/)).toBeVisible();
      await expect(main(page).getByRole('region', { name: 'Requests to you' })).toContainText('Nobody has asked you yet.');

      // The card says so, and offers no second request.
      await openMentors(page, program);
      await expect(card(page, mentor.member).getByText('Request sent')).toBeVisible();
      await expect(card(page, mentor.member).getByRole('link', { name: /Ask to be my mentor/ })).toHaveCount(0);
      await expect(mentoring(page).getByRole('link', { name: 'Your requests (1 waiting)' })).toBeVisible();
    });

    const answer = 'Happy to. Let us start next Tuesday.';
    await test.step('the mentor opens the link from the email and accepts', async () => {
      const email = await waitForSubject(
        mentor.member.email,
        `${mentee.name} asks you to be their mentor in ${program.name}`,
      );
      expect(email.text).toContain(text);
      const link = linkIn(email, `/programs/${program.slug}/requests`);
      await gotoAndWaitForHydration(mentor.page, link);
      await expect(pageHeading(mentor.page)).toHaveText('Mentorship requests');
      const received = main(mentor.page).getByRole('region', { name: 'Requests to you' });
      const item = received.getByRole('listitem').filter({ hasText: mentee.name });
      await expect(item).toContainText('Pending');
      await expect(item).toContainText(text);
      await expectAccessiblePage(mentor.page, browser, `/programs/${program.slug}/requests`, 'Mentorship requests');

      await item.getByLabel(`A message for ${mentee.name} (optional)`).fill(answer);
      await button(item, 'Accept').click();
      await expect(mentor.page).toHaveURL(`/programs/${program.slug}/requests?accepted=1`);
      await expect(notice(mentor.page, 'You accepted: your new mentee is on the Mentors tab.')).toBeVisible();
      const decided = main(mentor.page).getByRole('region', { name: 'Requests to you' }).getByRole('listitem').filter({ hasText: mentee.name });
      await expect(decided).toContainText('Accepted');
      await expect(decided).toContainText(answer);
      await expect(button(decided, 'Accept')).toHaveCount(0);
    });

    await test.step('the mentee is told by email', async () => {
      const email = await waitForSubject(mentee.email, `${mentor.member.name} is now your mentor`);
      expect(email.text).toContain(answer);
      expect(email.text).toContain(mentor.member.email);
    });

    await test.step('both see the mentorship on the Mentors tab', async () => {
      await openMentors(page, program);
      const mine = mentoring(page);
      await expect(mine.getByRole('heading', { name: 'Your mentor', exact: true })).toBeVisible();
      await expect(mine.getByRole('link', { name: mentor.member.name, exact: true })).toHaveAttribute('href', /^\/members\/\d+$/);
      await expect(mine).not.toContainText('You have no mentor yet');
      await expect(main(page).getByRole('link', { name: /Ask to be my mentor/ })).toHaveCount(0);
      await expect(card(page, mentor.member).getByText('1 of 2 places open')).toBeVisible();

      await openMentors(mentor.page, program);
      const theirs = mentoring(mentor.page);
      await expect(theirs.getByRole('heading', { name: 'Your mentees', exact: true })).toBeVisible();
      await expect(theirs.getByRole('link', { name: mentee.name, exact: true })).toBeVisible();
      await expect(theirs.getByRole('link', { name: mentee.email, exact: true })).toHaveAttribute('href', `mailto:${mentee.email}`);
      await expect(theirs.getByRole('link', { name: 'Requests to you (0 waiting)' })).toBeVisible();
    });

    await test.step('the request pages pass axe at 360px', async () => {
      await expectAccessiblePage(page, browser, `/programs/${program.slug}/requests`, 'Mentorship requests');
      await expectAccessiblePage(page, browser, requestPath, `Ask ${mentor.member.name} to be your mentor`);
    });
  } finally {
    await closeAll(opened);
  }
});

test('an admin suggests cohort matches, removes a pair, publishes, and matches the rest by hand', async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  const program = newProgram('cohort');
  const opened: Page[] = [];
  const matchingPath = `/programs/${program.slug}/admin/matching`;
  const subject = `You have been matched in ${program.name}`;
  try {
    await signIn(page, ADMIN);
    // One place per mentor: the pairs are by shared expertise.
    await createMentoringProgram(page, program, ADMINS_MATCH, 1);
    const rustMentor = await newPerson(browser, opened, program, 'mentor', { expertise: 'Rust' });
    const designMentor = await newPerson(browser, opened, program, 'mentor', { expertise: 'Design' });
    const rustMentee = await newPerson(browser, opened, program, 'mentee', { expertise: 'Rust' });
    const designMentee = await newPerson(browser, opened, program, 'mentee', { expertise: 'Design' });

    const preview = () => main(page).getByRole('table', { name: 'Proposed pairs' });
    const pair = (mentee: Person) => preview().getByRole('row').filter({ hasText: mentee.member.name });
    const mentorships = () => main(page).getByRole('region', { name: /^Mentorships/ });

    await test.step('the matching page lists who waits and the places', async () => {
      await gotoAndWaitForHydration(page, `/programs/${program.slug}/admin/settings`);
      await page.getByRole('navigation', { name: 'Program admin' }).getByRole('link', { name: 'Matching' }).click();
      await expect(page).toHaveURL(matchingPath);
      if (javaScriptEnabled()) await waitForHydration(page);
      await expect(pageHeading(page)).toHaveText(program.name);
      await expect(main(page).getByRole('heading', { name: 'Cohort matching', exact: true })).toBeVisible();
      const waiting = main(page).getByRole('region', { name: 'Mentees waiting for a mentor (2)' });
      await expect(waiting).toContainText(rustMentee.member.name);
      await expect(waiting).toContainText(designMentee.member.name);
      const places = main(page).getByRole('region', { name: "Mentors' places" });
      await expect(places.getByRole('row').filter({ hasText: rustMentor.member.name })).toContainText('1 of 1 place open');
      await expect(mentorships()).toContainText('Nobody is matched yet.');
      await expect(main(page).getByRole('region', { name: 'Matching settings' })).toBeVisible();
      await expect(preview()).toHaveCount(0);
    });

    await test.step('"Suggest matches" proposes a pair per mentee, with scores', async () => {
      await button(main(page), 'Suggest matches').click();
      await expect(page).toHaveURL(`${matchingPath}?suggested=2#preview`);
      await expect(notice(page, 'Suggested 2 pairs. Nothing is emailed until you publish.')).toBeVisible();
      await expect(notice(page, /^2 pairs proposed of 2 waiting \(100 %\)/)).toBeVisible();
      await expect(preview().getByRole('row')).toHaveCount(3); // the header and two pairs
      await expect(pair(rustMentee)).toContainText(rustMentor.member.name);
      await expect(pair(rustMentee)).toContainText('Topics: Rust +10');
      await expect(pair(rustMentee).locator('strong')).toHaveText(/^\d+$/);
      await expect(pair(designMentee)).toContainText(designMentor.member.name);
      await expect(pair(designMentee)).toContainText('Topics: Design +10');
      await expect(button(main(page), 'Publish 2 matches')).toBeVisible();
      // Nobody is told before publishing.
      expect(emailsFor(rustMentee.member.email).filter((email) => email.subject === subject)).toEqual([]);
      await expectAccessiblePage(page, browser, matchingPath, program.name);
    });

    await test.step('a pair is pinned, the other removed', async () => {
      await button(pair(rustMentee), `Pin ${rustMentee.member.name} with ${rustMentor.member.name}`).click();
      await expect(page).toHaveURL(`${matchingPath}#preview`);
      await expect(pair(rustMentee).getByText('Pinned', { exact: true })).toBeVisible();
      await expect(button(pair(rustMentee), `Unpin ${rustMentee.member.name} with ${rustMentor.member.name}`)).toBeVisible();

      await button(pair(designMentee), `Remove ${designMentee.member.name} with ${designMentor.member.name}`).click();
      await expect(page).toHaveURL(`${matchingPath}?removed=1#preview`);
      await expect(notice(page, 'Removed from the preview.')).toBeVisible();
      await expect(pair(designMentee)).toHaveCount(0);
      await expect(preview().getByRole('row')).toHaveCount(2);
      await expect(pair(rustMentee).getByRole('link', { name: `Change the mentor of ${rustMentee.member.name}` })).toHaveAttribute(
        'href',
        /matching\/\d+$/,
      );
    });

    await test.step('publishing creates the mentorship and emails both', async () => {
      await button(main(page), 'Publish 1 match').click();
      await expect(page).toHaveURL(new RegExp(`${matchingPath}\\?published=[\\w-]+$`));
      await expect(notice(page, 'Published: 1 mentorship created. Everyone matched has been emailed.')).toBeVisible();
      await expect(mentorships()).toHaveAccessibleName('Mentorships (1)');
      const row = mentorships().getByRole('row').filter({ hasText: rustMentee.member.name });
      await expect(row).toContainText(rustMentor.member.name);
      await expect(row).toContainText('Active · Cohort matching');
      await expect(preview()).toHaveCount(0);
      const waiting = main(page).getByRole('region', { name: 'Mentees waiting for a mentor (1)' });
      await expect(waiting).toContainText(designMentee.member.name);
      await expect(waiting).not.toContainText(rustMentee.member.name);

      const toMentee = await waitForSubject(rustMentee.member.email, subject);
      expect(toMentee.text).toContain(rustMentor.member.name);
      expect(toMentee.text).toContain(rustMentor.member.email);
      const toMentor = await waitForSubject(rustMentor.member.email, subject);
      expect(toMentor.text).toContain(rustMentee.member.name);
      // The outbox sends in order: whoever was removed from the preview got nothing.
      for (const person of [designMentee, designMentor]) {
        expect(emailsFor(person.member.email).filter((email) => email.subject === subject)).toEqual([]);
      }
    });

    await test.step('the matched mentee sees the mentor on the Mentors tab', async () => {
      await openMentors(rustMentee.page, program);
      await expect(mentoring(rustMentee.page).getByRole('heading', { name: 'Your mentor', exact: true })).toBeVisible();
      await expect(mentoring(rustMentee.page).getByRole('link', { name: rustMentor.member.name, exact: true })).toBeVisible();
      await openMentors(rustMentor.page, program);
      await expect(mentoring(rustMentor.page).getByRole('link', { name: rustMentee.member.name, exact: true })).toBeVisible();
    });

    await test.step('the admin matches the other mentee by hand', async () => {
      await gotoAndWaitForHydration(page, matchingPath);
      await main(page).getByRole('link', { name: `Match by hand ${designMentee.member.name}` }).click();
      await expect(page).toHaveURL(new RegExp(`${matchingPath}/\\d+$`));
      const manualPath = new URL(page.url()).pathname;
      if (javaScriptEnabled()) await waitForHydration(page);
      await expect(main(page).getByRole('heading', { name: `A mentor for ${designMentee.member.name}`, exact: true })).toBeVisible();
      const ranked = main(page).getByRole('table', { name: 'Mentors ranked for this mentee' });
      const full = ranked.getByRole('row').filter({ hasText: rustMentor.member.name });
      await expect(full).toContainText('Full');
      await expect(full.getByRole('button')).toHaveCount(0);
      const open = ranked.getByRole('row').filter({ hasText: designMentor.member.name });
      await expect(open).toContainText('Topics: Design +10');
      await expectAccessiblePage(page, browser, manualPath, program.name);

      await button(open, `Match now with ${designMentor.member.name}`).click();
      await expect(page).toHaveURL(`${matchingPath}?matched=1`);
      await expect(notice(page, 'Matched. Both have been emailed.')).toBeVisible();
      await expect(mentorships()).toHaveAccessibleName('Mentorships (2)');
      await expect(mentorships().getByRole('row').filter({ hasText: designMentee.member.name })).toContainText(
        'Active · Matched by an admin',
      );
      await expect(main(page).getByRole('region', { name: 'Mentees waiting for a mentor (0)' })).toContainText(
        'Every mentee has a mentor.',
      );
      const email = await waitForSubject(designMentee.member.email, subject);
      expect(email.text).toContain(designMentor.member.name);
    });
  } finally {
    await closeAll(opened);
  }
});
