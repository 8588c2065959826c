// The one-file build, double-clicked from a USB stick: file://, no server, no
// service worker, nothing fetched. A duty officer records an incident and it stays.
import { test, expect } from '@playwright/test';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { freezeAt, signIn, recordIncident, incidentIdOf } from './helpers';
import { eventsOf, localIncidentKeys, opened } from './idb_helpers';

const file = path.resolve(__dirname, '../../dist/incident-desk.html');

test('the single-file build runs from file:// with every feature it needs offline', async ({ page }) => {
  test.setTimeout(120_000); // each start decodes the inlined wasm
  expect(existsSync(file), 'make dist writes dist/incident-desk.html').toBe(true);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  await freezeAt(page, '2026-11-23T09:06:00');
  await page.goto(pathToFileURL(file).href);
  await signIn(page);
  await recordIncident(page, { title: 'U盘版登记的事件', discovered: '2026-11-23T09:02', started: '2026-11-23T09:00', phenomenon: '系统异常' });
  await expect(page.getByTestId('level-badge')).toHaveText('Ⅲ级');
  await expect(page.getByTestId('plan-line')).toContainText('银行期货保证金存管业务应急处理办法');

  // Kept in this browser's IndexedDB for file:// pages (not the localStorage fallback): still there after reopening.
  const id = incidentIdOf(page);
  await expect(page.getByTestId('store-notice')).toHaveCount(0);
  await expect.poll(() => eventsOf(page, id).then((e) => e.length)).toBeGreaterThan(1);
  expect(await localIncidentKeys(page)).toEqual([]);
  await page.goto(pathToFileURL(file).href + '#/');
  await page.reload();
  await expect(page.getByRole('table').getByRole('link', { name: 'U盘版登记的事件' })).toBeVisible({ timeout: 30_000 });
  // A note recorded there survives a reload too.
  await page.getByRole('table').getByRole('link', { name: 'U盘版登记的事件' }).click();
  await page.getByTestId('add-note').click();
  await page.getByLabel('处置情况 *').fill('U盘版的处置记录');
  await page.getByRole('button', { name: '保存记录' }).click();
  await expect(page.getByTestId('record-saved')).toHaveText('已记录');
  await page.reload();
  await expect(page.getByTestId('timeline')).toContainText('U盘版的处置记录', { timeout: 30_000 });
  // The parts in modules of their own come from inside the file: the time chart, the packet import.
  await expect(page.getByTestId('timeline-chart-svg')).toBeVisible();
  await page.goto(pathToFileURL(file).href + '#/');
  await expect(page.getByRole('heading', { name: '事件包（工作站之间交换）' })).toBeVisible();
  // Drills and the plan viewer work there too.
  await page.goto(pathToFileURL(file).href + '#/plan');
  await expect(page.getByTestId('plan-article')).toHaveCount(25);
  // The language switch works there as well, and is remembered for the file.
  await page.goto(pathToFileURL(file).href + '#/settings');
  await page.getByTestId('lang-en').check();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.goto(pathToFileURL(file).href + '#/');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Incidents', level: 1 })).toBeVisible();
  await expect(page.getByTestId('level-badge').first()).toHaveText('Level Ⅲ');

  expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
  expect(errors).toEqual([]);
});

test('the single-file build moves what an earlier build kept in localStorage into IndexedDB', async ({ page }) => {
  test.setTimeout(120_000);
  expect(existsSync(file), 'make dist writes dist/incident-desk.html').toBe(true);
  const { readFileSync } = await import('node:fs');
  const fixture: Record<string, string> = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/stored/local-storage.json'), 'utf8'));
  const id = 'bae819215ba0e6ebe63f26f95d3d9dde'; // 郑商所行情延迟, 7 entries
  await page.clock.install({ time: new Date('2026-11-27T01:51:28Z') });
  await page.clock.pauseAt(new Date('2026-11-27T01:51:30Z'));
  await page.goto(pathToFileURL(file).href);
  await opened(page);
  await page.evaluate(({ key, value }) => localStorage.setItem(key, value), { key: `incident-desk:incident:${id}`, value: fixture[`incident-desk:incident:${id}`] });
  await page.reload();
  await expect(page.getByRole('table').getByRole('link', { name: '郑商所行情延迟' })).toBeVisible({ timeout: 30_000 });
  expect(await localIncidentKeys(page)).toEqual([]);
  expect((await eventsOf(page, id)).length).toBeGreaterThanOrEqual(7);
  await page.reload();
  await expect(page.getByRole('table').getByRole('link', { name: '郑商所行情延迟' })).toBeVisible({ timeout: 30_000 });
});
