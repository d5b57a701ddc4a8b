import { chromium } from '@playwright/test';
const base = 'http://127.0.0.1:3300';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
async function session(email, password) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(base + '/sign-in'); await page.waitForTimeout(1500);
  await page.fill('#field-email', email); await page.fill('#field-password', password);
  await page.click('main button[type=submit]'); await page.waitForTimeout(1500);
  return page;
}
const visitor = await (await browser.newContext()).newPage();
const member = await session('priya.raman@demo.mentorhub.example', 'mentorhub demo member');
const admin = await session('admin@demo.mentorhub.example', 'mentorhub demo admin');
const paths = process.argv.slice(2);
for (const [who, page] of [['visitor', visitor], ['member', member], ['admin', admin]]) {
  for (const path of paths) {
    const errors = [];
    const h = e => errors.push(e.message.split('\n')[0]);
    page.on('pageerror', h);
    const r = await page.goto(base + path);
    await page.waitForTimeout(2500);
    page.off('pageerror', h);
    console.log(who, path, r.status(), errors.length ? 'ERR ' + errors.join(' | ') : 'ok');
  }
}
await browser.close();
