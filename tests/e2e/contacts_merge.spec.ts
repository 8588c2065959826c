// Contacts merge, never overwrite (issue 14, finding 1): an import or a restore fills and
// changes fields one by one, a blank cell never erases a stored number, the preview says
// exactly what will change before anything is written, and the last import can be undone.
import { test, expect, type Page } from '@playwright/test';

const HEADER = '类别,单位,职务/角色,姓名,办公电话,手机,传真,邮箱';
const STORED = [HEADER, '期货交易所,上海期货交易所,应急值班,值班室,,13800138000,,'].join('\n');
// The same unit and name: mobile left blank, an e-mail given, the role changed.
const UPDATE = [HEADER, '期货交易所,上海期货交易所,总值班,值班室,,,,duty@shfe.example.com'].join('\n');

async function importCsv(page: Page, name: string, text: string) {
  await page.getByTestId('import-csv').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
  await expect(page.getByTestId('import-preview')).toBeVisible();
}

const stored = (page: Page) => page.evaluate(() => localStorage.getItem('incident-desk:directory') ?? '');

test('a blank cell keeps the stored number; the preview shows old → new; a repeat is "没有变化"; undo restores', async ({ page }) => {
  await page.goto('/#/contacts');
  await importCsv(page, 'stored.csv', STORED);
  await expect(page.getByTestId('merge-added')).toHaveText('上海期货交易所 值班室：手机 13800138000');
  await page.getByTestId('confirm-import').click();
  await expect(page.getByTestId('contacts-message')).toHaveText('导入完成：新增 1 人，更新 0 人。');
  const row = page.getByTestId('contact-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('13800138000');

  // The repro: the preview comes first and nothing is written until confirmed.
  const before = await stored(page);
  await importCsv(page, 'update.csv', UPDATE);
  const changes = page.getByTestId('merge-change');
  await expect(changes).toHaveText(['职务/角色：应急值班 → 总值班', '邮箱：（空） → duty@shfe.example.com']);
  await expect(page.getByTestId('merge-kept')).toHaveText('保留原值（导入的数据中为空，不会清除）：手机 13800138000');
  await expect(page.getByTestId('merge-changed-person')).toContainText('上海期货交易所 值班室');
  expect(await stored(page)).toBe(before);
  await expect(row).not.toContainText('duty@shfe.example.com');

  await page.getByTestId('confirm-import').click();
  await expect(page.getByTestId('contacts-message')).toHaveText('导入完成：新增 0 人，更新 1 人。');
  await expect(page.getByTestId('import-preview')).toHaveCount(0);
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('13800138000');
  await expect(row).toContainText('duty@shfe.example.com');
  await expect(row).toContainText('总值班');

  // The same file again: nothing would change, so there is nothing to confirm.
  await importCsv(page, 'update.csv', UPDATE);
  await expect(page.getByTestId('import-nothing')).toHaveText('没有变化：文件中的 1 人与通讯录中的记录一致。');
  await expect(page.getByTestId('merge-unchanged')).toHaveText('不变 1 人：上海期货交易所 值班室');
  await expect(page.getByTestId('confirm-import')).toHaveCount(0);
  await page.getByTestId('cancel-import').click();
  await expect(page.getByTestId('import-preview')).toHaveCount(0);

  // Undo takes back the last confirmed import (the e-mail and the role), not the first.
  await expect(page.getByTestId('undo-hint')).toContainText('刷新页面后不再可用');
  await page.getByTestId('undo-import').click();
  await expect(page.getByTestId('contacts-message')).toHaveText('已撤销上次导入：通讯录已恢复为导入之前的内容。');
  await expect(page.getByTestId('undo-import')).toHaveCount(0);
  await expect(row).toContainText('13800138000');
  await expect(row).toContainText('应急值班');
  await expect(row).not.toContainText('duty@shfe.example.com');
  await page.reload();
  await expect(page.getByTestId('contact-row')).toContainText('13800138000');
  await expect(page.getByTestId('contact-row')).not.toContainText('duty@shfe.example.com');
  await expect(page.getByTestId('undo-import')).toHaveCount(0);
});

test('a cancelled import writes nothing, and a name with an invisible character is the same person', async ({ page }) => {
  await page.goto('/#/contacts');
  await importCsv(page, 'stored.csv', STORED);
  await page.getByTestId('confirm-import').click();
  await expect(page.getByTestId('contact-row')).toHaveCount(1);
  const before = await stored(page);

  await importCsv(page, 'update.csv', UPDATE);
  await page.getByTestId('cancel-import').click();
  await expect(page.getByTestId('import-preview')).toHaveCount(0);
  expect(await stored(page)).toBe(before);
  await expect(page.getByTestId('contact-row')).not.toContainText('duty@shfe.example.com');

  // U+200B after the unit and a BOM inside the name: still 上海期货交易所/值班室.
  const sneaky = [HEADER, '期货交易所,上海期货交易所\u200b,应急值班,值\ufeff班室,,13800138000,,'].join('\n');
  await importCsv(page, 'sneaky.csv', sneaky);
  await expect(page.getByTestId('import-nothing')).toContainText('没有变化');
  await expect(page.getByTestId('merge-added')).toHaveCount(0);
});

test('restoring an identical backup says the contacts do not change', async ({ page }) => {
  await page.goto('/#/contacts');
  await importCsv(page, 'stored.csv', STORED);
  await page.getByTestId('confirm-import').click();
  await expect(page.getByTestId('contact-row')).toHaveCount(1);
  await page.goto('/#/');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-backup').click()]);
  await page.getByTestId('import-backup').setInputFiles(await download.path());
  await expect(page.getByTestId('backup-contacts')).toHaveText('通讯录：无变化。');
  await expect(page.getByTestId('backup-preview').getByTestId('merge-unchanged')).toHaveText('不变 1 人：上海期货交易所 值班室');
  await expect(page.getByTestId('backup-preview')).not.toContainText('更新 1 人');
});
