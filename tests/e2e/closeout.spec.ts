// Ending an emergency and what follows (第十六条–第十八条, 第二十二条).
import { test, expect } from '@playwright/test';
import { freezeAt, signIn, recordIncident, restoreAt, closeOutIII } from './helpers';
import { dumpIdb } from './idb_helpers';

test('end a Ⅲ incident before the national day: monitoring days and the summary deadline on the working-day calendar', async ({ page }) => {
  await freezeAt(page, '2026-09-30T16:05:00');
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '节前出入金中断', discovered: '2026-09-30T15:51', started: '2026-09-30T15:50', phenomenon: '系统异常' });
  await expect(page.getByTestId('level-badge')).toHaveText('Ⅲ级');
  await restoreAt(page, '2026-09-30T16:00');

  const closeout = page.getByTestId('closeout');
  await expect(closeout).toContainText('应急结束（系统恢复正常服务）：2026-09-30 16:00:00');
  // Oct 1–7 are holidays; Saturday Oct 10 is a make-up working day.
  await expect(page.getByTestId('monitoring-period')).toHaveText('至少 3 个工作日：10-08、10-09、10-10；监控期至 2026-10-11 00:00:00 结束');
  const summary = page.locator('[data-key="summary-report-iii"]');
  await expect(summary).toContainText('时限：10月8日（周四）24:00（第二十二条（三））');
  await expect(page.getByTestId('record-monitoring')).toHaveCount(0); // nothing to record before 10-08
  await expect(page.getByTestId('close-blockers')).toContainText('尚未完成：向监管机构上报突发事件处理总结报告');

  // The summary report goes out on 10-08; the monitoring days are recorded as they pass.
  await page.clock.fastForward(188 * 3600_000); // 2026-10-08 08:05
  await summary.getByTestId('discharge').click();
  await page.getByLabel('凭证或编号（传真回执、邮件主题、通话对象等）').fill('总结报告传真回执');
  await page.getByRole('button', { name: '保存完成记录' }).click();
  await expect(summary.getByTestId('obligation-status')).toHaveText('按时完成');
  // The province's own report to its local regulators is a summary close-out waits for too.
  await expect(page.getByTestId('close-blockers')).toContainText('尚未完成：省级分行按当地规定报告事件处理情况');
  const local = page.locator('[data-key="local-summary-report"]');
  await local.getByTestId('discharge').click();
  await page.getByRole('button', { name: '保存完成记录' }).click();
  await expect(local.getByTestId('obligation-status')).toHaveText('按时完成');
  await page.getByLabel('监控情况').fill('运行正常');
  await page.getByTestId('record-monitoring').click();
  await expect(closeout).toContainText('2026-10-08：正常，运行正常');
  await page.clock.fastForward(72 * 3600_000); // 2026-10-11 08:05
  await page.getByTestId('record-monitoring').click();
  await page.getByTestId('record-monitoring').click();
  await expect(page.getByTestId('close-incident')).toBeVisible();
  await page.getByTestId('close-incident').click();
  await expect(page.getByTestId('closed')).toHaveText('事件已关闭。');
  await page.goto('/#/');
  await expect(page.getByTestId('incident-row')).toContainText('已关闭');

  // Closed, its summary carries the dashboard's figures, so the next start leaves its log on the
  // shelf: still listed and counted, and read in full when it is opened.
  await expect.poll(async () => {
    const incidents = (await dumpIdb(page)).incidents as [string, { summary: string }][];
    return incidents.map(([, r]) => JSON.parse(r.summary).figures?.on_time ?? null);
  }).toEqual([expect.any(Number)]);
  await page.reload();
  await expect(page.getByTestId('incident-row')).toContainText('已关闭');
  await expect(page.getByTestId('drills-left-out')).toContainText('共 1 个真实事件');
  await page.getByTestId('incident-row').getByRole('link', { name: '节前出入金中断' }).click();
  await expect(page.getByTestId('closed')).toHaveText('事件已关闭。');
  await expect(page.getByTestId('timeline')).toContainText('总结报告传真回执');
});

test('not caused by the bank: the termination notice comes first, then the notification duty', async ({ page }) => {
  await freezeAt(page, '2026-02-13T11:05:00');
  await page.goto('/');
  await signIn(page);
  await page.getByTestId('new-incident').click();
  await page.getByLabel('事件标题').fill('交易所线路故障');
  await page.getByLabel('发现时间').fill('2026-02-13T09:02');
  await page.getByLabel('开始时间（影响开始）').fill('2026-02-13T09:00');
  await page.getByLabel('应用异常').check();
  await page.locator('input[name="bank-caused"][value="no"]').check();
  await page.getByLabel('恢复时间（登记时已恢复才填写）').fill('2026-02-13T10:30');
  await page.getByTestId('submit-incident').click();
  await expect(page.getByTestId('level-badge')).toHaveText('Ⅱ级');
  await expect(page.locator('[data-key="summary-report-ii-i"]')).toContainText('时限：2月24日（周二）24:00（第二十二条（四））');
  await expect(page.getByTestId('monitoring-period')).toContainText('02-14、02-24、02-25、02-26、02-27');
  await expect(page.locator('[data-key="notify-termination-after-notice"]')).toHaveCount(0);
  await page.getByLabel('非本机构原因：登记对方应急终止通知（发出单位）').fill('郑州商品交易所');
  await page.getByRole('button', { name: '登记终止通知' }).click();
  await expect(page.locator('[data-key="notify-termination-after-notice"]')).toContainText('时限：2026-02-13 11:35:00（第十六条）');
});

test('next year\'s holidays are imported all or nothing, and kept', async ({ page }) => {
  await freezeAt(page, '2026-11-23T09:00:00');
  await page.goto('/#/calendar');
  await expect(page.getByTestId('calendar-years')).toHaveText('2025、2026');
  await page.getByTestId('calendar-text').fill('2027-01-01,休\n2027-01-05,班\n2027-02-30,休');
  await page.getByTestId('import-calendar').click();
  await expect(page.getByTestId('calendar-result')).toContainText('未导入');
  await expect(page.getByTestId('calendar-result')).toContainText('第 2 行：2027-01-05 不是周末');
  await expect(page.getByTestId('calendar-result')).toContainText('第 3 行');
  await expect(page.getByTestId('calendar-years')).toHaveText('2025、2026');
  await page.getByTestId('calendar-text').fill('2027-01-01,休\n2027-02-06,班');
  await page.getByTestId('import-calendar').click();
  await expect(page.getByTestId('calendar-result')).toHaveText('已导入 2 个日期。');
  await page.reload();
  await expect(page.getByTestId('calendar-years')).toHaveText('2025、2026、2027');
});

test('the paper pack prints a blank report form, the deadlines and a blank transfer sheet', async ({ page }) => {
  await page.goto('/#/paper');
  const pack = page.getByTestId('paper-pack');
  await expect(pack).toContainText('突发事件报告单（空白）');
  await expect(pack).toContainText('经济损失（初步估计）');
  await expect(pack).toContainText('确认Ⅲ级后10分钟内');
  await expect(pack).toContainText('结束后2个工作日内');
  await expect(pack).toContainText('柜面应急转账登记表（空白）');
  await expect(pack).toContainText('郑州商品交易所：用专用磁盘导入批量出金数据文件');
});

test('closed incidents are archived to a file, removed only after confirming, and restored from it', async ({ page }) => {
  const { readFileSync } = await import('node:fs');
  await freezeAt(page, '2026-11-23T16:05:00');
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '待归档的事件', discovered: '2026-11-23T15:51', started: '2026-11-23T15:50', phenomenon: '系统异常' });
  await restoreAt(page, '2026-11-23T16:00');
  await closeOutIII(page);

  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '事件' }).click();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('archive-closed').click()]);
  expect(readFileSync(await file.path(), 'utf8')).toContain('待归档的事件');
  await expect(page.getByTestId('incident-row')).toHaveCount(1); // nothing removed before confirming
  await page.getByTestId('confirm-archive').click();
  await expect(page.getByTestId('backup-message')).toContainText('已从本机移除 1 个');
  await expect(page.getByTestId('incident-row')).toHaveCount(0);
  await page.getByTestId('import-backup').setInputFiles(await file.path());
  await page.getByTestId('confirm-backup').click();
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '事件' }).click();
  await expect(page.getByTestId('incident-row')).toContainText('已关闭');
});
