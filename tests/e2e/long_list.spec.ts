// Years of incidents on one workstation: the list leads with what is in progress and the latest
// others; the rest are one press away, and the dashboard still counts every one.
import { test, expect } from '@playwright/test';
import { freezeAt, storedFacts } from './helpers';

test('a long list shows every incident in progress and the latest 30 others; 显示全部 shows the rest', async ({ page }) => {
  await freezeAt(page, '2026-11-23T10:00:00');
  await page.goto('/');
  const author = { name: '王五', role: '值班' };
  const day = (n: number, hour: number) => new Date(Date.UTC(2025, 0, 1 + n, hour)).toISOString().replace('.000Z', 'Z');
  // 33 incidents restored long ago (one a week), and one still in progress, opened before all of them.
  const logs: [string, object[]][] = [];
  for (let n = 0; n < 33; n++) {
    const at = day(7 * n + 10, 2);
    logs.push([`r${n}`, [
      { id: `r${n}-e0`, occurred_at: at, recorded_at: at, author, kind: { type: 'Opened', facts: storedFacts(`已恢复的事件${n}`, at), plan_id: 'bank-depository', plan_version: '1' } },
      { id: `r${n}-e1`, occurred_at: day(7 * n + 10, 3), recorded_at: day(7 * n + 10, 3), author, kind: { type: 'ServiceRestored', note: '' } },
    ]]);
  }
  const old = day(0, 2);
  logs.push(['open', [{ id: 'open-e0', occurred_at: old, recorded_at: old, author, kind: { type: 'Opened', facts: storedFacts('仍在处置的旧事件', old), plan_id: 'bank-depository', plan_version: '1' } }]]);
  await page.evaluate((logs) => {
    localStorage.clear();
    localStorage.setItem('incident-desk:schema', '1');
    localStorage.setItem('incident-desk:setting:operator', JSON.stringify({ name: '王五', role: '' }));
    for (const [id, events] of logs) localStorage.setItem(`incident-desk:incident:${id}`, JSON.stringify({ schema: 1, data: { id, events } }));
  }, logs);
  await page.reload();

  const rows = page.getByTestId('incident-row');
  await expect(rows).toHaveCount(31);
  // The one in progress leads, however old; then the newest restored ones.
  await expect(rows.first()).toContainText('仍在处置的旧事件');
  await expect(rows.nth(1)).toContainText('已恢复的事件32');
  await expect(rows.last()).toContainText('已恢复的事件3');
  await expect(page.locator('.incident-table').getByText('已恢复的事件2', { exact: true })).toHaveCount(0);
  await expect(page.getByTestId('list-earlier')).toContainText('另有 3 个较早的已恢复或已关闭事件未列出。');
  // The dashboard counts all of them, listed or not.
  await expect(page.getByTestId('drills-left-out')).toContainText('共 34 个真实事件');
  await expect(page.getByTestId('kpi-open')).toHaveText('1');

  // By keyboard alone: the button is in the tab order.
  await page.getByTestId('list-all').focus();
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(34);
  await expect(rows.last()).toContainText('已恢复的事件0');
  await expect(page.getByTestId('list-earlier')).toHaveCount(0);
});
