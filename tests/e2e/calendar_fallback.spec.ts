// A year without a published holiday schedule (2027, as of December 2026): the statutory holidays
// of 《全国年节及纪念日放假办法》 stand in for it, deadlines counted in it carry a mark next to them,
// and the warning sits on the calendar page, not as a banner on every screen.
import { test, expect } from '@playwright/test';
import { freezeAt, signIn, recordIncident, restoreAt } from './helpers';

const MARK = '按法定节假日推算，待导入当年安排';

test('an incident ending on 2026-12-31 counts 2027 by the statutory holidays, marked, until 2027 is imported', async ({ page }) => {
  await freezeAt(page, '2026-12-31T16:05:00');
  await page.goto('/');
  await signIn(page);
  // No calendar banner on the home page (nor anywhere outside the calendar page).
  await expect(page.locator('.notices')).not.toContainText('节假日');
  await expect(page.getByTestId('calendar-coverage')).toHaveCount(0);

  await recordIncident(page, { title: '年末出入金中断', discovered: '2026-12-31T15:51', started: '2026-12-31T15:50', phenomenon: '系统异常' });
  await expect(page.getByTestId('level-badge')).toHaveText('Ⅲ级');
  // Minutes-based deadlines never read the calendar: no mark while the incident runs.
  await expect(page.getByTestId('provisional')).toHaveCount(0);
  await restoreAt(page, '2026-12-31T16:00');
  const incidentUrl = page.url();

  // 元旦 (Fri 2027-01-01) is a statutory day off: one working day after Thu 12-31 is Mon 01-04.
  const summary = page.locator('[data-key="summary-report-iii"]');
  await expect(summary).toContainText('时限：1月4日（周一）24:00（第二十二条（三））');
  const mark = summary.locator('.when-line').getByTestId('provisional');
  await expect(mark).toHaveText(MARK);
  await expect(mark).toBeVisible();
  await expect(page.getByTestId('monitoring-period')).toContainText('至少 3 个工作日：01-04、01-05、01-06');
  await expect(page.getByTestId('monitoring-period').getByTestId('provisional')).toHaveText(MARK);
  await expect(page.locator('.notices')).not.toContainText('节假日');

  // The deadline board on the home page marks it too; still no banner there.
  await page.goto('/#/');
  const board = page.getByTestId('deadline-board');
  await expect(board).toContainText('1月4日（周一）24:00');
  await expect(board.getByTestId('provisional').first()).toHaveText(MARK);
  await expect(page.locator('.notices')).not.toContainText('节假日');

  // The calendar page says what is assumed for 2027 and leads to the import.
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '工作日历' }).click();
  const coverage = page.getByTestId('calendar-coverage');
  await expect(coverage).toContainText('未导入2027年的节假日安排');
  await expect(coverage).toContainText('《全国年节及纪念日放假办法》');
  await expect(coverage).toContainText(MARK);
  await expect(page.getByTestId('calendar-assumed')).toContainText('元旦：01-01');
  await expect(page.getByTestId('calendar-assumed')).toContainText('春节：02-05、02-06、02-07、02-08；补假 02-09、02-10');
  await page.getByTestId('go-import').click();
  await expect(page.getByTestId('calendar-text')).toBeFocused();
  // The published arrangement (here: 元旦 through Monday 01-04) replaces the fallback and clears the mark.
  await page.getByTestId('calendar-text').fill('2027-01-01,休\n2027-01-02,休\n2027-01-03,休\n2027-01-04,休');
  await page.getByTestId('import-calendar').click();
  await expect(page.getByTestId('calendar-result')).toHaveText('已导入 4 个日期。');
  await expect(page.getByTestId('calendar-coverage')).toHaveCount(0);
  await expect(page.getByTestId('calendar-years')).toHaveText('2025、2026、2027');

  await page.goto(incidentUrl);
  await page.clock.fastForward(2000); // the next tick recounts the deadlines on the new calendar
  await expect(summary).toContainText('时限：1月5日（周二）24:00（第二十二条（三））');
  await expect(page.getByTestId('monitoring-period')).toContainText('01-05、01-06、01-07');
  await expect(page.getByTestId('provisional')).toHaveCount(0);
});
