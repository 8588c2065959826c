// The contacts directory: field validation, CSV out and back in, and a bad file refused whole.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';

const HEADER = '类别,单位,职务/角色,姓名,办公电话,手机,传真,邮箱';

test('add a contact, export the CSV, import it back', async ({ page }) => {
  await page.goto('/#/contacts');
  await page.getByTestId('add-contact').click();
  const form = page.getByRole('form', { name: '联系人' });
  await form.locator('#contact-unit').fill('河南省分行');
  await form.locator('#contact-role').fill('实施工作小组组长');
  await form.locator('#contact-name').fill('张三');
  await form.locator('#contact-mobile').fill('1380013800');
  await page.getByTestId('save-contact').click();
  await expect(page.locator('#contact-mobile-error')).toHaveText('手机号码应为以1开头的11位数字');
  await form.locator('#contact-mobile').fill('13800138000');
  await form.locator('#contact-fax').fill('0371-66669999');
  await page.getByTestId('save-contact').click();
  await expect(page.getByTestId('contact-row')).toHaveCount(1);
  await expect(page.getByTestId('contact-row')).toContainText('河南省分行');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(download.suggestedFilename()).toBe('通讯录.csv');
  const text = readFileSync(await download.path(), 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text).toContain(HEADER);
  expect(text).toContain('省级分行实施工作小组,河南省分行,实施工作小组组长,张三,,13800138000,0371-66669999,');

  // Round trip: the same file back plus one new person.
  const more = text + '期货公司,甲期货,应急联络人,李四,010-66668888,,,lisi@example.com\r\n';
  await page.getByTestId('import-csv').setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(more, 'utf8') });
  // Previewed first (contacts_merge.spec.ts has the details): 张三 comes back unchanged.
  await expect(page.getByTestId('merge-unchanged')).toHaveText('不变 1 人：河南省分行 张三');
  await page.getByTestId('confirm-import').click();
  await expect(page.getByTestId('contacts-message')).toHaveText('导入完成：新增 1 人，更新 0 人。');
  await expect(page.getByTestId('contact-row')).toHaveCount(2);

  await page.reload();
  await expect(page.getByTestId('contact-row')).toHaveCount(2);
  await page.goto('/#/call-tree');
  await expect(page.getByTestId('annex1')).toContainText('张三');
  await expect(page.getByTestId('org-duties')).toContainText('总行财务会计部门（第六条（四））');
  await expect(page.getByTestId('call-tree')).toContainText('甲期货 应急联络人 李四：电话 010-66668888');
});

test('a CSV with one bad row is rejected with its line number and nothing is imported', async ({ page }) => {
  await page.goto('/#/contacts');
  const csv = [
    HEADER,
    '省级分行实施工作小组,河南省分行,组长,张三,0371-66668888,,,',
    '期货公司,甲期货,联络人,王五,,1380013800,,',
    '期货公司,乙期货,联络人,赵六,,13800138001,,',
  ].join('\n');
  await page.getByTestId('import-csv').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await expect(page.getByTestId('contacts-message')).toContainText('导入未执行');
  await expect(page.getByTestId('import-errors')).toHaveText('第 3 行：手机号码应为以1开头的11位数字');
  await expect(page.getByTestId('contact-row')).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.getItem('incident-desk:directory'))).toBeNull();
});

test('editing one contact while another is deleted changes only the one being edited', async ({ page }) => {
  await page.goto('/#/contacts');
  const csv = [HEADER, '期货公司,甲期货,联络人,甲,66660001,,,', '期货公司,乙期货,联络人,乙,66660002,,,', '期货公司,丙期货,联络人,丙,66660003,,,'].join('\n');
  await page.getByTestId('import-csv').setInputFiles({ name: 'c.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.getByTestId('confirm-import').click();
  await expect(page.getByTestId('contact-row')).toHaveCount(3);
  await page.getByTestId('contact-row').filter({ hasText: '乙期货' }).getByRole('button', { name: '编辑' }).click();
  page.once('dialog', (d) => d.accept());
  await page.getByTestId('contact-row').filter({ hasText: '甲期货' }).getByRole('button', { name: '删除' }).click();
  await expect(page.getByTestId('contact-row')).toHaveCount(2);
  await page.getByTestId('contact-row').filter({ hasText: '乙期货' }).getByRole('button', { name: '编辑' }).click();
  await page.locator('#contact-role').fill('应急联络人（改）');
  await page.getByTestId('save-contact').click();
  await expect(page.getByTestId('contact-row').filter({ hasText: '乙期货' })).toContainText('应急联络人（改）');
  await expect(page.getByTestId('contact-row').filter({ hasText: '丙期货' })).toContainText('联络人');
  await expect(page.getByTestId('contact-row').filter({ hasText: '丙期货' })).not.toContainText('（改）');
});

test('a CSV saved by Excel on Chinese Windows (GBK) imports', async ({ page }) => {
  await page.goto('/#/contacts');
  await page.getByTestId('import-csv').setInputFiles('tests/e2e/fixtures/contacts-gbk.csv');
  await page.getByTestId('confirm-import').click();
  await expect(page.getByTestId('contacts-message')).toHaveText('导入完成：新增 1 人，更新 0 人。');
  await expect(page.getByTestId('contact-row')).toContainText('乙期货');
});
