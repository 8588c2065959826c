// The one-file build, double-clicked from a USB stick: file://, no server, no
// service worker, nothing fetched. A duty officer records an incident and it stays.
import { test, expect } from '@playwright/test';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { freezeAt, signIn, recordIncident } from './helpers';

const file = path.resolve(__dirname, '../../dist/incident-desk.html');

test('the single-file build runs from file:// with every feature it needs offline', async ({ page }) => {
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

  // Kept in this browser's storage for file:// pages: still there after reopening.
  await page.goto(pathToFileURL(file).href + '#/');
  await page.reload();
  await expect(page.getByRole('table').getByRole('link', { name: 'U盘版登记的事件' })).toBeVisible();
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
