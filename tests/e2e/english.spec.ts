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
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (cjk.test(node.textContent ?? '') && !onPurpose(node.parentElement)) out.push((node.textContent ?? '').trim().slice(0, 80));
    }
    for (const el of Array.from(document.querySelectorAll('[aria-label], [placeholder], [title], option'))) {
      for (const attr of ['aria-label', 'placeholder', 'title']) {
        const v = el.getAttribute(attr);
        if (v && cjk.test(v) && !onPurpose(el)) out.push(`${attr}="${v.slice(0, 80)}"`);
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

  for (const sub of ['transfers', 'exchange', 'report/form', 'report/progress', 'report/summary']) {
    await page.goto(`${incident}/${sub}`);
    await expect(page.locator('main h1').first()).toBeVisible();
    left.push(...await chineseLeft(page, sub));
  }
  for (const [name, hash] of [['list and dashboard', '#/'], ['plan viewer', '#/plan'], ['securities plan', '#/plan/securities-company@1'],
    ['plan editor', '#/plan/edit'], ['drills', '#/drills'], ['contacts', '#/contacts'], ['call tree', '#/call-tree'],
    ['calendar', '#/calendar'], ['paper pack', '#/paper']]) {
    await page.goto(`/${hash}`);
    await expect(page.locator('main h1').first()).toBeVisible();
    left.push(...await chineseLeft(page, name));
  }

  // A drill from the library: its panel, injects and score.
  await page.goto('/#/drills');
  await page.getByTestId('scenario-dce-line-down').getByRole('button', { name: 'Start drill' }).click();
  await expect(page.getByTestId('drill-panel')).toBeVisible();
  left.push(...await chineseLeft(page, 'drill'));

  expect(left).toEqual([]);
});
