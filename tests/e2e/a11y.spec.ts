// axe-core over every main screen: no serious or critical violations (WCAG 2.x A/AA).
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { signIn, recordIncident } from './helpers';

async function serious(page: Page, screen: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  return bad.map((v) => `${screen}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

// The real clock runs here: axe waits on timers, which a paused fake clock would never fire.
test('no serious or critical accessibility violations on the main screens', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  const found: string[] = [];
  found.push(...await serious(page, 'sign-in'));
  await signIn(page);
  await page.getByTestId('new-incident').click();
  found.push(...await serious(page, 'new incident form'));
  await page.goto('/#/');
  await recordIncident(page, { title: '大商所通讯中断', discovered: '2026-11-23T09:02', started: '2026-11-23T09:00', phenomenon: '系统异常' });
  await expect(page.getByTestId('incident-page')).toBeVisible();
  found.push(...await serious(page, 'incident page'));
  const incident = page.url();
  for (const [name, hash] of [['list and dashboard', '#/'], ['plan viewer', '#/plan'], ['plan editor', '#/plan/edit'], ['drills', '#/drills'],
    ['contacts', '#/contacts'], ['call tree', '#/call-tree'], ['calendar', '#/calendar'], ['paper pack', '#/paper'], ['settings', '#/settings']]) {
    await page.goto(`/${hash}`);
    await expect(page.locator('main h1').first()).toBeVisible();
    found.push(...await serious(page, name));
  }
  for (const sub of ['transfers', 'exchange', 'report/form', 'report/summary']) {
    await page.goto(`${incident}/${sub}`);
    await expect(page.locator('main h1').first()).toBeVisible();
    found.push(...await serious(page, sub));
  }
  expect(found).toEqual([]);

  // The check itself can fail: a planted unlabelled field is caught. (A planted inline
  // style cannot test contrast here: the page's CSP refuses style attributes.)
  await page.evaluate(() => document.querySelector('main')!.insertAdjacentHTML('beforeend', '<input type="text">'));
  expect((await serious(page, 'planted')).join('\n')).toContain('label (critical)');
});

// The same check in English: labels, names and the page language change with the switch.
test('no serious or critical accessibility violations in English either', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/#/settings');
  await page.getByTestId('lang-en').check();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const found: string[] = [];
  found.push(...await serious(page, 'settings (en)'));
  await page.goto('/#/');
  await page.getByLabel('Name', { exact: true }).fill('Wang');
  await page.getByLabel('Unit/role').fill('Head office');
  await page.getByRole('button', { name: 'OK' }).click();
  await page.getByTestId('new-incident').click();
  found.push(...await serious(page, 'new incident form (en)'));
  await page.getByLabel('Incident title').fill('DCE line down');
  await page.getByLabel('Discovered at').fill('2026-11-23T09:02');
  await page.getByLabel('Started at (when the impact began)').fill('2026-11-23T09:00');
  await page.locator('input[name="phenomenon"]').first().check();
  await page.getByTestId('submit-incident').click();
  await expect(page.getByTestId('incident-page')).toBeVisible();
  found.push(...await serious(page, 'incident page (en)'));
  const incident = page.url();
  for (const [name, url] of [['list (en)', '/#/'], ['plan viewer (en)', '/#/plan'], ['drills (en)', '/#/drills'], ['transfers (en)', `${incident}/transfers`], ['report (en)', `${incident}/report/form`]]) {
    await page.goto(url);
    await expect(page.locator('main h1').first()).toBeVisible();
    found.push(...await serious(page, name));
  }
  expect(found).toEqual([]);
});
