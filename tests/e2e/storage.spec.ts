// Storage faults and network isolation, as a user meets them.
import { test, expect } from '@playwright/test';
import { freezeAt, signIn, recordIncident, incidentIdOf } from './helpers';
import { dumpIdb, eventsOf, faultyIdb, idbText, putIdb, setFault, withoutIndexedDB, IDB_UNAVAILABLE } from './idb_helpers';

for (const engine of ['IndexedDB', 'localStorage'] as const) {
  test(`${engine}: when storage is full the user is told and the incident stays on screen`, async ({ page }) => {
    if (engine === 'IndexedDB') await faultyIdb(page);
    else await withoutIndexedDB(page);
    await freezeAt(page, '2026-11-23T09:20:00');
    await page.goto('/');
    await signIn(page);
    if (engine === 'IndexedDB') await setFault(page, '__full', true);
    else {
      await page.evaluate(() => {
        Storage.prototype.setItem = function () {
          throw new DOMException('quota', 'QuotaExceededError');
        };
      });
    }
    await recordIncident(page, { title: '存储已满时登记', discovered: '2026-11-23T09:12', started: '2026-11-23T09:10', phenomenon: '系统异常' });
    await expect(page.getByTestId('storage-error')).toContainText('存储空间已满');
    await expect(page.getByTestId('storage-error').getByTestId('unsaved-incident')).toContainText('“存储已满时登记”');
    await expect(page.getByTestId('incident-page').getByRole('heading', { level: 1 })).toHaveText('存储已满时登记');
    if (engine === 'IndexedDB') expect(await idbText(page)).not.toContain('存储已满时登记');
  });
}

test('localStorage: stored data the app cannot read is moved to quarantine whole and offered for download', async ({ page }) => {
  await withoutIndexedDB(page);
  await page.goto('/');
  await expect(page.getByTestId('store-notice').filter({ hasText: IDB_UNAVAILABLE })).toBeVisible();
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

test('IndexedDB: an unreadable record is moved to quarantine with its incident, offered for download, and nothing else is lost', async ({ page }) => {
  await freezeAt(page, '2026-11-23T09:20:00');
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '记录将损坏的事件', discovered: '2026-11-23T09:12', started: '2026-11-23T09:10', phenomenon: '系统异常' });
  const broken = incidentIdOf(page);
  await page.getByTestId('add-note').click();
  await page.getByLabel('处置情况 *').fill('损坏前的记录');
  await page.getByRole('button', { name: '保存记录' }).click();
  await expect(page.getByTestId('record-saved')).toHaveText('已记录');
  await page.goto('/#/');
  await recordIncident(page, { title: '完好的事件', discovered: '2026-11-23T09:14', started: '2026-11-23T09:13', phenomenon: '数据异常' });
  await expect(page.getByTestId('level-badge')).toHaveText('Ⅲ级');
  const sound = incidentIdOf(page);
  const before = await eventsOf(page, sound);
  expect((await eventsOf(page, broken)).length).toBeGreaterThan(2);

  // A value of the wrong shape where the note's record was.
  await putIdb(page, 'events', [broken, 1], 42);
  await page.goto('/#/');
  await page.reload();
  const alert = page.getByRole('alert').filter({ hasText: '部分已存数据无法读取' });
  await expect(alert).toContainText(`存储项 ${broken} 无法读取（第 2 条记录格式不符：42），原始内容已原样移入隔离区 indexeddb:incident:${broken}，可下载保存。`, { timeout: 15_000 });
  const quarantine = page.getByTestId('quarantine');
  await expect(quarantine).toContainText('隔离区有 1 项');
  const [download] = await Promise.all([page.waitForEvent('download'), quarantine.getByRole('button', { name: '下载原始内容' }).click()]);
  const { readFileSync } = await import('node:fs');
  const raw = JSON.parse(readFileSync(await download.path(), 'utf8'));
  // Whole: the summary and every record, the bad one as it was.
  expect(raw.record.id).toBe(broken);
  expect(raw.events.find((e: { position: number }) => e.position === 1).raw).toBe('42');
  expect(JSON.stringify(raw)).toContain('损坏前的记录');
  expect(JSON.stringify(raw)).toContain('记录将损坏的事件');
  const dump = await dumpIdb(page);
  expect(dump.quarantine.map(([k]) => k)).toEqual([broken]);
  expect(await eventsOf(page, broken)).toEqual([]);

  // The other incident is untouched, and stays so after another start.
  await expect(page.getByTestId('incident-row')).toHaveCount(1);
  await expect(page.getByTestId('incident-row')).toContainText('完好的事件');
  expect(await eventsOf(page, sound)).toEqual(before);
  await page.reload();
  await expect(page.getByTestId('quarantine')).toContainText('隔离区有 1 项', { timeout: 15_000 });
  await expect(page.getByTestId('incident-row')).toHaveCount(1);
  await expect(page.getByRole('alert').filter({ hasText: '部分已存数据无法读取' })).toHaveCount(0);
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

test('the list says where records live, how full storage is and whether the browser keeps the data', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('storage-info')).toContainText('本机记录存于浏览器的 IndexedDB（上限为站点存储配额）');
  await expect(page.getByTestId('storage-info')).toContainText('站点存储已用');
});

test('on the localStorage fallback the list counts the characters against its 5 M limit', async ({ page }) => {
  await withoutIndexedDB(page);
  await page.goto('/');
  await expect(page.getByTestId('storage-info')).toContainText('本机记录约');
  await expect(page.getByTestId('storage-info')).toContainText('浏览器上限约 5 百万');
});
