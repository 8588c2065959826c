// The IndexedDB engine as a duty officer meets it (commit 87c2b42): a save is confirmed only
// once its transaction completed; a failed or aborted transaction keeps the entry in the page,
// says so and retries; data of a newer layout stays read-only; another tab's entries arrive
// without a reload and simultaneous entries both survive; what localStorage held is moved in.
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freezeAt, signIn, recordIncident, incidentIdOf } from './helpers';
import { dumpIdb, eventsOf, faultyIdb, localIncidentKeys, opened, putIdb, setFault, storedEvents } from './idb_helpers';

async function note(page: Page, text: string) {
  await page.getByTestId('add-note').click();
  await page.getByLabel('处置情况 *').fill(text);
  await page.getByRole('button', { name: '保存记录' }).click();
}

const cases = [
  { fault: '__full', why: '浏览器存储空间已满。请不要关闭或刷新本页；在事件列表页“备份与恢复”中先导出完整备份，再归档已关闭的事件腾出空间，腾出后会自动补存。' },
  { fault: '__abort', why: '保存时出错（' },
] as const;

for (const { fault, why } of cases) {
  test(`a note whose transaction ${fault === '__full' ? 'hits the quota' : 'is aborted'} is never shown as saved, the banner names the incident, and the retry saves it`, async ({ page }) => {
    await faultyIdb(page);
    await freezeAt(page, '2026-11-23T09:20:00');
    await page.goto('/');
    await signIn(page);
    await recordIncident(page, { title: '写入失败的事件', discovered: '2026-11-23T09:12', started: '2026-11-23T09:10', phenomenon: '系统异常' });
    const id = incidentIdOf(page);
    await expect.poll(() => eventsOf(page, id).then((e) => e.length)).toBeGreaterThan(0);

    // While the transaction is under way: "正在保存……", amber, never green.
    await setFault(page, '__hold', true);
    await note(page, '进行中的一条');
    const saved = page.getByTestId('record-saved');
    await expect(saved).toHaveText('正在保存……');
    await expect(saved).toHaveClass('unsaved');
    await setFault(page, '__hold', false);
    await expect(saved).toHaveText('已记录');
    await expect(saved).toHaveClass('saved');

    await setFault(page, fault, true);
    await note(page, '未能写入的一条');
    await expect(page.getByTestId('timeline')).toContainText('未能写入的一条');
    const banner = page.getByTestId('storage-error');
    await expect(banner.getByTestId('unsaved-incident')).toContainText('“写入失败的事件”');
    await expect(banner).toContainText(why);
    await expect(saved).not.toHaveText('已记录');
    await expect(saved).toHaveClass('unsaved');
    expect(await storedEvents(page)).not.toContain('未能写入的一条');
    // Still failing: retried every 10 s, nothing dropped.
    await page.clock.fastForward(11_000);
    await expect(banner.getByTestId('retry-status')).toContainText('已试');
    await expect(banner.getByTestId('unsaved-incident')).toContainText('“写入失败的事件”');

    await setFault(page, fault, false);
    await page.clock.fastForward(10_000);
    await expect(page.getByTestId('caught-up')).toContainText('已补存：“写入失败的事件”');
    await expect(banner).toHaveCount(0);
    await expect.poll(() => storedEvents(page)).toContain('未能写入的一条');
    // Once each, in order, after the entries before it.
    const stored = (await eventsOf(page, id)).map(([, v]) => v.event);
    expect(stored.filter((e) => e.includes('未能写入的一条'))).toHaveLength(1);
    expect(stored.findIndex((e) => e.includes('进行中的一条'))).toBeLessThan(stored.findIndex((e) => e.includes('未能写入的一条')));
    await page.reload();
    await expect(page.getByTestId('timeline')).toContainText('未能写入的一条', { timeout: 15_000 });
    await expect(page.getByTestId('timeline')).toContainText('进行中的一条');
    await expect(page.getByTestId('integrity')).toContainText('记录完整');
  });
}

test('data of a newer layout stays read-only: recording is refused with the reason and nothing is overwritten', async ({ page }) => {
  await freezeAt(page, '2026-11-23T09:20:00');
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '新版数据', discovered: '2026-11-23T09:12', started: '2026-11-23T09:10', phenomenon: '系统异常' });
  const id = incidentIdOf(page);
  await expect.poll(() => eventsOf(page, id).then((e) => e.length)).toBeGreaterThan(0);
  await putIdb(page, 'settings', 'layout', '99');
  await page.goto('/#/');
  await page.reload();
  const banner = page.getByTestId('storage-error');
  await expect(banner).toContainText('本机数据由较新版本（数据版本 99）写入，当前版本为只读，以免覆盖新数据。请使用最新版本的应急处置台。', { timeout: 15_000 });
  const before = await dumpIdb(page);
  // Still readable: the incident is listed and opens.
  await page.getByTestId('incident-row').getByRole('link').click();
  await note(page, '只读时的记录');
  await expect(page.getByTestId('record-saved')).toContainText('已记在本页，但未能保存到本机：本机数据由较新版本写入，本版本只读。');
  await expect(page.getByTestId('record-saved')).toHaveClass('unsaved');
  await expect(page.getByTestId('timeline')).toContainText('只读时的记录');
  await page.clock.fastForward(11_000);
  await expect(banner).toContainText('较新版本');
  expect(await dumpIdb(page)).toEqual(before);
  expect(before.settings).toEqual([['layout', '99']]);
});

test('two tabs: a note recorded in one appears in the other without a reload; simultaneous notes are both kept, once each', async ({ context }) => {
  const a = await context.newPage();
  await freezeAt(a, '2026-11-23T09:20:00');
  await a.goto('/');
  await signIn(a, '甲');
  await recordIncident(a, { title: '两个标签页', discovered: '2026-11-23T09:12', started: '2026-11-23T09:10', phenomenon: '系统异常' });
  const id = incidentIdOf(a);
  const b = await context.newPage();
  await freezeAt(b, '2026-11-23T09:20:00');
  await b.goto(a.url());
  await expect(b.getByTestId('incident-page').getByRole('heading', { level: 1 })).toHaveText('两个标签页', { timeout: 15_000 });

  await note(a, '甲先记的一条');
  await expect(a.getByTestId('record-saved')).toHaveText('已记录');
  await expect(b.getByTestId('timeline')).toContainText('甲先记的一条', { timeout: 2_000 });

  // Both at about the same time: neither write may replace the other.
  for (const [page, text] of [[a, '甲同时记的'], [b, '乙同时记的']] as const) {
    await page.getByTestId('add-note').click();
    await page.getByLabel('处置情况 *').fill(text);
  }
  await Promise.all([a.getByRole('button', { name: '保存记录' }).click(), b.getByRole('button', { name: '保存记录' }).click()]);
  await expect(a.getByTestId('record-saved')).toHaveText('已记录');
  await expect(b.getByTestId('record-saved')).toHaveText('已记录');
  await expect(a.getByTestId('timeline')).toContainText('乙同时记的', { timeout: 2_000 });
  await expect(b.getByTestId('timeline')).toContainText('甲同时记的', { timeout: 2_000 });

  for (const page of [a, b]) {
    await page.reload();
    const timeline = page.getByTestId('timeline');
    await expect(timeline).toContainText('甲同时记的', { timeout: 15_000 });
    for (const text of ['甲先记的一条', '甲同时记的', '乙同时记的']) await expect(timeline.getByText(text, { exact: true })).toHaveCount(1);
    await expect(page.getByTestId('integrity')).toContainText('记录完整');
  }
  const stored = (await eventsOf(a, id)).map(([, v]) => v.event);
  for (const text of ['甲先记的一条', '甲同时记的', '乙同时记的']) expect(stored.filter((e) => e.includes(text)), text).toHaveLength(1);
});

test('an incident found under two localStorage keys is moved in once, with the entries of both', async ({ page }) => {
  // An earlier build's record (tests/fixtures/stored), and a copy under another key holding one entry more.
  const fixture: Record<string, string> = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'stored', 'local-storage.json'), 'utf8'));
  const id = 'bae819215ba0e6ebe63f26f95d3d9dde'; // 郑商所行情延迟, 7 entries
  const full = fixture[`incident-desk:incident:${id}`];
  const record = JSON.parse(full) as { schema: number; data: { id: string; events: { id: string }[] }; chain: string[] };
  const shorter = JSON.stringify({ ...record, data: { ...record.data, events: record.data.events.slice(0, 6) }, chain: record.chain.slice(0, 6) });
  await page.clock.install({ time: new Date('2026-11-27T01:51:28Z') });
  await page.clock.pauseAt(new Date('2026-11-27T01:51:30Z'));
  await page.goto('/');
  await opened(page);
  await page.evaluate(({ id, shorter, full }) => {
    localStorage.setItem(`incident-desk:incident:${id}`, shorter);
    localStorage.setItem('incident-desk:incident:copy-1', full);
  }, { id, shorter, full });
  await page.reload();
  await expect(page.getByTestId('incident-row')).toHaveCount(1, { timeout: 15_000 });
  await expect(page.getByTestId('incident-row')).toContainText('郑商所行情延迟');
  await expect(page.getByRole('alert').filter({ hasText: '部分已存数据无法读取' })).toHaveCount(0);
  // Moved: both keys gone once IndexedDB holds every entry of both, once each.
  expect(await localIncidentKeys(page)).toEqual([]);
  const stored = (await eventsOf(page, id)).map(([, v]) => JSON.parse(v.event).id as string);
  for (const e of record.data.events) expect(stored.filter((s) => s === e.id), e.id).toHaveLength(1);
  await page.goto(`/#/incident/${id}`);
  await expect(page.getByTestId('integrity')).toContainText('记录完整');
  await page.reload();
  await expect(page.getByTestId('integrity')).toContainText('记录完整', { timeout: 15_000 });
  expect((await eventsOf(page, id)).length).toBe(stored.length);
});
