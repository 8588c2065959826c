// What is typed on a report page stays while alarms come and go and while the record
// changes: the document is redrawn from the record, the send panel is not.
import { test, expect } from '@playwright/test';
import { freezeAt, signIn, recordIncident, setUp } from './helpers';

test('the send panel keeps what was typed while duty alarms are raised and dismissed', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await freezeAt(page, '2026-11-23T10:00:00');
  await page.goto('/');
  await signIn(page);
  await setUp(page);
  await recordIncident(page, { title: '大商所出入金专线中断', discovered: '2026-11-23T10:00', started: '2026-11-23T10:00', phenomenon: '系统异常' });
  await page.getByTestId('add-note').waitFor();
  await page.clock.fastForward('05:00');
  await expect(page.getByTestId('level-badge').first()).toContainText('Ⅲ');
  await page.getByTestId('confirm-level').click();

  // Given the 报告单 open, with its send panel half filled in
  await page.getByRole('link', { name: '报告单', exact: true }).click();
  await expect(page.getByTestId('report')).toBeVisible();
  await page.locator('#send-to').fill('大连商品交易所结算部');
  await page.getByTestId('send-reference').fill('传真 2 页，编号 031');
  const alarms = page.locator('.notice-rise');
  const before = await alarms.count();

  // When duties enter their last minutes and their banners appear (10:12, before
  // the Ⅱ threshold at 10:30: nothing in the incident itself changes)
  await page.clock.fastForward('07:00');
  await expect.poll(() => alarms.count()).toBeGreaterThan(before);
  // Then what was typed is still there
  await expect(page.locator('#send-to')).toHaveValue('大连商品交易所结算部');
  await expect(page.getByTestId('send-reference')).toHaveValue('传真 2 页，编号 031');

  // When a banner is dismissed
  await alarms.first().getByRole('button', { name: '知道了' }).click();
  // Then it is still there too
  await expect(page.locator('#send-to')).toHaveValue('大连商品交易所结算部');
  await expect(page.getByTestId('send-reference')).toHaveValue('传真 2 页，编号 031');

  // When the incident itself changes (the level rises to Ⅱ at 10:30), the draft is
  // written again from the record, and what was typed still stays
  await page.clock.fastForward('20:00');
  await expect(page.getByTestId('report').locator('[data-section="course"]')).toContainText('Ⅱ级');
  await expect(page.locator('#send-to')).toHaveValue('大连商品交易所结算部');
  await expect(page.getByTestId('send-reference')).toHaveValue('传真 2 页，编号 031');
});
