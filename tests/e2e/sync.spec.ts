// Two workstations (two browser contexts, storage of their own) sharing incidents
// through a CouchDB-compatible server: pouchdb-server, started by playwright.config.ts
// on a directory of its own (so it can be stopped and started again), reached the
// way docs/SYNC.md prefers, through the app's own web server at /couch.
import { test, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { signIn, recordIncident, freezeAt, restoreAt, closeOutIII } from './helpers';
import { COUCH_PIDFILE } from '../../playwright.config';
import { dumpIdb } from './idb_helpers';

const COUCH = `http://127.0.0.1:${process.env.E2E_COUCH_PORT ?? 5988}`;
const RULE = readFileSync('src/domain/sync/design.rs', 'utf8').match(/pub const VALIDATE: &str = r#"([\s\S]*?)"#;/)![1];
const json = { 'Content-Type': 'application/json' };

/** A database of its own, with the app's rule installed (as an administrator would). */
async function database(): Promise<string> {
  const name = `desk-e2e-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  expect((await fetch(`${COUCH}/${name}`, { method: 'PUT' })).status).toBe(201);
  const rule = await fetch(`${COUCH}/${name}/_design/incident-desk`, { method: 'PUT', headers: json, body: JSON.stringify({ language: 'javascript', validate_doc_update: RULE }) });
  expect(rule.status).toBe(201);
  return name;
}

interface Workstation { page: Page; context: BrowserContext }

async function workstation(browser: Browser, db: string, name: string): Promise<Workstation> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/');
  await signIn(page, name, '值班');
  await page.goto('/#/settings');
  await page.getByTestId('sync-server').fill('/couch');
  await page.getByTestId('sync-database').fill(db);
  await page.getByTestId('sync-test').click();
  await expect(page.getByTestId('sync-message')).toHaveText('连接正常，服务器上的记录规则已就位。');
  await page.getByTestId('sync-start').click();
  await expect(page.getByTestId('sync-message')).toContainText('同步已开启');
  await expect(page.getByTestId('sync-status')).toHaveText('已同步', { timeout: 10_000 });
  // A hash change, not a reload: the password lives in this page's memory only.
  await page.goto('/#/');
  return { page, context };
}

async function addNote(page: Page, text: string) {
  await page.getByTestId('add-note').click();
  await page.getByLabel('处置情况 *').fill(text);
  await page.getByRole('button', { name: '保存记录' }).click();
  await expect(page.getByTestId('timeline')).toContainText(text);
}

/** The branch records an incident; both workstations end on its page. */
async function sharedIncident(branch: Page, head: Page, title: string) {
  await recordIncident(branch, { title, discovered: '2026-11-23T10:02', started: '2026-11-23T10:01', phenomenon: '系统异常' });
  await expect(branch.getByTestId('integrity')).toBeVisible();
  await expect(head.getByTestId('incident-row')).toContainText(title, { timeout: 5_000 });
  await head.getByTestId('incident-row').getByRole('link', { name: title }).click();
  await expect(head.getByTestId('integrity')).toBeVisible();
}

const server = (signal: 'SIGUSR2' | 'SIGHUP') => process.kill(Number(readFileSync(COUCH_PIDFILE, 'utf8')), signal);

test.describe.configure({ mode: 'serial' });

test('an entry recorded at one workstation appears at the other within 2 s, without a reload', async ({ browser }) => {
  test.setTimeout(90_000);
  const db = await database();
  const branch = await workstation(browser, db, '支行值班');
  const head = await workstation(browser, db, '总行值班');
  let started = Date.now();
  await recordIncident(branch.page, { title: '银期转账中断（同步测试）', discovered: '2026-11-23T10:02', started: '2026-11-23T10:01', phenomenon: '系统异常' });
  await expect(head.page.getByTestId('incident-row')).toContainText('银期转账中断（同步测试）', { timeout: 2_000 });
  console.log(`sync.spec: a new incident reached the other workstation ${Date.now() - started} ms after the branch's submit`);
  await head.page.getByTestId('incident-row').getByRole('link').click();
  // A note while the other has the incident open: in its timeline within 2 s
  await branch.page.getByTestId('add-note').click();
  await branch.page.getByLabel('处置情况 *').fill('已电话通知期货公司');
  started = Date.now();
  await branch.page.getByRole('button', { name: '保存记录' }).click();
  await expect(head.page.getByTestId('timeline')).toContainText('已电话通知期货公司', { timeout: 2_000 });
  console.log(`sync.spec: a note reached the other workstation ${Date.now() - started} ms after save`);
  await expect(branch.page.getByTestId('sync-status')).toHaveText('已同步');
  await expect(head.page.getByTestId('integrity')).toHaveText(await branch.page.getByTestId('integrity').innerText());
});

test('both record offline, reconnect, and end with the same log and final hash', async ({ browser }) => {
  test.setTimeout(120_000);
  const db = await database();
  const branch = await workstation(browser, db, '支行值班');
  const head = await workstation(browser, db, '总行值班');
  await sharedIncident(branch.page, head.page, '交易所出入金中断（断网测试）');
  await branch.context.setOffline(true);
  await head.context.setOffline(true);
  await addNote(branch.page, '支行：断网期间转人工办理');
  await addNote(head.page, '总行：断网期间已报告领导小组');
  await expect(branch.page.getByTestId('sync-status')).toContainText('离线，1 条待上传', { timeout: 15_000 });
  await expect(head.page.getByTestId('sync-status')).toContainText('离线，1 条待上传', { timeout: 15_000 });
  await branch.context.setOffline(false);
  await head.context.setOffline(false);
  for (const w of [branch, head]) {
    await expect(w.page.getByTestId('timeline')).toContainText('支行：断网期间转人工办理', { timeout: 15_000 });
    await expect(w.page.getByTestId('timeline')).toContainText('总行：断网期间已报告领导小组', { timeout: 15_000 });
    await expect(w.page.getByTestId('sync-status')).toHaveText('已同步', { timeout: 15_000 });
    await expect(w.page.getByTestId('sync-refused')).toHaveCount(0);
  }
  // The same entries in the same order, and so the same final hash
  const line = await branch.page.getByTestId('integrity').innerText();
  expect(line).toMatch(/^记录完整：\d+ 条，校验值 /);
  await expect(head.page.getByTestId('integrity')).toHaveText(line);
  const entries = async (p: Page) => (await p.getByTestId('timeline').locator('li').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
  expect(await entries(head.page)).toEqual(await entries(branch.page));
});

test('the server stopped mid-sync and started again: nothing is lost', async ({ browser }) => {
  test.setTimeout(120_000);
  const db = await database();
  const branch = await workstation(browser, db, '支行值班');
  const head = await workstation(browser, db, '总行值班');
  await sharedIncident(branch.page, head.page, '银期转账中断（服务器重启测试）');
  server('SIGUSR2');
  try {
    for (const n of [1, 2, 3]) await addNote(branch.page, `服务器停机期间第 ${n} 条`);
    await expect(branch.page.getByTestId('sync-status')).toContainText('离线，3 条待上传', { timeout: 15_000 });
    await expect(branch.page.getByTestId('sync-status')).toHaveClass(/sync-bad/);
  } finally {
    server('SIGHUP');
  }
  for (const n of [1, 2, 3]) await expect(head.page.getByTestId('timeline')).toContainText(`服务器停机期间第 ${n} 条`, { timeout: 45_000 });
  await expect(branch.page.getByTestId('sync-status')).toHaveText('已同步', { timeout: 15_000 });
  const line = await branch.page.getByTestId('integrity').innerText();
  await expect(head.page.getByTestId('integrity')).toHaveText(line);
  // Each entry of the log is on the server, once
  const entries = Number(/记录完整：(\d+) 条/.exec(line)![1]);
  const all = await (await fetch(`${COUCH}/${db}/_all_docs`)).json();
  expect(all.rows.filter((r: { id: string }) => r.id.startsWith('ev:')).length).toBe(entries);
});

test('the server refuses any change to an entry; one altered behind its back is refused by the workstation and reported', async ({ browser }) => {
  test.setTimeout(90_000);
  const db = await database();
  const branch = await workstation(browser, db, '支行值班');
  const head = await workstation(browser, db, '总行值班');
  await sharedIncident(branch.page, head.page, '数据异常（篡改测试）');
  await addNote(branch.page, '原始记录：14:05 已通知');
  await expect(head.page.getByTestId('timeline')).toContainText('原始记录：14:05 已通知', { timeout: 5_000 });
  const all = await (await fetch(`${COUCH}/${db}/_all_docs?include_docs=true`)).json();
  const doc = all.rows.map((r: { doc: { _id: string } }) => r.doc).find((d: object) => JSON.stringify(d).includes('原始记录'));
  const altered = JSON.parse(JSON.stringify(doc).replace('原始记录：14:05 已通知', '篡改记录：16:30 才通知'));
  // The rule on the server refuses an update and a deletion
  const update = await fetch(`${COUCH}/${db}/${encodeURIComponent(doc._id)}`, { method: 'PUT', headers: json, body: JSON.stringify(altered) });
  expect(update.status).toBe(403);
  expect((await update.json()).error).toBe('forbidden');
  const deletion = await fetch(`${COUCH}/${db}/${encodeURIComponent(doc._id)}?rev=${doc._rev}`, { method: 'DELETE' });
  expect(deletion.status).toBe(403);
  // An administrator removes the rule and alters the entry anyway
  const design = await (await fetch(`${COUCH}/${db}/_design/incident-desk`)).json();
  expect((await fetch(`${COUCH}/${db}/_design/incident-desk?rev=${design._rev}`, { method: 'DELETE' })).status).toBe(200);
  expect((await fetch(`${COUCH}/${db}/${encodeURIComponent(doc._id)}`, { method: 'PUT', headers: json, body: JSON.stringify(altered) })).status).toBe(201);
  // The head office refuses it, says so, keeps what came aside, and its log is unchanged
  await expect(head.page.getByTestId('sync-refused')).toContainText(doc._id, { timeout: 5_000 });
  await expect(head.page.getByTestId('sync-refused')).toContainText('修订号');
  await expect(head.page.getByTestId('quarantine')).toContainText(`sync:${doc._id}`);
  await expect(head.page.getByTestId('timeline')).toContainText('原始记录：14:05 已通知');
  await expect(head.page.getByTestId('timeline')).not.toContainText('篡改记录');
  await head.page.setViewportSize({ width: 1366, height: 768 });
  await head.page.evaluate(() => window.scrollTo(0, 0));
  await head.page.screenshot({ path: 'test-results/sync-refused-zh-1366.png' });
  // Read and dismissed, it steps aside; the text stays in the quarantine
  await head.page.getByTestId('sync-refused-seen').click();
  await expect(head.page.getByTestId('sync-refused')).toHaveCount(0);
  await expect(head.page.getByTestId('quarantine')).toContainText(`sync:${doc._id}`);
  await expect(head.page.getByTestId('integrity')).toHaveText(await branch.page.getByTestId('integrity').innerText());
});

test('a wrong password is said plainly, and the rule missing on the server is said before syncing', async ({ page }) => {
  const db = await database();
  await page.goto('/');
  await signIn(page);
  await page.goto('/#/settings');
  await page.getByTestId('sync-server').fill('/couch');
  await page.getByTestId('sync-database').fill(db);
  await page.getByTestId('sync-user').fill('branch-sh');
  await page.getByTestId('sync-password').fill('wrong-password');
  await page.getByTestId('sync-test').click();
  await expect(page.getByTestId('sync-message')).toContainText('用户名或密码不正确');
  // Started anyway: the header says it, and nothing is tried again until the password is
  await page.getByTestId('sync-start').click();
  await expect(page.getByTestId('sync-status')).toContainText('用户名或密码不正确', { timeout: 10_000 });
  await expect(page.getByTestId('sync-status')).toHaveClass(/sync-bad/);
  // A database without the app's rule
  const bare = `desk-e2e-bare-${Date.now()}`;
  expect((await fetch(`${COUCH}/${bare}`, { method: 'PUT' })).status).toBe(201);
  await page.getByTestId('sync-user').fill('');
  await page.getByTestId('sync-password').fill('');
  await page.getByTestId('sync-database').fill(bare);
  await page.getByTestId('sync-test').click();
  await expect(page.getByTestId('sync-message')).toContainText('没有本应用的记录规则');
  // Started anyway: nothing is sent to such a database, and the header says why
  await page.getByTestId('sync-start').click();
  await expect(page.getByTestId('sync-status')).toContainText('没有本应用的记录规则', { timeout: 10_000 });
  expect((await (await fetch(`${COUCH}/${bare}`)).json()).doc_count).toBe(0);
  // An administrator installs it from here (pouchdb-server in admin party: anyone is one)
  await page.getByTestId('sync-install-rule').click();
  await expect(page.getByTestId('sync-message')).toContainText('记录规则已安装');
  await page.getByTestId('sync-start').click();
  await expect(page.getByTestId('sync-status')).toHaveText('已同步', { timeout: 10_000 });
});

test('an address the build does not allow, or one that is not https, is said before anything is sent', async ({ page }) => {
  await page.goto('/');
  await signIn(page);
  await page.goto('/#/settings');
  await page.getByTestId('sync-server').fill('couch.example.bank');
  await page.getByTestId('sync-database').fill('desk');
  await page.getByTestId('sync-start').click();
  await expect(page.getByTestId('sync-message')).toContainText('https://');
  await expect(page.getByTestId('sync-status')).toHaveCount(0);
  // This build allows its own origin only (no SYNC_ORIGIN): another server is named
  await page.getByTestId('sync-server').fill('https://couch.example.bank:6984');
  await page.getByTestId('sync-start').click();
  await expect(page.getByTestId('sync-message')).toContainText('SYNC_ORIGIN=https://couch.example.bank:6984');
  await expect(page.getByTestId('sync-status')).toHaveCount(0);
  // Plain http to another host is warned about as it is typed
  await page.getByTestId('sync-server').fill('http://couch.example.bank:5984');
  await expect(page.getByTestId('sync-in-clear')).toBeVisible();
});

test('incidents closed before sync was turned on are shared too', async ({ browser }) => {
  test.setTimeout(120_000);
  const db = await database();
  // A workstation closes an incident before it syncs (the clock moved on by hand)
  const context = await browser.newContext();
  const page = await context.newPage();
  await freezeAt(page, '2026-11-23T16:05:00');
  await page.goto('/');
  await signIn(page, '支行值班', '值班');
  await recordIncident(page, { title: '同步前已关闭的事件', discovered: '2026-11-23T15:51', started: '2026-11-23T15:50', phenomenon: '系统异常' });
  await restoreAt(page, '2026-11-23T16:00');
  await closeOutIII(page);
  // Started again (its log now on the shelf), time running, then sync turned on
  await page.clock.resume();
  // Its last entry in storage before the page starts again (a reload at once can open it
  // without its closing: the known race in the closing note, closeout.spec.ts)
  await expect.poll(async () => (await dumpIdb(page)).events.length).toBe(9);
  await page.goto('/#/');
  await page.reload();
  await expect(page.getByTestId('incident-row')).toContainText('已关闭');
  await page.goto('/#/settings');
  await page.getByTestId('sync-server').fill('/couch');
  await page.getByTestId('sync-database').fill(db);
  await page.getByTestId('sync-start').click();
  await expect(page.getByTestId('sync-status')).toHaveText('已同步', { timeout: 15_000 });
  // The head office, syncing afresh, holds it whole
  const head = await workstation(browser, db, '总行值班');
  await expect(head.page.getByTestId('incident-row')).toContainText('同步前已关闭的事件', { timeout: 10_000 });
  await head.page.getByTestId('incident-row').getByRole('link', { name: '同步前已关闭的事件' }).click();
  await expect(head.page.getByTestId('closed')).toHaveText('事件已关闭。');
  await page.goto('/#/');
  await page.getByTestId('incident-row').getByRole('link', { name: '同步前已关闭的事件' }).click();
  await expect(head.page.getByTestId('integrity')).toHaveText(await page.getByTestId('integrity').innerText());
});

test('a contact added at one workstation reaches the other; a number there is not replaced', async ({ browser }) => {
  test.setTimeout(90_000);
  const db = await database();
  const branch = await workstation(browser, db, '支行值班');
  const head = await workstation(browser, db, '总行值班');
  const add = async (page: Page, mobile: string, fax: string) => {
    await page.goto('/#/contacts');
    await page.getByTestId('add-contact').click();
    const form = page.getByRole('form', { name: '联系人' });
    await form.locator('#contact-unit').fill('河南省分行');
    await form.locator('#contact-role').fill('实施工作小组组长');
    await form.locator('#contact-name').fill('张三');
    await form.locator('#contact-mobile').fill(mobile);
    if (fax) await form.locator('#contact-fax').fill(fax);
    await page.getByTestId('save-contact').click();
    await expect(page.getByTestId('contact-row')).toHaveCount(1);
  };
  // The head office has 张三 with a mobile number; the branch records him with another and a fax
  await add(head.page, '13800138000', '');
  await add(branch.page, '13900139000', '0371-66669999');
  // Each fills in what it lacked and keeps its own number, and says where they differ
  await expect(head.page.getByTestId('contact-row')).toContainText('0371-66669999', { timeout: 5_000 });
  await expect(head.page.getByTestId('contact-row')).toContainText('13800138000');
  await expect(branch.page.getByTestId('contact-row')).toContainText('13900139000');
  await expect(head.page.getByTestId('sync-refused')).toContainText('13800138000', { timeout: 5_000 });
  await expect(head.page.getByTestId('sync-refused')).toContainText('13900139000');
});

test('the header and Settings → 同步 as a duty officer sees them, in Chinese and English', async ({ browser }) => {
  test.setTimeout(150_000);
  const db = await database();
  for (const [width, height] of [[1366, 768], [1920, 1080]]) {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    const status = page.getByTestId('sync-status');
    // The status line, in view and whole (the header's, or the sync panel's own further down)
    const inView = async (what: ReturnType<Page['getByTestId']>, name: string) => {
      const box = (await what.boundingBox())!;
      expect(box.y >= 0 && box.y + box.height <= height && box.x + box.width <= width, `${name}: ${JSON.stringify(box)}`).toBe(true);
    };
    const shot = async (name: string) => {
      await inView(name.startsWith('settings') ? page.getByTestId('sync-panel-status') : status, name);
      await page.screenshot({ path: `test-results/sync-${name}-${width}.png` });
    };
    await page.goto('/');
    await signIn(page, '支行值班', '值班');
    await page.goto('/#/settings');
    await page.getByTestId('sync-server').fill('/couch');
    await page.getByTestId('sync-database').fill(db);
    await page.getByTestId('sync-test').click();
    await expect(page.getByTestId('sync-message')).toBeVisible();
    await page.getByTestId('sync-start').click();
    await expect(status).toHaveText('已同步', { timeout: 10_000 });
    await page.locator('#sync-heading').scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -80));
    await shot('settings-zh');
    await page.goto('/#/');
    await recordIncident(page, { title: '银期转账中断', discovered: '2026-11-23T10:02', started: '2026-11-23T10:01', phenomenon: '系统异常' });
    await expect(page.getByTestId('integrity')).toBeVisible();
    // Everything of it on the server before the link goes (the header may still show the
    // last second's 已同步)
    const entries = Number(/记录完整：(\d+) 条/.exec(await page.getByTestId('integrity').innerText())![1]);
    const id = /#\/incident\/([^/?#]+)/.exec(page.url())![1];
    await expect.poll(async () => (await (await fetch(`${COUCH}/${db}/_all_docs`)).json()).rows.filter((r: { id: string }) => r.id.startsWith(`ev:${id}:`)).length, { timeout: 10_000 }).toBe(entries);
    await expect(status).toHaveText('已同步', { timeout: 10_000 });
    await context.setOffline(true);
    await addNote(page, '断网：转人工办理');
    await expect(status).toHaveText('离线，1 条待上传', { timeout: 15_000 });
    await expect(status).toHaveClass(/sync-bad/);
    await shot('offline-zh');
    // The same in English. Changing the language starts the page again, which forgets the
    // password: the header says so, and sync is started again from the panel
    const incident = page.url();
    await page.goto('/#/settings');
    await page.getByTestId('lang-en').check();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(status).toHaveText('Sync not connected: enter the password in Settings → Sync');
    await page.getByTestId('sync-start').click();
    await expect(status).toHaveText('Offline, to upload: 1', { timeout: 15_000 });
    await page.locator('#sync-heading').scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -80));
    await shot('settings-en');
    await page.goto(incident);
    await shot('offline-en');
    await context.setOffline(false);
    await expect(status).toHaveText('Synced', { timeout: 15_000 });
    await context.close();
  }
});
