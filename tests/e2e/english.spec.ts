// The English switch covers every screen: with English chosen in settings, no Chinese
// is left on any screen outside what is Chinese on purpose (a report draft for the
// regulator, marked lang="zh-CN"; what people typed). Dates read "23 Nov 2026".
import { test, expect, type Page } from '@playwright/test';
import { freezeAt } from './helpers';

/** Chinese text a reader of English would see: text, labels and the tab title. */
async function chineseLeft(page: Page, screen: string): Promise<string[]> {
  const found = await page.evaluate(() => {
    const cjk = /[\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e]/;
    const onPurpose = (el: Element | null) => !el || !!el.closest('[lang^="zh"], [translate="no"], script, style, noscript');
    const out: string[] = [];
    const around = (s: string) => { const i = s.search(cjk); return s.slice(Math.max(0, i - 30), i + 50).trim(); };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (cjk.test(node.textContent ?? '') && !onPurpose(node.parentElement)) out.push(around(node.textContent ?? ''));
    }
    for (const el of Array.from(document.querySelectorAll('[aria-label], [placeholder], [title], option'))) {
      for (const attr of ['aria-label', 'placeholder', 'title']) {
        const v = el.getAttribute(attr);
        if (v && cjk.test(v) && !onPurpose(el)) out.push(`${attr}="${around(v)}"`);
      }
    }
    if (cjk.test(document.title)) out.push(`<title> ${document.title}`);
    return out;
  });
  return found.map((f) => `${screen}: ${f}`);
}

async function toEnglish(page: Page) {
  await page.goto('/#/settings');
  await page.getByTestId('lang-en').check();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
}

test('English covers every screen, remembered across reloads', async ({ page }) => {
  test.setTimeout(120_000);
  await freezeAt(page, '2026-11-23T09:05:00');
  const left: string[] = [];
  await page.goto('/');
  await toEnglish(page);
  left.push(...await chineseLeft(page, 'settings'));
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // Sign in and the empty list.
  await page.goto('/#/');
  left.push(...await chineseLeft(page, 'sign-in and empty list'));
  await page.getByLabel('Name', { exact: true }).fill('Wang');
  await page.getByLabel('Unit/role').fill('Head office');
  await page.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByTestId('operator-name')).toHaveText('Wang');

  // The form, first with its errors, then filled in.
  await page.getByTestId('new-incident').click();
  await page.getByTestId('submit-incident').click();
  await expect(page.getByTestId('form-errors')).toBeVisible();
  left.push(...await chineseLeft(page, 'new incident form with errors'));
  await page.getByLabel('Incident title').fill('DCE line down');
  await page.getByLabel('Discovered at').fill('2026-11-23T09:02');
  await page.getByLabel('Started at (when the impact began)').fill('2026-11-23T09:00');
  await page.locator('input[name="phenomenon"]').first().check();
  await page.getByLabel(/Dalian Commodity Exchange/).first().check();
  await page.getByTestId('submit-incident').click();

  // The incident page, with a level, duties falling due and an overdue one.
  await expect(page.getByTestId('incident-page')).toBeVisible();
  await expect(page.getByTestId('level-badge')).toHaveText('Level Ⅲ');
  await page.clock.fastForward('40:00');
  await expect(page.getByTestId('incident-page')).toContainText('23 Nov 2026');
  left.push(...await chineseLeft(page, 'incident page'));
  const incident = page.url();

  // Each form on the incident page, opened and sent empty so its messages show too.
  await page.getByTestId('confirm-level').click();
  await page.getByTestId('obligation').first().getByTestId('discharge').click();
  left.push(...await chineseLeft(page, 'discharge form'));
  for (const form of ['add-note', 'reclassify', 'data-submission', 'restore']) {
    await page.reload(); // closes whatever form is open
    await page.getByTestId(form).click();
    await page.locator('form button[type="submit"]').first().click();
    left.push(...await chineseLeft(page, `${form} form`));
  }
  // The restore form is prefilled with now, so sending it recorded the restoration.
  await expect(page.getByTestId('closeout')).toBeVisible();
  left.push(...await chineseLeft(page, 'after restoration: close-out'));

  for (const sub of ['transfers', 'exchange', 'report/form', 'report/progress', 'report/summary']) {
    await page.goto(`${incident}/${sub}`);
    await expect(page.locator('main h1').first()).toBeVisible();
    left.push(...await chineseLeft(page, sub));
  }
  await page.goto(`${incident}/transfers`);
  await page.getByTestId('save-transfer').click();
  left.push(...await chineseLeft(page, 'transfer form errors'));
  await page.goto(`${incident}/exchange`);
  await page.locator('form button[type="submit"]').last().click();
  await expect(page.getByTestId('movement-errors')).toBeVisible();
  left.push(...await chineseLeft(page, 'movement form errors'));
  await page.goto(`${incident}/report/form`);
  await page.getByTestId('review-report').click();
  left.push(...await chineseLeft(page, 'report review refused'));
  for (const [name, hash] of [['list and dashboard', '#/'], ['plan viewer', '#/plan'], ['securities plan', '#/plan/securities-company@1'],
    ['plan editor', '#/plan/edit'], ['drills', '#/drills'], ['contacts', '#/contacts'], ['call tree', '#/call-tree'],
    ['calendar', '#/calendar'], ['paper pack', '#/paper']]) {
    await page.goto(`/${hash}`);
    await expect(page.locator('main h1').first()).toBeVisible();
    left.push(...await chineseLeft(page, name));
  }

  await page.goto('/#/contacts');
  await page.getByTestId('add-contact').click();
  await page.getByTestId('save-contact').click();
  left.push(...await chineseLeft(page, 'contact form errors'));
  await page.goto('/#/plan');
  await page.getByTestId('plan-search').fill('fax');
  await expect(page.getByTestId('plan-article').first()).toBeVisible();
  left.push(...await chineseLeft(page, 'plan search'));
  await page.goto('/#/plan/edit');
  await page.getByTestId('plan-save').click();
  await page.getByTestId('pack-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"id":"x","version":"1","servce_hours":{}}') });
  await expect(page.getByTestId('pack-errors')).toBeVisible();
  left.push(...await chineseLeft(page, 'plan editor messages'));

  // A drill from the library: its panel, an inject, the end and the score.
  await page.goto('/#/drills');
  await page.getByTestId('scenario-dce-line-down').getByRole('button', { name: 'Start drill' }).click();
  await expect(page.getByTestId('drill-panel')).toBeVisible();
  await page.clock.fastForward('01:00'); // an hour of drill time at 60×
  left.push(...await chineseLeft(page, 'drill with injects'));
  await page.getByTestId('end-drill').click();
  await page.getByTestId('confirm-end-drill').click();
  await expect(page.getByTestId('drill-score')).toBeVisible();
  left.push(...await chineseLeft(page, 'drill scored'));
  await page.getByTestId('to-drill-report').click();
  await expect(page.getByTestId('report')).toBeVisible();
  left.push(...await chineseLeft(page, 'drill report'));

  // The lock: turned on in settings, then the lock screen after a reload.
  await page.goto('/#/settings');
  await page.getByLabel('Passphrase (at least 8 characters)').fill('correct horse');
  await page.getByLabel('Enter the passphrase again').fill('correct horse');
  await page.getByTestId('enable-lock').click();
  await expect(page.getByTestId('lock-message')).toBeVisible({ timeout: 20_000 });
  left.push(...await chineseLeft(page, 'lock turned on'));
  await page.reload();
  await expect(page.locator('input[type="password"]').first()).toBeVisible();
  left.push(...await chineseLeft(page, 'lock screen'));

  expect(left).toEqual([]);
});
