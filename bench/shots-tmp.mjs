// Temporary: screenshots of the list on the full bench store (not committed).
import { chromium } from 'playwright-core';
import { cpSync, rmSync } from 'node:fs';
const dir = '/tmp/incident-desk-bench16/shots';
rmSync(dir, { recursive: true, force: true });
cpSync('/tmp/incident-desk-bench16/seeded', dir, { recursive: true });
const ctx = await chromium.launchPersistentContext(dir, { executablePath: '/usr/bin/chromium', headless: true, serviceWorkers: 'block' });
const page = ctx.pages()[0] ?? await ctx.newPage();
for (const lang of ['zh', 'en']) {
  if (lang === 'en') { await page.goto('http://127.0.0.1:4371/#/settings'); await page.getByTestId('lang-en').check(); }
  for (const [w, h] of [[1366, 768], [1920, 1080]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.goto('http://127.0.0.1:4371/#/');
    await page.getByTestId('incident-row').first().waitFor({ timeout: 60000 });
    await page.waitForTimeout(2500);
    await page.screenshot({ path: `/work/shots17/list-${lang}-${w}.png` });
  }
  // A closed incident opened from the list (its log comes off the shelf).
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('http://127.0.0.1:4371/#/incident/b0000');
  await page.getByTestId('timeline').waitFor({ timeout: 60000 });
  await page.waitForTimeout(1000);
  await page.screenshot({ path: `/work/shots17/shelved-open-${lang}-1366.png` });
}
await ctx.close();
