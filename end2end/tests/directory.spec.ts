// The program directory a page at a time, with and without JavaScript: a
// hub with more programs than one page holds shows the first 24, says how
// many there are, and the page links (which keep the search) lead through
// the rest and back.
import { expect, test } from './fixtures';
import { ADMIN, gotoAndWaitForHydration, javaScriptEnabled, newProgram, newProjectPage, signIn } from './support';

const PER_PAGE = 24;

test('the directory pages through more programs than fit on one page', async ({ page, browser }) => {
  test.slow();
  // 26 programs that one search finds (the suite's other programs do not
  // match it), made through the server function the creation form posts to.
  const batch = newProgram('paging');
  const admin = await newProjectPage(browser);
  await signIn(admin, ADMIN);
  const origin = test.info().project.use.baseURL!;
  for (let n = 0; n < PER_PAGE + 2; n++) {
    const number = String(n).padStart(2, '0');
    const reply = await admin.request.post('/api/programs/save', {
      headers: { origin, accept: 'application/json' },
      form: {
        program_id: '',
        name: `${batch.name} ${number}`,
        slug: `${batch.slug}-${number}`,
        summary: 'One of many.',
        about_md: 'About it.',
        cover_color: '',
        status: 'open',
        listed: 'on',
        accepts_mentors: 'on',
        accepts_mentees: 'on',
        approval: 'manual',
        matching_mode: 'admin_match',
        default_mentor_capacity: '3',
      },
    });
    expect(reply.status(), await reply.text()).toBe(200);
  }
  await admin.context().close();

  const main = page.getByRole('main');
  const tiles = main.getByRole('list').getByRole('listitem');
  const pager = main.getByRole('navigation', { name: 'Pages of programs' });
  await gotoAndWaitForHydration(page, '/programs');
  const search = main.getByRole('search');
  await search.getByLabel('Search programs').fill(batch.name);
  await search.getByRole('button', { name: 'Show programs' }).click();
  await expect(main.getByRole('status')).toHaveText('26 programs · page 1 of 2');
  await expect(tiles).toHaveCount(PER_PAGE);
  await expect(tiles.first()).toContainText(`${batch.name} 00`);
  await expect(pager.getByText('Page 1 of 2')).toBeVisible();
  await expect(pager.getByRole('link', { name: 'Previous page' })).toHaveCount(0);

  if (javaScriptEnabled()) {
    // A mark on this document: client-side navigation keeps it.
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  }
  await pager.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(page).toHaveURL(/[?&]q=/);
  await expect(main.getByRole('status')).toHaveText('26 programs · page 2 of 2');
  await expect(tiles).toHaveCount(2);
  await expect(tiles.first()).toContainText(`${batch.name} 24`);
  await expect(pager.getByRole('link', { name: 'Next page' })).toHaveCount(0);
  // The search box still holds the words the pages are of.
  await expect(search.getByLabel('Search programs')).toHaveValue(batch.name);

  await pager.getByRole('link', { name: 'Previous page' }).click();
  await expect(main.getByRole('status')).toHaveText('26 programs · page 1 of 2');
  await expect(tiles).toHaveCount(PER_PAGE);
  if (javaScriptEnabled()) {
    // The pages changed in the app, without loading the document again.
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  }
});
