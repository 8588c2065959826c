// Restores and packets as a duty officer meets them: whole or nothing, clashes shown
// before confirming, ids checked at the door, conflicting copies kept side by side.
import { test, expect, type Page, type Browser } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { freezeAt, signIn, recordIncident, setUp } from './helpers';
import { dumpIdb, withoutIndexedDB, IDB_UNAVAILABLE, ON_LOCAL_STORAGE } from './idb_helpers';

async function desk(browser: Browser, baseURL: string | undefined, who: string, engine: 'IndexedDB' | 'localStorage' = 'IndexedDB'): Promise<Page> {
  const page = await (await browser.newContext({ baseURL, timezoneId: 'Europe/London' })).newPage();
  if (engine === 'localStorage') await withoutIndexedDB(page);
  await freezeAt(page, '2026-11-23T10:05:00');
  await page.goto('/');
  if (engine === 'localStorage') await expect(page.getByTestId('store-notice').filter({ hasText: IDB_UNAVAILABLE })).toContainText(ON_LOCAL_STORAGE);
  await signIn(page, who);
  return page;
}

async function download(page: Page, testid: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return readFileSync(await d.path(), 'utf8');
}

const file = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

// After a reload, the first check waits longer: on a busy machine the app takes a while to start.

/** Everything this app keeps in the browser, to prove a refused restore changed nothing. */
const snapshot = async (page: Page) => ({
  local: await page.evaluate(() => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith('incident-desk:')).sort().map((k) => [k, localStorage.getItem(k)]))),
  // IndexedDB too, where the page has it (the fallback's pages have none).
  idb: (await page.evaluate(() => !!window.indexedDB)) ? await dumpIdb(page) : null,
});

/** The hash chain as the app computes it (integrity.rs): SHA-256 over the previous link and each event's JSON. */
function chainOf(incident: { id: string; events: unknown[] }): string[] {
  let prev = createHash('sha256').update(`incident-desk/v1/${incident.id}`).digest();
  return incident.events.map((e) => {
    prev = createHash('sha256').update(prev).update(JSON.stringify(e)).digest();
    return prev.toString('hex');
  });
}

const contact = { kind: 'Exchange', unit: '上海期货交易所', role: '', name: '恢复测试值班室', office_phone: '021-6888 0000', mobile: '', fax: '', email: '' };

test('a backup whose plan version clashes with ours: the preview says so, nothing is written; without the clash all of it is', async ({ browser, baseURL }) => {
  // Here: a local plan version (the institution named in the setup) and one incident.
  const here = await desk(browser, baseURL, '甲');
  await setUp(here);
  await recordIncident(here, { title: '本机已有的事件', discovered: '2026-11-23T10:02', started: '2026-11-23T10:01', phenomenon: '系统异常' });
  await here.goto('/#/');
  const ours = JSON.parse(await download(here, 'export-backup'));
  expect(ours.plans.length).toBe(1);
  const key = `${ours.plans[0].id}@${ours.plans[0].version}`;

  // Elsewhere: a new incident.
  const there = await desk(browser, baseURL, '乙');
  await recordIncident(there, { title: '备份带来的新事件', discovered: '2026-11-23T10:03', started: '2026-11-23T10:02', phenomenon: '系统异常' });
  await there.goto('/#/');
  const theirs = JSON.parse(await download(there, 'export-backup'));

  // A backup holding that incident, a contact, and the same plan version with other content.
  const clashing = { ...ours, plans: [{ ...ours.plans[0], institution: '丙银行股份有限公司' }], incidents: theirs.incidents, directory: { ...ours.directory, contacts: [contact] } };
  const before = await snapshot(here);
  await here.getByTestId('import-backup').setInputFiles(file('clash.json', JSON.stringify(clashing)));
  const preview = here.getByTestId('backup-preview');
  await expect(preview).toContainText('备份带来的新事件：新增');
  await expect(preview).toContainText('通讯录：新增 1 人');
  await expect(here.getByTestId('backup-clash')).toContainText(`预案版本 ${key} 与本机的同号版本内容不同`);
  await expect(here.getByTestId('backup-clash')).toContainText('整份文件都不会写入');
  await expect(here.getByTestId('confirm-backup')).toHaveCount(0);
  await here.getByTestId('cancel-backup').click();
  await expect(preview).toHaveCount(0);
  expect(await snapshot(here)).toEqual(before);
  await expect(here.getByTestId('incident-row')).toHaveCount(1);
  await here.reload();
  await expect(here.getByTestId('incident-row')).toHaveCount(1, { timeout: 15_000 });

  // The same backup without the clash: everything is written, every item named.
  const clean = { ...clashing, plans: ours.plans };
  await here.getByTestId('import-backup').setInputFiles(file('clean.json', JSON.stringify(clean)));
  await expect(preview).toContainText(`预案版本 ${key}：本机已有，相同`);
  await expect(here.getByTestId('backup-clash')).toHaveCount(0);
  await here.getByTestId('confirm-backup').click();
  const message = here.getByTestId('backup-message');
  await expect(message).toContainText('已全部恢复');
  await expect(message).toContainText('事件“备份带来的新事件”（新增，');
  await expect(message).toContainText(`预案版本 ${key}（本机已有）`);
  await expect(message).toContainText('通讯录（新增 1 人，更新 0 人）');
  await expect(here.getByTestId('incident-row')).toHaveCount(2);
  await here.reload();
  await expect(here.getByTestId('incident-row')).toHaveCount(2, { timeout: 15_000 });
  expect(await here.evaluate(() => localStorage.getItem('incident-desk:directory'))).toContain('恢复测试值班室');
});

// Whole or nothing is the localStorage engine's restore (IndexedDB hands each incident to its
// writer, which keeps what does not fit in the page and retries it): run on the fallback.
test('localStorage: a restore that runs out of room midway writes nothing and says what was not restored', async ({ browser, baseURL }) => {
  const there = await desk(browser, baseURL, '乙');
  await recordIncident(there, { title: '第一件', discovered: '2026-11-23T10:02', started: '2026-11-23T10:01', phenomenon: '系统异常' });
  await there.goto('/#/');
  await recordIncident(there, { title: '第二件', discovered: '2026-11-23T10:03', started: '2026-11-23T10:02', phenomenon: '数据异常' });
  await there.goto('/#/');
  const backup = await download(there, 'export-backup');

  const here = await desk(browser, baseURL, '甲', 'localStorage');
  await recordIncident(here, { title: '本机的事件', discovered: '2026-11-23T10:01', started: '2026-11-23T10:00', phenomenon: '系统异常' });
  await here.goto('/#/');
  const before = await snapshot(here);
  // Room for one more incident record only.
  await here.evaluate(() => {
    const set = Storage.prototype.setItem;
    let incidents = 0;
    Storage.prototype.setItem = function (k: string, v: string) {
      if (k.startsWith('incident-desk:incident:') && ++incidents > 1) throw new DOMException('quota', 'QuotaExceededError');
      return set.call(this, k, v);
    };
  });
  await here.getByTestId('import-backup').setInputFiles(file('two.json', backup));
  await expect(here.getByTestId('backup-preview')).toContainText('第一件：新增');
  await expect(here.getByTestId('backup-preview')).toContainText('第二件：新增');
  await here.getByTestId('confirm-backup').click();
  const message = here.getByTestId('backup-message');
  await expect(message).toContainText('未恢复：写入事件“');
  await expect(message).toContainText('存储空间已满');
  await expect(message).toContainText('已写入的部分均已撤回，本机数据与恢复前相同');
  await expect(message).toContainText('事件“第一件”（新增，');
  await expect(message).toContainText('事件“第二件”（新增，');
  expect(await snapshot(here)).toEqual(before);
  await expect(here.getByTestId('incident-row')).toHaveCount(1);
  await here.reload();
  await expect(here.getByTestId('incident-row')).toHaveCount(1, { timeout: 15_000 });
  await expect(here.getByTestId('incident-row')).toContainText('本机的事件');
});

test('packets and backups with ids the app never makes are refused at the door, naming the file and the id', async ({ browser, baseURL }) => {
  const there = await desk(browser, baseURL, '乙');
  await recordIncident(there, { title: '编号检查', discovered: '2026-11-23T10:02', started: '2026-11-23T10:01', phenomenon: '系统异常' });
  const packet = JSON.parse(await download(there, 'export-packet'));
  await there.goto('/#/');
  const backup = JSON.parse(await download(there, 'export-backup'));

  const here = await desk(browser, baseURL, '甲');
  const message = here.getByTestId('packet-message');
  const withId = (id: string) => JSON.stringify({ ...packet, incident: { ...packet.incident, id } });
  await here.getByTestId('import-packet').setInputFiles(file('slash.json', withId('abc/transfers')));
  await expect(message).toContainText('事件编号“abc/transfers”不符合本应用的格式');
  await expect(message).toContainText('（文件 slash.json）');
  await expect(message).toContainText('本机数据未做任何改动');
  await here.getByTestId('import-packet').setInputFiles(file('markup.json', withId('a"<img src=x onerror=alert(1)>')));
  await expect(message).toContainText('事件编号“a"<img src=x onerror=alert(1)>”不符合');
  await expect(here.locator('img[src=x]')).toHaveCount(0);
  await here.getByTestId('import-packet').setInputFiles(file('long.json', withId('x'.repeat(200_000))));
  await expect(message).toContainText('（共 200000 个字符）');
  const badEvent = { ...packet, incident: { ...packet.incident, events: [{ ...packet.incident.events[0], id: '../x' }, ...packet.incident.events.slice(1)] } };
  await here.getByTestId('import-packet').setInputFiles(file('event.json', JSON.stringify(badEvent)));
  await expect(message).toContainText('第 1 条记录的编号“../x”不符合本应用的格式');
  await expect(here.getByTestId('packet-preview')).toHaveCount(0);

  // A backup (or an archive, the same file) likewise.
  const badBackup = { ...backup, incidents: [{ ...backup.incidents[0], incident: { ...backup.incidents[0].incident, id: 'abc/transfers' } }] };
  await here.getByTestId('import-backup').setInputFiles(file('archive.json', JSON.stringify(badBackup)));
  await expect(here.getByTestId('backup-message')).toContainText('备份中事件“编号检查”：事件编号“abc/transfers”不符合本应用的格式');
  await expect(here.getByTestId('backup-message')).toContainText('（文件 archive.json）');
  await expect(here.getByTestId('backup-preview')).toHaveCount(0);
  await expect(here.getByTestId('incident-row')).toHaveCount(0);
});

test('bad files get a likely cause in words, never the parser\'s text', async ({ browser, baseURL }) => {
  const there = await desk(browser, baseURL, '乙');
  await recordIncident(there, { title: '文件提示', discovered: '2026-11-23T10:02', started: '2026-11-23T10:01', phenomenon: '系统异常' });
  const packet = await download(there, 'export-packet');
  await there.goto('/#/');
  const backup = await download(there, 'export-backup');

  const here = await desk(browser, baseURL, '甲');
  const cases: [string, string, string][] = [
    ['import-packet', 'hello', '内容不是 JSON'],
    ['import-packet', '单位,姓名,手机\n上期所,值班室,1\n', '表格（CSV）'],
    ['import-packet', packet.slice(0, packet.length / 2), '文件不完整'],
    ['import-packet', backup, '这是备份或归档文件，不是事件包文件'],
    ['import-backup', packet, '这是事件包文件，不是备份或归档文件'],
    ['import-backup', '', '文件是空的'],
  ];
  for (const [input, text, cause] of cases) {
    await here.getByTestId(input).setInputFiles(file('f.json', text));
    const message = here.getByTestId(input === 'import-packet' ? 'packet-message' : 'backup-message');
    await expect(message).toContainText(cause);
    await expect(message).not.toContainText('expected');
    await expect(message).not.toContainText('line 1 column');
  }
});

test('an entry arriving with a known id and other content is kept as a conflict, shown beside ours', async ({ page }) => {
  await freezeAt(page, '2026-11-23T10:05:00');
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '冲突检查', discovered: '2026-11-23T10:02', started: '2026-11-23T10:01', phenomenon: '系统异常' });
  await page.getByTestId('add-note').click();
  await page.getByLabel('处置情况 *').fill('已电话通知郑商所');
  await page.getByRole('button', { name: '保存记录' }).click();
  await expect(page.getByTestId('timeline')).toContainText('已电话通知郑商所');
  const packet = JSON.parse(await download(page, 'export-packet'));
  // Another workstation's copy of the same note says otherwise (and its chain is sound).
  const incident = packet.incident;
  const note = incident.events.findIndex((e: any) => e.kind.type === 'Note');
  incident.events[note] = { ...incident.events[note], kind: { ...incident.events[note].kind, text: '未通知郑商所' } };
  const other = JSON.stringify({ ...packet, incident, chain: chainOf(incident) });

  await page.goto('/#/');
  await page.getByTestId('import-packet').setInputFiles(file('other.json', other));
  await expect(page.getByTestId('packet-entry-conflicts')).toContainText('1 条记录与本机同号而内容不同');
  await page.getByTestId('confirm-packet').click();
  const conflicts = page.getByTestId('conflicts');
  await expect(conflicts).toContainText('记录冲突');
  await expect(conflicts.getByTestId('conflict')).toHaveCount(1);
  const row = conflicts.getByRole('row', { name: /内容/ });
  await expect(row.getByRole('cell').nth(0)).toHaveText('已电话通知郑商所');
  await expect(row.getByRole('cell').nth(1)).toHaveText('未通知郑商所');
  await expect(page.getByTestId('timeline')).toContainText('收到内容不同的同号记录');
  await expect(page.getByTestId('integrity')).toContainText('记录完整');

  // The same copy again adds nothing; the finding survives a reload.
  await page.goto('/#/');
  await page.getByTestId('import-packet').setInputFiles(file('other.json', other));
  await expect(page.getByTestId('packet-preview')).toContainText('将合并 0 条新记录');
  await expect(page.getByTestId('packet-entry-conflicts')).toHaveCount(0);
  await page.getByTestId('confirm-packet').click();
  await page.reload();
  await expect(page.getByTestId('conflicts').getByTestId('conflict')).toHaveCount(1, { timeout: 15_000 });
  await expect(page.getByTestId('integrity')).toContainText('记录完整');
});

// Two keys for one incident exist only in localStorage: run on the fallback (idb.spec.ts has the migration of such a pair).
test('localStorage: two storage keys holding one incident are listed once and the extra key is reported, not deleted', async ({ page }) => {
  await withoutIndexedDB(page);
  await freezeAt(page, '2026-11-23T10:05:00');
  await page.goto('/');
  await expect(page.getByTestId('store-notice').filter({ hasText: IDB_UNAVAILABLE })).toBeVisible();
  await signIn(page);
  await recordIncident(page, { title: '存了两份', discovered: '2026-11-23T10:02', started: '2026-11-23T10:01', phenomenon: '系统异常' });
  await page.goto('/#/');
  await page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('incident-desk:incident:'))!;
    localStorage.setItem('incident-desk:incident:copy-1', localStorage.getItem(key)!);
  });
  await page.reload();
  await expect(page.getByTestId('incident-row')).toHaveCount(1, { timeout: 15_000 });
  await expect(page.getByRole('alert').filter({ hasText: 'incident-desk:incident:copy-1' })).toContainText('保存的是同一事件');
  expect(await page.evaluate(() => localStorage.getItem('incident-desk:incident:copy-1'))).not.toBeNull();
});
