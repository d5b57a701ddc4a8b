// The member's own home page, with and without JavaScript: a new member
// sees empty blocks that say what will appear; once they have joined one
// program and applied to another, registered for an event and been
// offered the next one, each block lists it and links to where they act
// on it; the admin's home lists the application waiting for a decision
// and its link opens the applications queue. axe checks the page.
//
// js and nojs share one database: every name carries a random part.
import { type Locator, type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  ADMIN,
  createProgram,
  expectAccessiblePage,
  field,
  gotoAndWaitForHydration,
  newMember,
  newProgram,
  newProjectPage,
  pageHeading,
  signIn,
  signUp,
} from './support';

const main = (page: Page) => page.getByRole('main');
const block = (page: Page, name: string) => main(page).getByRole('region', { name, exact: true });
const button = (scope: Locator, name: string) => scope.getByRole('button', { name, exact: true });
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function createEvent(admin: Page, spacePath: string, title: string) {
  await gotoAndWaitForHydration(admin, `${spacePath}/new`);
  await field(admin, 'Title').fill(title);
  await field(admin, 'Description').fill('Bring **one question** you want to ask.');
  await field(admin, 'Time zone').fill('Europe/Berlin');
  await field(admin, 'Starts').fill('2027-06-10T18:00');
  await field(admin, 'Ends').fill('2027-06-10T20:00');
  await main(admin).getByRole('group', { name: 'Format' }).getByLabel('Online', { exact: true }).check();
  await field(admin, 'Online link').fill('https://meet.example.org/room-7');
  await button(main(admin), 'Create the event').click();
  await expect(admin).toHaveURL(/\/events\/\d+\?saved=1$/);
  return new URL(admin.url()).pathname;
}

test("a member's home lists their programs and events, and an admin's the applications waiting", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const joined = newProgram('home');
  const applied = newProgram('queue');
  const title = `Home page meetup ${unique()}`;
  const admin = await newProjectPage(browser);
  const lead = await newProjectPage(browser);
  try {
    await signIn(admin, ADMIN);
    await createProgram(admin, joined, { approveAll: true });
    await createProgram(admin, applied);
    // A member the hub admin names admin of the second program.
    const leader = await signUp(lead, newMember('lead'));
    await gotoAndWaitForHydration(admin, `/programs/${applied.slug}/admin/settings`);
    const admins = main(admin).getByRole('region', { name: 'Program admins' });
    await admins.getByLabel('Email of the member to add').fill(leader.email);
    await button(admins, 'Add program admin').click();
    await expect(admin).toHaveURL(/\?admin_added=1$/);
    await gotoAndWaitForHydration(lead, '/');
    await expect(block(lead, 'Waiting for your decision')).toContainText('Nothing waits for your decision.');

    // A newcomer: every block says what will come.
    const member = await signUp(page, newMember('home'));
    await expect(pageHeading(page)).toHaveText(`Welcome back, ${member.name}`);
    await expect(block(page, 'Your programs')).toContainText('You have not joined a program yet.');
    await expect(block(page, 'Your events')).toContainText('You have not registered for a coming event.');
    await expect(block(page, 'Your mentoring')).toContainText('Once you are matched');
    await expect(block(page, 'New answers for you')).toContainText('No new answers');
    await expect(block(page, 'Waiting for your decision')).toHaveCount(0);

    // One program joins them at once, the other waits for an admin.
    await gotoAndWaitForHydration(page, `/programs/${joined.slug}/join?role=mentee`);
    await button(main(page), 'Join program').click();
    await expect(page).toHaveURL(`/programs/${joined.slug}?joined=approved`);
    await gotoAndWaitForHydration(page, `/programs/${applied.slug}/join?role=mentor`);
    await button(main(page), 'Send application').click();
    await expect(page).toHaveURL(new RegExp(`/programs/${applied.slug}\\?joined=`));

    const eventPath = await createEvent(admin, `/programs/${joined.slug}/events`, title);

    await gotoAndWaitForHydration(page, '/');
    const programs = block(page, 'Your programs');
    const joinedRow = programs.getByRole('listitem').filter({ hasText: joined.name });
    await expect(joinedRow.getByRole('link', { name: joined.name })).toHaveAttribute('href', `/programs/${joined.slug}`);
    await expect(joinedRow).toContainText('Mentee');
    await expect(programs.getByRole('listitem').filter({ hasText: applied.name })).toContainText(
      'Pending approval as mentor',
    );
    // The new event is offered: "Coming up", not yet theirs.
    const events = block(page, 'Your events');
    await expect(events).toContainText('You have not registered for a coming event.');
    const offered = events.getByRole('link', { name: title });
    await expect(offered).toHaveAttribute('href', eventPath);

    // Its link leads to the event, where they register.
    await offered.click();
    await expect(page).toHaveURL(eventPath);
    const place = main(page).getByRole('region', { name: 'Your place' });
    await button(place, 'Register').click();
    await expect(page).toHaveURL(`${eventPath}?registered=1`);

    await gotoAndWaitForHydration(page, '/');
    const mine = block(page, 'Your events').getByRole('listitem').filter({ hasText: title });
    await expect(mine).toHaveCount(1);
    await expect(mine).toContainText('Registered');
    await expect(mine).toContainText(joined.name);
    await expect(block(page, 'Your events')).not.toContainText('You have not registered');
    await expectAccessiblePage(page, browser, '/', 'Welcome back');

    // The program's admin: the application, linked to the queue.
    await gotoAndWaitForHydration(lead, '/');
    const decisions = block(lead, 'Waiting for your decision');
    const row = decisions.getByRole('listitem').filter({ hasText: applied.name }).first();
    await expect(row.getByRole('link', { name: applied.name })).toHaveAttribute('href', `/programs/${applied.slug}`);
    await row.getByRole('link', { name: '1 application', exact: true }).click();
    await expect(lead).toHaveURL(`/programs/${applied.slug}/admin/applications`);
    await expect(main(lead).getByText(member.name).first()).toBeVisible();
  } finally {
    await admin.context().close();
    await lead.context().close();
  }
});
