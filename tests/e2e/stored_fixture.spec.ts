// Stored records written by an earlier build (tests/fixtures/stored, made by make.mjs)
// into localStorage are MOVED into IndexedDB at this build's first start: the same
// incidents, levels and hash chains; every event in IndexedDB with the link it was saved
// with; the incident keys gone from localStorage and every other key untouched; nothing
// rewritten after the move; exports byte-identical to the ones that build made.
import { test, expect, type Page, type Browser } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dumpIdb, localIncidentKeys, type Dump } from './idb_helpers';

const DIR = join(__dirname, '..', 'fixtures', 'stored');
const load = (name: string) => readFileSync(join(DIR, name), 'utf8');
const plain: Record<string, string> = JSON.parse(load('local-storage.json'));
const sealed: Record<string, string> = JSON.parse(load('sealed-local-storage.json'));
const expected = JSON.parse(load('expected.json')) as {
  generated_at_utc: string;
  passphrase: string;
  packet_incident: string;
  incidents: { key: string; id: string; stored_title: string; title: string; events: number; final_hash: string; integrity: string; level: string; list_level: string; status: string; closed: boolean }[];
};
const AT = new Date(expected.generated_at_utc).getTime();
// A reload boots the wasm again: slow on a loaded machine.
const BOOT = { timeout: 30_000 };

const short = (hash: string) => `${hash.slice(0, 8)}…${hash.slice(-8)}`;

/**
 * A fresh browser holding exactly `store`, written before the app's first script runs
 * (once: a reload keeps what the app has stored since), with the clock frozen 2 s
 * before the fixture was made; `settle` then runs the app's ticks up to that instant.
 */
async function seeded(browser: Browser, baseURL: string | undefined, store: Record<string, string>): Promise<Page> {
  const context = await browser.newContext({ baseURL, timezoneId: 'Europe/London', locale: 'zh-CN' });
  await context.addInitScript((s) => {
    if (sessionStorage.getItem('fixture-seeded')) return;
    localStorage.clear();
    for (const [k, v] of Object.entries(s)) localStorage.setItem(k, v);
    sessionStorage.setItem('fixture-seeded', '1');
  }, store);
  const page = await context.newPage();
  await page.clock.install({ time: new Date(AT - 3000) });
  await page.clock.pauseAt(new Date(AT - 2000));
  return page;
}

/** Every incident-desk key and its raw value. */
const snapshot = (page: Page) =>
  page.evaluate(() => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith('incident-desk:')).sort().map((k) => [k, localStorage.getItem(k)!])));

/** The fixture without its incident records: what must stay in localStorage after the move. */
const withoutIncidents = (store: Record<string, string>) => Object.fromEntries(Object.entries(store).filter(([k]) => !k.startsWith('incident-desk:incident:')));

/** The moved logs are all in IndexedDB: each incident's record (count, head) and every event with its saved link. */
async function movedIntoIndexedDB(page: Page, sealedWith?: string): Promise<Dump> {
  const dump = await dumpIdb(page);
  expect(dump.incidents.map(([k]) => k).sort()).toEqual(expected.incidents.map((i) => i.id).sort());
  expect(dump.events.length).toBe(expected.incidents.reduce((n, i) => n + i.events, 0));
  expect(dump.quarantine).toEqual([]);
  for (const i of expected.incidents) {
    const record = dump.incidents.find(([k]) => k === i.id)![1] as { id: string; summary: string; count: number; head: string };
    expect(record.count, `${i.stored_title}: count`).toBe(i.events);
    expect(record.head, `${i.stored_title}: head`).toBe(i.final_hash);
    const events = dump.events.filter(([k]) => (k as [string, number])[0] === i.id).map(([k, v]) => [(k as [string, number])[1], v as { event: string; link: string }] as const);
    expect(events.map(([pos]) => pos)).toEqual([...Array(i.events).keys()]);
    const old = JSON.parse(plain[i.key]) as { data: { events: unknown[] }; chain: string[] };
    // The links as the earlier build saved them, not recomputed.
    expect(events.map(([, v]) => v.link), `${i.stored_title}: links`).toEqual(old.chain);
    if (sealedWith === undefined) {
      // Each event's JSON exactly as it was stored inside the old record.
      expect(events.map(([, v]) => v.event), `${i.stored_title}: events`).toEqual(old.data.events.map((e) => JSON.stringify(e)));
      expect(JSON.parse(record.summary).title).toBe(i.stored_title);
    } else {
      for (const value of [...events.map(([, v]) => v.event), record.summary]) {
        expect(value.startsWith('{"schema":2,"sealed":"'), `${i.stored_title}: sealed`).toBe(true);
        expect(value).not.toContain(i.stored_title);
      }
    }
  }
  if (sealedWith !== undefined) for (const i of expected.incidents) expect(JSON.stringify(dump)).not.toContain(i.stored_title);
  return dump;
}

async function download(page: Page, testid: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return readFileSync(await d.path(), 'utf8');
}

/** The list, then each incident's page and printed timeline, as the fixture's build showed them. */
async function showsTheFixture(page: Page) {
  await page.goto('/#/');
  await expect(page.getByTestId('incident-row')).toHaveCount(expected.incidents.length, BOOT);
  await expect(page.getByRole('alert').filter({ hasText: '部分已存数据无法读取' })).toHaveCount(0);
  await expect(page.getByTestId('quarantine')).toHaveCount(0);
  for (const i of expected.incidents) {
    const row = page.getByTestId('incident-row').filter({ hasText: i.stored_title });
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId('level-badge')).toHaveText(i.list_level);
    await expect(row.locator('td').nth(2)).toHaveText(i.status);
  }
  for (const i of expected.incidents) {
    await page.goto(`/#/incident/${i.id}`);
    await expect(page.getByTestId('incident-page').getByRole('heading', { level: 1 })).toHaveText(i.title);
    await expect(page.getByTestId('level-badge').first()).toHaveText(i.level);
    // The integrity line as that build showed it: intact, or (for the entry the fixture
    // altered outside the app) the finding kept in the log; either way the chain head.
    await expect(page.getByTestId('integrity')).toHaveText(i.integrity);
    expect(i.integrity).toContain(short(i.final_hash));
    if (i.integrity.startsWith('记录完整')) expect(i.integrity).toBe(`记录完整：${i.events} 条，校验值 ${short(i.final_hash)}`);
    await page.goto(`/#/incident/${i.id}/print/timeline`);
    await expect(page.getByTestId('chain-check')).toContainText(`共 ${i.events} 条记录；记录链末条校验值 ${short(i.final_hash)}`);
    await expect(page.getByTestId('chain-check')).toContainText(`完整校验值：${i.final_hash}`);
  }
}

test('the stored fixture is moved into IndexedDB and loads as it was: incidents, levels, chains; nothing rewritten; exports byte-identical', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const page = await seeded(browser, baseURL, plain);
  await page.goto('/');
  await expect(page.getByTestId('incident-row')).toHaveCount(expected.incidents.length, BOOT);
  // Moved: every incident key has left localStorage, every other key is the fixture's byte for byte.
  expect(await localIncidentKeys(page)).toEqual([]);
  expect(await snapshot(page)).toEqual(withoutIncidents(plain));
  const moved = await movedIntoIndexedDB(page);
  await page.clock.fastForward(2000); // the app's ticks, up to the instant the fixture was made
  await showsTheFixture(page);

  // Loading, ticking and looking wrote nothing: every value is as moved, byte for byte.
  // (At this instant every level due had been recorded, the drill had ended and no timer
  // is pending, so the app has no new entry to make.)
  await page.goto('/#/');
  expect(await snapshot(page)).toEqual(withoutIncidents(plain));
  expect(await dumpIdb(page)).toEqual(moved);

  // The same exports at the same instant, byte for byte.
  expect(await download(page, 'export-backup'), 'backup.json').toBe(load('backup.json'));
  expect(await download(page, 'archive-closed'), 'archive.json').toBe(load('archive.json'));
  await page.getByRole('button', { name: '暂不移除' }).click();
  await page.goto(`/#/incident/${expected.packet_incident}`);
  await page.getByTestId('add-note').waitFor();
  expect(await download(page, 'export-packet'), 'packet.json').toBe(load('packet.json'));
  expect(await snapshot(page), 'exporting writes nothing').toEqual(withoutIncidents(plain));
  expect(await dumpIdb(page), 'exporting writes nothing').toEqual(moved);

  // After a reload (the app boots on what it moved): still the same, nothing moved twice.
  await page.reload();
  await expect(page.getByTestId('integrity')).toContainText('记录完整', BOOT);
  await expect(page.getByRole('alert').filter({ hasText: '部分已存数据无法读取' })).toHaveCount(0);
  expect(await snapshot(page)).toEqual(withoutIncidents(plain));
  expect(await dumpIdb(page)).toEqual(moved);
  await page.goto('/#/');
  expect(await download(page, 'export-backup'), 'backup.json after the reload').toBe(load('backup.json'));
});

test('the sealed fixture opens with its passphrase, is moved into IndexedDB still sealed, and shows the same incidents and chains', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const page = await seeded(browser, baseURL, sealed);
  await page.goto('/');
  await expect(page.getByRole('heading', { name: '应急处置台已锁定' })).toBeVisible(BOOT);
  await page.getByTestId('unlock-pass').fill(expected.passphrase);
  await page.getByTestId('unlock').click();
  await expect(page.getByTestId('incident-row')).toHaveCount(expected.incidents.length, BOOT);
  // Moved under the lock: sealed in IndexedDB, gone from localStorage, the rest (the lock
  // record, the sealed documents) untouched.
  expect(await localIncidentKeys(page)).toEqual([]);
  expect(await snapshot(page)).toEqual(withoutIncidents(sealed));
  const moved = await movedIntoIndexedDB(page, expected.passphrase);
  await page.clock.fastForward(2000);
  await showsTheFixture(page);
  // Reading rewrote nothing after the move (a rewrite would seal with a fresh nonce).
  expect(await snapshot(page)).toEqual(withoutIncidents(sealed));
  expect(await dumpIdb(page)).toEqual(moved);
  // The exports made from the sealed store are those of the plain one.
  await page.goto('/#/');
  expect(await download(page, 'export-backup'), 'backup.json').toBe(load('backup.json'));

  // The next start reads the moved records under the same passphrase.
  await page.reload();
  await page.getByTestId('unlock-pass').fill(expected.passphrase);
  await page.getByTestId('unlock').click();
  await expect(page.getByTestId('incident-row')).toHaveCount(expected.incidents.length, BOOT);
  await expect(page.getByRole('alert').filter({ hasText: '部分已存数据无法读取' })).toHaveCount(0);
  expect(await dumpIdb(page)).toEqual(moved);
  expect(await download(page, 'export-backup'), 'backup.json after the reload').toBe(load('backup.json'));
});
