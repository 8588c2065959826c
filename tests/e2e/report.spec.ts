// Report drafts (第二十三条, 附件3): prefilled, edited, reviewed by a second person,
// and a real .docx that LibreOffice reads back.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freezeAt, signIn, recordIncident, restoreAt } from './helpers';

test('end an incident, edit the summary draft, download the .docx and read it back with LibreOffice', async ({ page }) => {
  test.setTimeout(120_000);
  await freezeAt(page, '2026-11-23T10:20:00');
  await page.goto('/');
  await signIn(page, '王起草');
  await recordIncident(page, { title: '郑商所出金中断', discovered: '2026-11-23T09:02', started: '2026-11-23T09:00', phenomenon: '应用异常' });
  await restoreAt(page, '2026-11-23T10:10');
  await expect(page.getByTestId('monitoring-period')).toContainText('5 个工作日');
  await expect(page.locator('[data-key="summary-report-ii-i"]')).toContainText('时限：11月25日（周三）24:00');

  await page.getByTestId('to-summary').click();
  const report = page.getByTestId('report');
  await expect(report).toContainText('期货保证金存管业务系统突发事件处理总结报告');
  await expect(report).toContainText('一、事件概况');
  await expect(report).toContainText('达到Ⅱ级');
  await expect(page.getByTestId('provenance')).toContainText('依据本事件记录');

  await page.getByTestId('edit-button-cause').click();
  await page.getByTestId('edit-cause').fill('郑商所前置机网卡故障导致通讯中断，非本行原因。结论：已更换网卡。');
  await page.getByRole('button', { name: '保存修改' }).click();
  await expect(report.locator('[data-section="cause"]')).toContainText('郑商所前置机网卡故障');
  await expect(report.locator('[data-section="cause"]')).toContainText('（已修改）');

  // Maker-checker: the drafter cannot review; sending waits for a second person.
  await page.getByTestId('send-report').click();
  await expect(page.getByTestId('report-status-message')).toContainText('报送前须由另一人复核');
  await page.getByTestId('review-report').click();
  await expect(page.getByTestId('report-status-message')).toContainText('复核须由起草（修改）人以外的另一人进行');
  await page.getByRole('button', { name: '更换' }).click();
  await page.getByLabel('姓名', { exact: true }).fill('李复核');
  await page.getByRole('button', { name: '确定' }).click();
  await page.getByTestId('review-report').click();
  await page.getByTestId('send-report').click();
  await expect(page.getByTestId('report-status')).toContainText('复核：李复核；报送：国家金融监督管理总局、中国证监会');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-docx').click()]);
  expect(download.suggestedFilename()).toMatch(/^期货保证金存管业务系统突发事件处理总结报告-\d{8}\.docx$/);
  const dir = mkdtempSync(join(tmpdir(), 'docx-'));
  const file = join(dir, 'summary.docx');
  copyFileSync(await download.path(), file);
  execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'txt:Text', '--outdir', dir, file], { timeout: 90_000 });
  const text = readFileSync(join(dir, 'summary.txt'), 'utf8');
  expect(text).toContain('期货保证金存管业务系统突发事件处理总结报告');
  expect(text).toContain('郑商所前置机网卡故障导致通讯中断，非本行原因。');
  expect(text).toContain('单位（盖章）');
});

test('the report form carries the fields of 附件3 and prints with seal boxes', async ({ page }) => {
  await freezeAt(page, '2026-11-23T09:20:00');
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '大商所入金失败', discovered: '2026-11-23T09:12', started: '2026-11-23T09:10', phenomenon: '系统异常' });
  await page.getByTestId('to-form').click();
  const report = page.getByTestId('report');
  for (const field of ['报告单位', '事件名称', '发生时间', '事件级别', '事件分类', '是否本行原因', '简要经过', '影响范围', '经济损失（初步估计）', '已采取的措施及效果', '需要协助处置的事宜', '联系人及联系方式', '签发人']) {
    await expect(report).toContainText(field);
  }
  await expect(report).toContainText('Ⅲ级');
  await expect(report.locator('.seal-row th')).toHaveText(['负责人（签章）', '单位（盖章）']);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.topbar')).toBeHidden();
  await expect(page.getByTestId('download-docx')).toBeHidden();
});
