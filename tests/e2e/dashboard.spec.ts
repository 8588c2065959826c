// The list page at a glance: open incidents, on-time rate, recovery time and
// counts as pictures with their numbers; drills never count.
import { test, expect } from '@playwright/test';
import { freezeAt, signIn, recordIncident, restoreAt } from './helpers';

test('the dashboard counts real incidents only and shows the figures behind each picture', async ({ page }) => {
  await freezeAt(page, '2026-11-23T10:00:00');
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '大商所通讯中断', discovered: '2026-11-23T09:00', started: '2026-11-23T09:00', phenomenon: '系统异常' });
  await restoreAt(page, '2026-11-23T09:45');
  // The incident's own picture: levels, restoration, duties, monitoring days.
  await expect(page.getByTestId('timeline-chart-svg')).toHaveAttribute('aria-label', '事件时间图。级别：Ⅲ级自11-23 09:05起，Ⅱ级自11-23 09:30起；11-23 09:45恢复；义务6项，其中超时3项；特别监控5天');
  await page.getByRole('link', { name: '← 返回事件列表' }).click();
  await recordIncident(page, { title: '对账数据不一致', discovered: '2026-11-23T09:50', started: '2026-11-23T09:50', phenomenon: '数据异常' });
  // A drill on top: it must not move any figure.
  await page.goto('/#/drills');
  await page.getByTestId('scenario-zce-app-fault').getByRole('button', { name: '开始演练' }).click();
  await expect(page.getByTestId('drill-banner')).toBeVisible();
  await page.goto('/#/');

  const board = page.getByTestId('dashboard');
  await expect(board.getByTestId('kpi-open')).toHaveText('1');
  await expect(board.getByTestId('kpi-mttr')).toHaveText('45分00秒');
  await expect(board.getByTestId('drills-left-out')).toHaveText('共 2 个真实事件；1 个演练不计入统计。');
  await expect(board.getByTestId('bars-phenomenon').locator('svg')).toHaveAttribute('aria-label', '按事件现象：数据异常 1，系统异常 1');
  await expect(board.getByTestId('bars-month').locator('svg')).toHaveAttribute('aria-label', '按月份（事件开始）：2026-11 2');
  await expect(board.getByTestId('kpi-on-time')).toHaveText(/%$/);
});
