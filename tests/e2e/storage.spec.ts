// Storage faults and network isolation, as a user meets them.
import { test, expect } from '@playwright/test';
import { freezeAt, signIn, recordIncident } from './helpers';

test('when storage is full the user is told and the incident stays on screen', async ({ page }) => {
  await freezeAt(page, '2026-11-23T09:20:00');
  await page.goto('/');
  await signIn(page);
  await page.evaluate(() => {
    Storage.prototype.setItem = function () {
      throw new DOMException('quota', 'QuotaExceededError');
    };
  });
  await recordIncident(page, { title: '存储已满时登记', discovered: '2026-11-23T09:12', started: '2026-11-23T09:10', phenomenon: '系统异常' });
  await expect(page.getByTestId('storage-error')).toContainText('存储空间已满');
  await expect(page.getByTestId('incident-page').getByRole('heading', { level: 1 })).toHaveText('存储已满时登记');
});

test('stored data the app cannot read is moved to quarantine whole and offered for download', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.setItem('incident-desk:incident:broken', '{"schema":1,"data":'));
  await page.reload();
  await expect(page.getByRole('alert').filter({ hasText: '部分已存数据无法读取' })).toContainText('隔离区', { timeout: 15_000 }); // a reload boots the wasm again: slow on a loaded machine
  expect(await page.evaluate(() => localStorage.getItem('incident-desk:quarantine:incident:broken'))).toBe('{"schema":1,"data":');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('quarantine').getByRole('button', { name: '下载原始内容' }).click()]);
  const { readFileSync } = await import('node:fs');
  expect(readFileSync(await download.path(), 'utf8')).toBe('{"schema":1,"data":');
  await page.reload();
  await expect(page.getByTestId('quarantine')).toContainText('隔离区有 1 项');
});

test('the app never requests anything outside its own origin', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await freezeAt(page, '2026-11-23T09:20:00');
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '同源检查', discovered: '2026-11-23T09:12', started: '2026-11-23T09:10', phenomenon: '数据异常' });
  await expect(page.getByTestId('level-badge')).toHaveText('Ⅲ级');
  await page.goto('/#/');
  await page.reload();
  expect(requests.length).toBeGreaterThan(3);
  const foreign = requests.filter((u) => !u.startsWith('data:') && new URL(u).origin !== origin);
  expect(foreign).toEqual([]);
});

test('the list says how full storage is and whether the browser keeps the data', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('storage-info')).toContainText('本机记录约');
  await expect(page.getByTestId('storage-info')).toContainText('站点存储已用');
});
