// Issue 16 bench: Incident Desk on IndexedDB with a large store (figures, not tests).
//
// SEEDS (once, into a persistent Chromium profile, SEED_DIR, default /tmp/incident-desk-bench16/seeded):
//   - 1,000 incidents × 100 events: 90 % closed (Opened, Classified Ⅲ, LevelConfirmed, a duty discharged,
//     notes, ServiceRestored, three days of special monitoring, the summary report discharged, Closed),
//     10 % open (Opened, Classified Ⅲ, LevelConfirmed, notes; the app adds the rises the rules give);
//   - one open incident of 5,000 events (`big5k`: Opened + notes), where notes are recorded;
//   - one open incident with a ledger of 10,000 counter transfers (`ledger10k`, as bench/ledger.mjs).
//   All go in as schema-1 localStorage records (`{"schema":1,"data":{id,events}}`, no chain) and the app's
//   own start migrates them into IndexedDB (computing the chain in Rust): big5k alone, ledger10k alone,
//   then ten batches of 100 incidents (1,000 × 100 do not fit in localStorage at once). Each batch is one
//   start: reload, wait until the dashboard is drawn and no `incident-desk:incident:` key is left. The
//   profile is reused by later runs (delete SEED_DIR or set RESEED=1 to seed again); each run measures on
//   a fresh copy of it, so the store is the same every run.
// MEASURES (one run, headless /usr/bin/chromium, service workers blocked, HTTP cache cleared before each start):
//   1. start → dashboard and incident list drawn + next frame, large store vs. an empty profile, and
//      the minimal Leptos page (bench/hello, built as bench/issue8.mjs does) — RUNS runs, interleaved,
//      each in a newly launched browser on its profile (the first start of the empty profile, which
//      creates the database, is reported apart, as is the first start on the run's copy of the large
//      store, which upgrades a database seeded by an earlier build); then COMPLETE: the first frame after
//      it at which nothing on the list or dashboard says it is still being read;
//   2. a note on big5k (NOTES samples, timed in the page from the submit click with a MutationObserver):
//      SHOWN = the entry in the timeline (and, apart, the form's feedback appearing), CONFIRMED = the
//      form's saved message replacing 正在保存……;
//   3. the 10,000-entry ledger page: route change from the list → first rows drawn (and a cold start
//      straight into that page), then recording transfers (shown in the ledger / confirmed);
//   4. JS heap (after a forced GC, --enable-precise-memory-info) + the wasm linear memory (Trunk's
//      TrunkApplicationStarted event hands over the wasm exports), on the list, big5k and the ledger;
//   plus: the seeding starts (migration), navigator.storage.estimate(), and where a start's time goes
//   (IndexedDB requests timed from the page, a CPU profile of one start).
// Run:  node bench/idb.mjs [app-dist-dir]     (default dist/; `make bench16` builds it first)
// Env:  RUNS=7  NOTES=40  TRANSFERS=15  SEED_DIR=…  RESEED=1  NO_FLOOR=1  HELLO_DIR=/tmp/bench-hello
//       NO_PROFILE=1 (skip the CPU profile), START_ONLY=1 (only the starts, printed briefly), KEEP_RUN=1 (keep this run's profile copies),
//       INCIDENTS=200 (a smaller store, for a quick try only),
//       RECENT_OPEN=1 (the open incidents opened in the last three days; use its own SEED_DIR),
//       OPEN_EVERY=1000 (one incident in 1,000 still open instead of one in ten: years of closed ones; its own SEED_DIR)
// Prints a Markdown table and the details on stdout (progress on stderr) and writes the raw figures to
// /tmp/bench16-last.json.
import { chromium } from 'playwright-core';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const APP_DIR = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist'));
const HELLO_SRC = path.join(ROOT, 'bench', 'hello');
const HELLO_DIR = process.env.HELLO_DIR ?? '/tmp/bench-hello';
const WORK = '/tmp/incident-desk-bench16';
const SEED_DIR = process.env.SEED_DIR ?? path.join(WORK, 'seeded');
const RECENT_OPEN = !!process.env.RECENT_OPEN;
const OPEN_EVERY = Number(process.env.OPEN_EVERY ?? 10); // one incident in OPEN_EVERY is still open
const SEED_VERSION = `bench16-v2-${process.env.INCIDENTS ?? 1000}${RECENT_OPEN ? '-recent' : ''}${OPEN_EVERY === 10 ? '' : `-open1in${OPEN_EVERY}`}`; // change when the seed data changes: the profile is then rebuilt
const RUNS = Number(process.env.RUNS ?? 7);
const NOTES = Number(process.env.NOTES ?? 40);
const TRANSFERS = Number(process.env.TRANSFERS ?? 15);
const SETTLE = Number(process.env.SETTLE ?? 20_000); // after each measured start, watch for long tasks this long
const APP_PORT = Number(process.env.PORT ?? 4371); // not 4173 (Playwright), 4281 (bench8), 4291 (e2e runs)
const HELLO_PORT = APP_PORT + 1;
const TIMEOUT = 600_000; // a start on 116,000 stored events on a busy machine: seconds, not minutes
const INCIDENTS = Number(process.env.INCIDENTS ?? 1000); // fewer only for a quick try (a multiple of 100)
const BATCH = 100;
const PER_INCIDENT = 100;

const log = (...a) => console.error('[bench16]', new Date().toISOString().slice(11, 19), ...a);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
// Nearest-rank percentile: of 40 samples p95 is the 38th.
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
const ms = (x) => (x == null ? 'n/a' : `${x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString('en')} ms`);
const mb = (x) => (x == null ? 'n/a' : `${(x / 1024 / 1024).toFixed(1)} MB`);
const yes = (ok) => (ok == null ? '—' : ok ? 'yes' : '**no**');
const list = (xs) => xs.map((x) => (x == null ? 'n/a' : Math.round(x))).join(', ');
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

// ---------------------------------------------------------------- seed data (schema 1: no chain, the app computes it)

const NOW = Math.floor(Date.now() / 1000) * 1000;
const MIN = 60_000;
const DAY = 86_400_000;
const iso = (t) => new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const day = (t) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 10); // the Beijing date
const AUTHOR = { name: '甲', role: '值班经理' };
const NOTES_TEXT = ['已通知相关期货公司，核对当日转账明细', '科技部门排查主机连接，重启前置服务', '与交易所电话确认出入金状态',
  '柜面启用应急流程，逐笔登记', '监控中心已知悉，等待进一步通报', '客户咨询电话增多，客服统一答复口径', '主机日志已导出，提交厂商分析'];
const facts = (title, at) => ({
  title, description: '基准测试数据', discovered_at: at, started_at: at, period: 'Daytime',
  phenomenon: { kind: 'System', subcategory: '' }, affected: [], parties: '', bank_caused: 'Unknown',
  reporting_unit: '', reporter: '', next_start_affected: 'Unknown',
});
const RULE_III = { rule: 'DaytimeImpact', minutes: 5, article: '第七条（三）' };

/** One incident of `n` events as an earlier build stored it in localStorage (schema 1). Closed ones
 *  run as the plan wants: graded Ⅲ (impact 5–30 min), confirmed, reported, restored after ~16 min,
 *  three working days of monitoring, the summary report sent, closed. */
function incident(id, { n, start, open, title, step = 10_000 }) {
  const ev = (i, at, kind) => ({ id: `${id}-e${i}`, occurred_at: iso(at), recorded_at: iso(at), author: AUTHOR, kind });
  const at = (i) => start + i * step;
  const events = [
    ev(0, at(0), { type: 'Opened', facts: facts(title, iso(at(0))), plan_id: 'bank-depository', plan_version: '1' }),
    ev(1, start + 5 * MIN, { type: 'Classified', level: 'III', effective_at: iso(start + 5 * MIN), rule: RULE_III }),
    ev(2, start + 5 * MIN + 30_000, { type: 'LevelConfirmed', level: 'III' }),
    ev(3, start + 6 * MIN, { type: 'ObligationDischarged', key: 'report-to-province', channel: 'Phone', recipients: [], reference: '电话报告省分行', note: '' }),
  ];
  const tail = open ? 0 : 6; // restored, 3 × monitoring, summary report, closed
  for (let i = events.length; i < n - tail; i++) {
    events.push(ev(i, start + 6 * MIN + (i - 3) * step, { type: 'Note', text: `${NOTES_TEXT[i % NOTES_TEXT.length]}（第${i}条）`, major: false }));
  }
  if (!open) {
    let t = start + 6 * MIN + (n - tail - 3) * step;
    events.push(ev(n - 6, t, { type: 'ServiceRestored', note: '系统恢复正常服务' }));
    for (let d = 1; d <= 3; d++) {
      const at = t + d * DAY;
      events.push(ev(n - 6 + d, at, { type: 'MonitoringRecorded', day: day(at), normal: true, note: '运行正常' }));
    }
    t += 4 * DAY;
    events.push(ev(n - 2, t, { type: 'ObligationDischarged', key: 'summary-report-iii', channel: 'Email', recipients: [], reference: '总结报告', note: '' }));
    events.push(ev(n - 1, t + 3_600_000, { type: 'Closed', note: '特别监控结束，总结报告已报送' }));
  }
  return [`incident-desk:incident:${id}`, JSON.stringify({ schema: 1, data: { id, events } })];
}

/** 1,000 incidents over the last ~340 days, every tenth open. The open ones are as old as their
 *  neighbours (up to 350 days, never restored: thousands of overdue hourly rounds each, the
 *  hostile case), or with RECENT_OPEN=1 opened within the last three days (the usual case). */
const batch = (b) => Array.from({ length: BATCH }, (_, j) => {
  const k = b * BATCH + j;
  const open = k % OPEN_EVERY === OPEN_EVERY - 1;
  const spread = NOW - 350 * DAY + Math.floor((k * 340 * DAY) / INCIDENTS);
  const recent = NOW - 3 * DAY + Math.floor(k / 10) * 40 * MIN;
  return incident(`b${String(k).padStart(4, '0')}`, {
    n: PER_INCIDENT, open, title: `基准事件 ${k + 1}`,
    start: open && RECENT_OPEN ? recent : spread,
  });
});

const big5k = () => {
  const start = NOW - 3 * DAY;
  const events = [{ id: 'big-e0', occurred_at: iso(start), recorded_at: iso(start), author: AUTHOR, kind: { type: 'Opened', facts: facts('基准：五千条记录', iso(start)), plan_id: 'bank-depository', plan_version: '1' } }];
  for (let i = 1; i < 5000; i++) {
    const at = iso(start + i * 10_000);
    events.push({ id: `big-e${i}`, occurred_at: at, recorded_at: at, author: AUTHOR, kind: { type: 'Note', text: `${NOTES_TEXT[i % NOTES_TEXT.length]}（第${i}条）`, major: false } });
  }
  return [['incident-desk:incident:big5k', JSON.stringify({ schema: 1, data: { id: 'big5k', events } })]];
};

/** bench/ledger.mjs's seed: Opened + 10,000 TransferRecorded. */
const LEDGER_N = 10_000;
const ledger10k = () => {
  const base = NOW - 2 * DAY;
  const at = (m) => iso(base + m * 1000);
  const author = { name: '基准', role: '' };
  const events = [{ id: 'l-e0', occurred_at: at(0), recorded_at: at(0), author, kind: { type: 'Opened', facts: facts('基准测试：万笔台账', at(0)), plan_id: 'bank-depository', plan_version: '1' } }];
  for (let i = 1; i <= LEDGER_N; i++) {
    const transfer = {
      id: `t${i}`, at: at(i), direction: i % 3 ? 'BankToFutures' : 'FuturesToBank', customer: `客户${i}`,
      bank_account: String(6222020000000000 + i), futures_company: `期货${i % 20}`, futures_account: String(80000000 + i),
      amount: 100 + (i * 7919) % 10000000, voucher: `V${String(i).padStart(6, '0')}`, operator: '甲', reviewer: '乙', note: '', reverses: null,
    };
    events.push({ id: `l-e${i}`, occurred_at: at(i), recorded_at: at(i), author, kind: { type: 'TransferRecorded', transfer } });
  }
  return [['incident-desk:incident:ledger10k', JSON.stringify({ schema: 1, data: { id: 'ledger10k', events } })]];
};

// ---------------------------------------------------------------- browser plumbing

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--enable-precise-memory-info', '--disable-features=Translate,MediaRouter'];

const launch = (dir) => chromium.launchPersistentContext(dir, {
  executablePath: '/usr/bin/chromium', headless: true, args: ARGS, serviceWorkers: 'block', viewport: { width: 1280, height: 900 },
});

/** Runs in every document before its scripts: when `selectors` are all in the DOM (performance.now()
 *  counts from navigation start) and the frame after; the wasm exports from Trunk's start event; and
 *  every IndexedDB request's issue and success times, so a start can be split into its phases. */
function watcher(selectors) {
  const b = (window.__bench = { idb: [], long: [] });
  // Long tasks (> 50 ms): the page drawn is not yet a page that answers input.
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) b.long.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
  } catch { /* no longtask support: figures say n/a */ }
  addEventListener('TrunkApplicationStarted', (e) => { b.started = performance.now(); window.__wasm = e.detail?.wasm; });
  const wrap = (proto, name) => {
    const f = proto[name];
    if (!f) return;
    proto[name] = function (...args) {
      const t0 = performance.now();
      const req = f.apply(this, args);
      const rec = { op: `${this.name ?? ''}.${name}`, t0, t1: null, n: null };
      b.idb.push(rec);
      req.addEventListener('success', () => { rec.t1 = performance.now(); rec.n = Array.isArray(req.result) ? req.result.length : null; });
      return req;
    };
  };
  for (const n of ['get', 'getAll', 'getAllKeys', 'put', 'add', 'delete', 'openCursor', 'count']) wrap(IDBObjectStore.prototype, n);
  for (const n of ['get', 'getAll', 'getAllKeys', 'count']) wrap(IDBIndex.prototype, n);
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (...args) {
    const rec = { op: 'indexedDB.open', t0: performance.now(), t1: null };
    b.idb.push(rec);
    const req = open.apply(this, args);
    req.addEventListener('success', () => { rec.t1 = performance.now(); });
    return req;
  };
  // COMPLETE: after the frame, the first moment nothing says it is still being read (the
  // settled summaries, the logs of incidents in progress): everything stored is listed and counted.
  const READING = '[data-testid=list-settling], [data-testid=dashboard-settling], [data-testid=dashboard-reading]';
  const whole = () => {
    if (b.complete || b.completing || !b.frame || document.querySelector(READING)) return;
    b.completing = true;
    requestAnimationFrame(() => { b.complete = performance.now(); done.disconnect(); });
  };
  const done = new MutationObserver(whole);
  const check = () => {
    if (b.dom || !selectors.every((s) => document.querySelector(s))) return;
    b.dom = performance.now();
    obs.disconnect();
    requestAnimationFrame(() => {
      b.frame = performance.now();
      done.observe(document, { childList: true, subtree: true });
      whole();
    });
  };
  const obs = new MutationObserver(check);
  obs.observe(document, { childList: true, subtree: true });
}

const LIST_READY = ['[data-testid=dashboard]', '[data-testid=incident-row]'];
const EMPTY_READY = ['[data-testid=new-incident]'];

/** One start in a newly launched browser on profile `dir`: navigation → `selectors` drawn → next
 *  frame. The HTTP cache is cleared first and the app is reached from a 404 page of its origin (as
 *  bench/issue8.mjs does), so the renderer is live and nothing is cached. `keep`: leave it open. */
async function start(dir, base, selectors, { hash = '#/', keep = false, before = null, profile = false, settle = 0 } = {}) {
  const ctx = await launch(dir);
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  await page.goto(`${base}__seed__`);
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.clearBrowserCache');
  if (before) await before(page);
  if (profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  await page.addInitScript(watcher, selectors);
  await page.goto(`${base}${hash}`);
  await page.waitForFunction(() => window.__bench?.frame, null, { timeout: TIMEOUT, polling: 50 });
  const cpu = profile ? (await cdp.send('Profiler.stop')).profile : null;
  await cdp.detach();
  // `settle`: then watch the main thread for that long (node-side wait: it costs the page nothing).
  if (settle) await page.waitForTimeout(settle);
  const b = await page.evaluate(() => ({
    ...window.__bench,
    fetched: performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'))?.responseEnd,
  }));
  if (!keep) await ctx.close();
  // Long tasks after the first frame: how long the main thread stays busy after "drawn".
  const after = (b.long ?? []).filter(([t]) => t >= b.frame - 1);
  const busy = { count: after.length, total: after.reduce((n, [, d]) => n + d, 0), max: Math.max(0, ...after.map(([, d]) => d)),
    quiet: Math.max(b.frame, ...(b.long ?? []).map(([t, d]) => t + d)), window: settle ? b.frame + settle : null };
  return { ...b, long: undefined, busy, cpu, ctx: keep ? ctx : null, page: keep ? page : null };
}

/** JS heap after a full GC plus the wasm linear memory. */
async function memory(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.detach();
  return page.evaluate(() => ({ heap: performance.memory?.usedJSHeapSize ?? null, wasm: window.__wasm?.memory?.buffer?.byteLength ?? null }));
}

/** What IndexedDB holds, read in the page (the app has the same version open). */
const idbCounts = (page) => page.evaluate(() => new Promise((resolve, reject) => {
  const req = indexedDB.open('incident-desk');
  req.onerror = () => reject(req.error);
  req.onsuccess = () => {
    const db = req.result;
    const tx = db.transaction(['events', 'incidents'], 'readonly');
    const e = tx.objectStore('events').count();
    const i = tx.objectStore('incidents').count();
    tx.oncomplete = () => { db.close(); resolve({ events: e.result, incidents: i.result }); };
  };
}));
/** Closed incidents in IndexedDB, and how many of their summaries carry the dashboard's figures. */
const figuredCounts = (page) => page.evaluate(() => new Promise((resolve, reject) => {
  const req = indexedDB.open('incident-desk');
  req.onerror = () => reject(req.error);
  req.onsuccess = () => {
    const db = req.result;
    const tx = db.transaction(['incidents'], 'readonly');
    const all = tx.objectStore('incidents').getAll();
    tx.oncomplete = () => {
      db.close();
      const summaries = all.result.map((r) => { try { return JSON.parse(r.summary); } catch { return null; } }).filter((s) => s?.closed);
      resolve({ closed: summaries.length, figured: summaries.filter((s) => s.figures).length });
    };
  };
}));
const estimate = (page) => page.evaluate(async () => { const e = await navigator.storage.estimate(); return { usage: e.usage, details: e.usageDetails ?? null }; });
const localIncidentKeys = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('incident-desk:incident:')).length);

// ---------------------------------------------------------------- seeding

/** Writes `records` into the origin's localStorage from the 404 page (the app not running). */
async function putLocal(page, records) {
  await page.evaluate((recs) => {
    if (!localStorage.getItem('incident-desk:setting:operator')) {
      localStorage.setItem('incident-desk:setting:operator', JSON.stringify({ name: '甲', role: '值班经理' }));
    }
    for (const [k, v] of recs) localStorage.setItem(k, v);
  }, records);
}

async function seedProfile(base) {
  const marker = path.join(SEED_DIR, 'bench16-seed.json');
  if (!process.env.RESEED && existsSync(marker)) {
    const m = JSON.parse(readFileSync(marker, 'utf8'));
    if (m.version === SEED_VERSION) { log(`reusing the seeded profile ${SEED_DIR} (seeded ${m.at})`); return { ...m, reused: true }; }
  }
  rmSync(SEED_DIR, { recursive: true, force: true });
  mkdirSync(SEED_DIR, { recursive: true });
  const steps = [
    { name: 'big5k (5,000 events)', records: big5k() },
    { name: 'ledger10k (10,001 events)', records: ledger10k() },
    ...Array.from({ length: INCIDENTS / BATCH }, (_, b) => ({ name: `batch ${b + 1} (100 × 100 events)`, records: batch(b), batch: true })),
  ];
  const out = { version: SEED_VERSION, at: new Date().toISOString(), load: [load()], steps: [] };
  for (const s of steps) {
    const chars = s.records.reduce((n, [k, v]) => n + k.length + v.length, 0);
    log(`seeding ${s.name}: ${(chars / 1e6).toFixed(2)} M chars through the app's migration`);
    const r = await start(SEED_DIR, base, LIST_READY, { keep: true, before: (page) => putLocal(page, s.records) });
    // The desk is drawn only after open_store (migration and read-back included) finished.
    const left = await localIncidentKeys(r.page);
    const counts = await idbCounts(r.page);
    await r.page.waitForTimeout(1500); // escalations of open incidents, and their saves
    await r.ctx.close();
    if (left) throw new Error(`${s.name}: ${left} incident keys still in localStorage after the start`);
    out.steps.push({ name: s.name, batch: !!s.batch, chars, frame: r.frame, dom: r.dom, started: r.started, counts, idb: summariseIdb(r.idb) });
    log(`  → ${Math.round(r.frame)} ms; IndexedDB holds ${counts.incidents} incidents, ${counts.events} events`);
  }
  // One more start: lets the escalations of every open incident settle, and checks the store is complete.
  // It also waits until every closed incident's summary carries the dashboard's figures: the desk
  // computes them after a migration and writes them one summary at a time, and a start that closes
  // before they are all written reads those logs in full again next time (and rewrites them).
  const r = await start(SEED_DIR, base, LIST_READY, { keep: true });
  await r.page.waitForTimeout(3000);
  for (let i = 0; ; i++) {
    const f = await figuredCounts(r.page);
    if (f.closed === f.figured) { out.figured = f; break; }
    if (i % 10 === 0) log(`  waiting for the figures of closed incidents: ${f.figured} of ${f.closed} written`);
    if (i > 600) throw new Error(`figures of ${f.closed - f.figured} closed incidents never written`);
    await r.page.waitForTimeout(1000);
  }
  out.counts = await idbCounts(r.page);
  out.rows = await r.page.locator('[data-testid=incident-row]').count();
  await r.ctx.close();
  out.load.push(load());
  writeFileSync(marker, JSON.stringify(out, null, 1));
  log(`seeded: ${out.counts.incidents} incidents, ${out.counts.events} events, ${out.rows} rows listed`);
  return out;
}

/** The start's IndexedDB traffic: open, the big reads (getAll/getAllKeys), the total count. */
function summariseIdb(reqs) {
  if (!reqs?.length) return null;
  const open = reqs.find((r) => r.op === 'indexedDB.open');
  const big = reqs.filter((r) => r.n != null && r.n > 1000).map((r) => ({ op: r.op, n: r.n, t0: Math.round(r.t0), t1: r.t1 && Math.round(r.t1) }));
  return { count: reqs.length, open: open && [Math.round(open.t0), Math.round(open.t1)], big, last: Math.round(Math.max(...reqs.map((r) => r.t1 ?? 0))) };
}

// ---------------------------------------------------------------- recording

/** Records `n` notes on the open incident page, each timed in the page from the submit click:
 *  shown (the entry is the timeline's last item), feedback (#record-saved appears), confirmed
 *  (#record-saved says the done text, no longer 正在保存……), and the frame after shown. */
async function recordNotes(page, n) {
  const out = [];
  for (let i = 1; i <= n; i++) {
    await page.getByTestId('add-note').click();
    const text = `基准计时记录 ${i}-${Math.random().toString(36).slice(2, 8)}`;
    await page.locator('#record-text').fill(text);
    const t = await page.evaluate((text) => new Promise((resolve, reject) => {
      const r = { shown: null, feedback: null, saving: false, confirmed: null, frame: null, text: null };
      const entry = () => document.querySelector('[data-testid=timeline]')?.lastElementChild?.textContent.includes(text);
      const check = () => {
        const now = performance.now() - t0;
        if (r.shown == null && entry()) { r.shown = now; requestAnimationFrame(() => { r.frame = performance.now() - t0; done(); }); }
        const fb = document.querySelector('#record-saved');
        if (fb && r.feedback == null) r.feedback = now;
        if (fb && fb.textContent.includes('正在保存')) r.saving = true;
        if (fb && r.confirmed == null && fb.classList.contains('saved')) { r.confirmed = now; r.text = fb.textContent.trim(); }
        if (fb && r.confirmed == null && fb.classList.contains('field-error')) { r.text = fb.textContent.trim(); r.confirmed = NaN; }
        done();
      };
      const done = () => { if (r.frame != null && r.confirmed != null) { obs.disconnect(); clearTimeout(timer); resolve(r); } };
      const obs = new MutationObserver(check);
      obs.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['class'] });
      const timer = setTimeout(() => reject(new Error(`note not confirmed: ${JSON.stringify(r)}`)), 30_000);
      const button = document.querySelector('form.record-form button[type=submit]');
      const t0 = performance.now();
      button.click();
      check(); // drawn synchronously inside the click?
    }), text);
    out.push(t);
    await page.waitForTimeout(150); // not back-to-back: a person types between entries
  }
  return out;
}

/** Records `n` counter transfers on the ledger page: shown (the count says one more) and confirmed. */
async function recordTransfers(page, n, run) {
  const out = [];
  const form = page.getByRole('form', { name: '登记柜面转账' });
  for (let i = 1; i <= n; i++) {
    await form.getByLabel('银转期').check();
    await form.locator('#tr-customer').fill('新客户');
    await form.locator('#tr-bank-account').fill('6222020099990000');
    await form.locator('#tr-company').selectOption('期货1');
    await form.locator('#tr-futures-account').fill('81234567');
    await form.locator('#tr-amount').fill(String(100 + i));
    await form.locator('#tr-voucher').fill(`NEW-${run}-${i}`);
    await form.locator('#tr-reviewer').fill('乙');
    const t = await page.evaluate(() => new Promise((resolve, reject) => {
      const count = () => document.querySelector('[data-testid=ledger-count]')?.textContent ?? '';
      const before = count();
      const r = { shown: null, confirmed: null, saving: false, frame: null, text: null };
      const check = () => {
        const now = performance.now() - t0;
        if (r.shown == null && count() !== before) { r.shown = now; requestAnimationFrame(() => { r.frame = performance.now() - t0; done(); }); }
        const fb = document.querySelector('[data-testid=transfer-saved]');
        if (fb && fb.textContent.includes('正在保存')) r.saving = true;
        if (fb && r.confirmed == null && fb.classList.contains('saved')) { r.confirmed = now; r.text = fb.textContent.trim(); }
        if (fb && r.confirmed == null && fb.classList.contains('field-error')) { r.text = fb.textContent.trim(); r.confirmed = NaN; }
        done();
      };
      const done = () => { if (r.frame != null && r.confirmed != null) { obs.disconnect(); clearTimeout(timer); resolve(r); } };
      const obs = new MutationObserver(check);
      obs.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['class'] });
      const timer = setTimeout(() => reject(new Error(`transfer not confirmed: ${JSON.stringify(r)} ${count()}`)), 30_000);
      const old = document.querySelector('[data-testid=transfer-saved]');
      if (old) old.removeAttribute('data-testid'); // a message left from the previous one is not this one's
      const t0 = performance.now();
      document.querySelector('[data-testid=save-transfer]').click();
      check();
    }));
    out.push(t);
    await page.waitForTimeout(150);
  }
  return out;
}

/** Route change (from the list) → the ledger's first rows drawn, and the next frame. */
const openLedger = (page) => page.evaluate(() => new Promise((resolve) => {
  let t1 = null;
  const check = () => {
    if (t1 != null || !document.querySelector('[data-testid=ledger-row]')) return;
    t1 = performance.now() - t0;
    obs.disconnect();
    requestAnimationFrame(() => resolve({ dom: t1, frame: performance.now() - t0 }));
  };
  const obs = new MutationObserver(check);
  obs.observe(document.body, { childList: true, subtree: true });
  const t0 = performance.now();
  location.hash = '#/incident/ledger10k/transfers';
}));

// ---------------------------------------------------------------- CPU profile summary

/** Self time by kind: wasm, the JS glue / browser APIs by function name, GC, idle. */
function summariseProfile(p) {
  if (!p) return null;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = p.timeDeltas;
  for (let i = 0; i < p.samples.length; i++) {
    const n = byId.get(p.samples[i]);
    const f = n.callFrame;
    let key;
    if (f.url.endsWith('.wasm') || f.url.startsWith('wasm://')) key = 'wasm (app code)';
    else if (['(idle)', '(program)', '(garbage collector)', '(root)'].includes(f.functionName)) key = f.functionName;
    else key = `js: ${f.functionName || '(anonymous)'}${f.url ? ` ${path.basename(f.url)}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => ({ k, ms: Math.round(v) }));
  // Wasm functions by name (only if the build kept the name section).
  const wasm = new Map();
  for (let i = 0; i < p.samples.length; i++) {
    const f = byId.get(p.samples[i]).callFrame;
    if (f.url.endsWith('.wasm') || f.url.startsWith('wasm://')) wasm.set(f.functionName, (wasm.get(f.functionName) ?? 0) + (dt[i] ?? 0) / 1000);
  }
  const topWasm = [...wasm.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k, v]) => ({ k, ms: Math.round(v) }));
  return { total: Math.round(total), top, topWasm };
}

// ---------------------------------------------------------------- the floor (as bench/issue8.mjs)

function buildHello() {
  if (process.env.NO_FLOOR) return null;
  if (existsSync(path.join(HELLO_DIR, 'index.html'))) return HELLO_DIR;
  log(`building the floor (bench/hello) into ${HELLO_DIR} …`);
  const home = process.env.CARGO_HOME ?? path.join(os.homedir(), '.cargo');
  const r = spawnSync('trunk', ['build', '--release', '--offline', '--dist', HELLO_DIR], {
    cwd: HELLO_SRC,
    stdio: ['ignore', 2, 2],
    env: { ...process.env, PATH: `${home}/bin:${ROOT}/node_modules/.bin:${process.env.PATH}`, CARGO_TARGET_DIR: process.env.HELLO_TARGET_DIR ?? '/tmp/bench-hello-target' },
  });
  if (r.status !== 0 || !existsSync(path.join(HELLO_DIR, 'index.html'))) { log('hello build failed: floor figures are n/a'); return null; }
  return HELLO_DIR;
}

function serve(dir, port) {
  const p = spawn('node', [path.join(ROOT, 'scripts', 'serve.mjs'), dir, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    p.stdout.once('data', () => resolve(p));
    p.once('exit', (code) => reject(new Error(`serve.mjs ${dir} exited (${code})`)));
  });
}

// ---------------------------------------------------------------- main

class SeedOnly extends Error {}

if (!existsSync(path.join(APP_DIR, 'index.html'))) {
  console.error(`no build in ${APP_DIR}: run \`make dist\` or pass a dist dir`);
  process.exit(2);
}
const helloDir = buildHello();
const servers = [await serve(APP_DIR, APP_PORT)];
if (helloDir) servers.push(await serve(helloDir, HELLO_PORT));
const APP = `http://127.0.0.1:${APP_PORT}/`;
const HELLO = `http://127.0.0.1:${HELLO_PORT}/`;
mkdirSync(WORK, { recursive: true });
const runDir = mkdtempSync(path.join(WORK, 'run-'));
const FULL = path.join(runDir, 'full');
const EMPTY = path.join(runDir, 'empty');
const HELLO_PROFILE = path.join(runDir, 'hello');
const o = { load: [load()], at: new Date().toISOString() };
log(`load average at start: ${o.load[0]}`);
try {
  o.seed = await seedProfile(APP);
  if (process.env.SEED_ONLY) throw new SeedOnly();
  log('copying the seeded profile for this run');
  cpSync(SEED_DIR, FULL, { recursive: true });

  // 1. Starts, interleaved run by run so all share the same noise.
  o.emptyFirst = await start(EMPTY, APP, EMPTY_READY); // creates the database: reported apart
  // The first start on the copy: upgrades the database when this build's version is newer than the seed's.
  o.fullFirst = await start(FULL, APP, LIST_READY, { settle: SETTLE });
  o.empty = []; o.full = []; o.hello = [];
  for (let r = 0; r < RUNS; r++) {
    log(`start run ${r + 1}/${RUNS}`);
    o.empty.push(await start(EMPTY, APP, EMPTY_READY, { settle: SETTLE }));
    o.full.push(await start(FULL, APP, LIST_READY, { settle: SETTLE }));
    if (helloDir) o.hello.push(await start(HELLO_PROFILE, HELLO, ['h1']));
  }
  for (const x of [o.emptyFirst, o.fullFirst, ...o.empty, ...o.full]) x.idbSummary = summariseIdb(x.idb);
  if (process.env.START_ONLY) {
    // A quick look at the start alone, while working on it (the full table needs the rest).
    const f = median(o.full.map((x) => x.frame)), e = median(o.empty.map((x) => x.frame));
    console.log(`start, large store: ${o.full.map((x) => x.frame).join(', ')} ms; empty: ${o.empty.map((x) => x.frame).join(', ')} ms; ratio ${(f / e).toFixed(2)}×`);
    console.log(`long tasks after the frame, large store: ${o.full.map((x) => `${x.busy.count} (${x.busy.total} ms, max ${x.busy.max})`).join('; ')}`);
    console.log(`complete (nothing left being read), large store: ${o.full.map((x) => x.complete == null ? 'n/a' : Math.round(x.complete)).join(', ')} ms; first start on the copy: frame ${Math.round(o.fullFirst.frame)} ms, complete ${o.fullFirst.complete == null ? 'n/a' : Math.round(o.fullFirst.complete)} ms`);
    for (const x of o.full) console.log(`idb: ${JSON.stringify(x.idbSummary)}`);
    writeFileSync('/tmp/bench16-last.json', JSON.stringify(o, null, 1));
    throw new SeedOnly();
  }

  // 4 (first part). Memory and storage with the large store: the list, then the 10,000-entry ledger.
  log('memory on the list and the ledger; ledger page opening');
  {
    const r = await start(FULL, APP, LIST_READY, { keep: true });
    await r.page.waitForTimeout(2000); // the closed incidents' chain checks run after the first screen
    o.rows = await r.page.locator('[data-testid=incident-row]').count();
    o.memList = await memory(r.page);
    o.storage = await estimate(r.page);
    o.counts = await idbCounts(r.page);
    // 3. The ledger page: route change from the list, RUNS times.
    o.ledgerOpen = [];
    for (let i = 0; i < RUNS; i++) {
      await r.page.evaluate(() => { location.hash = '#/'; });
      await r.page.getByTestId('incident-row').first().waitFor();
      await r.page.waitForTimeout(300);
      o.ledgerOpen.push(await openLedger(r.page));
    }
    o.ledgerCount = (await r.page.getByTestId('ledger-count').textContent()).trim();
    o.memLedger = await memory(r.page);
    o.transfers = await recordTransfers(r.page, TRANSFERS, 'a');
    o.memLedgerAfter = await memory(r.page);
    await r.ctx.close();
  }
  // A start straight into the ledger page (the whole store loaded first).
  o.ledgerCold = [];
  for (let i = 0; i < Math.min(RUNS, 3); i++) o.ledgerCold.push(await start(FULL, APP, ['[data-testid=ledger-row]'], { hash: '#/incident/ledger10k/transfers' }));

  // 2. Notes on the 5,000-event incident, with the whole store loaded.
  log(`recording ${NOTES} notes on big5k`);
  {
    const r = await start(FULL, APP, ['[data-testid=timeline]', '[data-testid=integrity]'], { hash: '#/incident/big5k', keep: true });
    o.integrity5k = (await r.page.getByTestId('integrity').textContent()).trim();
    o.timeline5k = await r.page.locator('[data-testid=timeline] > *').count();
    await r.page.waitForTimeout(2000);
    o.notes = await recordNotes(r.page, NOTES);
    o.memIncident = await memory(r.page);
    await r.ctx.close();
  }

  // Where a start's time goes: a CPU profile of one start with the large store.
  if (!process.env.NO_PROFILE) {
    log('CPU profile of one start');
    const r = await start(FULL, APP, LIST_READY, { profile: true });
    o.profile = { frame: r.frame, ...summariseProfile(r.cpu), idb: summariseIdb(r.idb) };
    writeFileSync('/tmp/bench16-start.cpuprofile', JSON.stringify(r.cpu));
  }
  if (helloDir) {
    const r = await start(HELLO_PROFILE, HELLO, ['h1'], { keep: true });
    o.memHello = await memory(r.page);
    await r.ctx.close();
  }
  o.load.push(load());
} catch (e) {
  if (!(e instanceof SeedOnly)) throw e;
} finally {
  for (const s of servers) s.kill();
  if (!process.env.KEEP_RUN) rmSync(runDir, { recursive: true, force: true });
}
if (process.env.SEED_ONLY || process.env.START_ONLY) process.exit(0);
for (const k of ['emptyFirst', 'empty', 'full', 'hello', 'ledgerCold']) {
  const strip = (x) => { if (x) { delete x.ctx; delete x.page; delete x.cpu; delete x.idb; } };
  Array.isArray(o[k]) ? o[k].forEach(strip) : strip(o[k]);
}
writeFileSync('/tmp/bench16-last.json', JSON.stringify(o, null, 1));

// ---------------------------------------------------------------- report

const fr = (xs) => xs.map((x) => x.frame);
const emptyStart = median(fr(o.empty));
const fullStart = median(fr(o.full));
const helloStart = o.hello.length ? median(fr(o.hello)) : null;
const shown = o.notes.map((x) => x.shown);
const feedback = o.notes.map((x) => x.feedback);
const confirmed = o.notes.map((x) => x.confirmed);
const ledgerOpen = o.ledgerOpen.map((x) => x.frame);
const trShown = o.transfers.map((x) => x.shown);
const trConfirmed = o.transfers.map((x) => x.confirmed);
const quietText = (runs) => {
  const q = median(runs.map((r) => r.busy.quiet));
  const still = runs.filter((r) => r.busy.window && r.busy.quiet > r.busy.window - 1000).length;
  return `${ms(q)}${still ? ` (${still} of ${runs.length} runs still busy in the last second: ≥)` : ''}`;
};
const memOf = (m) => (m && m.heap != null ? m.heap + (m.wasm ?? 0) : null);
const mems = [['list', o.memList], ['ledger page', o.memLedger], ['ledger after recording', o.memLedgerAfter], ['big5k after notes', o.memIncident]];
const [memName, memMax] = mems.reduce((a, [n, m]) => (memOf(m) > (memOf(a[1]) ?? 0) ? [n, m] : a), ['', null]);
const migr = o.seed.steps.filter((s) => s.batch);
const rows = [];
const row = (...c) => rows.push(`| ${c.join(' | ')} |`);
const store = `${o.counts.incidents.toLocaleString('en')} incidents, ${o.counts.events.toLocaleString('en')} events`;
row(`start → dashboard + list interactive, large store (${store}), median of ${o.full.length}`, ms(fullStart), '—', '—');
row(`… then everything stored listed and counted (no "being read" left on the list or dashboard), median`, ms(median(o.full.map((x) => x.complete).filter((x) => x != null))), '—', '—');
row(`… then main thread quiet (end of the last long task within ${SETTLE / 1000} s after the frame; ≥ means still busy at the end), median`, quietText(o.full), '—', '—');
row(`start → incident list interactive, empty store, median of ${o.empty.length}`, ms(emptyStart), '—', '—');
row('… then main thread quiet, median', quietText(o.empty), '—', '—');
row('… ratio large / empty', `${(fullStart / emptyStart).toFixed(2)}×`, '≤ 1.2×', yes(fullStart <= 1.2 * emptyStart));
row(`… minimal Leptos page (bench/hello), median of ${o.hello.length}`, ms(helloStart), 'floor', '—');
row(`note on the 5,000-event incident: click → entry SHOWN in the timeline, p95 of ${shown.length} (p50)`, `${ms(pct(shown, 95))} (${ms(median(shown))})`, 'p95 ≤ 16 ms', yes(pct(shown, 95) <= 16));
row('… click → the form\'s feedback (正在保存……) appears, p95 (p50)', `${ms(pct(feedback, 95))} (${ms(median(feedback))})`, '—', '—');
row('… click → CONFIRMED (saved message replaces 正在保存……), p95 (p50)', `${ms(pct(confirmed, 95))} (${ms(median(confirmed))})`, 'p95 ≤ 50 ms', yes(pct(confirmed, 95) <= 50));
row(`open the 10,000-entry ledger page (route change from the list → rows drawn + frame), median of ${ledgerOpen.length} (max)`, `${ms(median(ledgerOpen))} (${ms(Math.max(...ledgerOpen))})`, '≤ 300 ms', yes(median(ledgerOpen) <= 300));
row(`… start straight into the ledger page (whole store loaded), median of ${o.ledgerCold.length}`, ms(median(fr(o.ledgerCold))), '—', '—');
row(`record one more transfer: click → CONFIRMED, median of ${trConfirmed.length} (p95)`, `${ms(median(trConfirmed))} (${ms(pct(trConfirmed, 95))})`, '≤ 30 ms', yes(median(trConfirmed) <= 30));
row('… click → shown in the ledger (count +1), median (p95)', `${ms(median(trShown))} (${ms(pct(trShown, 95))})`, '—', '—');
row(`JS heap + wasm memory, large store (largest of: list, ledger, big5k; here ${memName})`, `${mb(memOf(memMax))} (${mb(memMax.heap)} + ${mb(memMax.wasm)})`, '≤ 64 MB', yes(memOf(memMax) <= 64 * 1024 * 1024));
row(`first start that migrates 100 incidents × 100 events from localStorage, median of ${migr.length} batches (range)`, `${ms(median(fr(migr)))} (${list([Math.min(...fr(migr)), Math.max(...fr(migr))]).replace(', ', '–')} ms)`, '—', '—');
for (const s of o.seed.steps.filter((s) => !s.batch)) row(`first start that migrates ${s.name} (alone)`, ms(s.frame), '—', '—');
row('IndexedDB usage, navigator.storage.estimate()', mb(o.storage.usage), '—', '—');

const lines = [];
const p = (s = '') => lines.push(s);
p(`Issue 16 bench — ${o.at.slice(0, 16).replace('T', ' ')} UTC, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${mb(os.totalmem())} RAM, Chromium headless (${'/usr/bin/chromium'}), loopback.`);
p(`Load average (1/5/15 min) at start: ${o.load[0]}; at end: ${o.load[1] ?? '?'}. Seeded ${o.seed.reused ? `earlier (${o.seed.at}, load ${o.seed.load.join(' → ')})` : 'in this run'}.`);
p();
p('| figure | measured | target | met? |');
p('| --- | --- | --- | --- |');
rows.forEach((r) => p(r));
p();
p('Details');
p();
p(`- store: ${store}; ${o.rows} rows in the list; estimate ${JSON.stringify(o.storage.details)}.`);
p(`- start, large store, frame: ${list(fr(o.full))} ms (DOM ${list(o.full.map((x) => x.dom))}; wasm started ${list(o.full.map((x) => x.started))}; .wasm arrived ${list(o.full.map((x) => x.fetched))}).`);
p(`- long tasks in the ${SETTLE / 1000} s after the frame, large store: ${o.full.map((r) => `${r.busy.count} (${Math.round(r.busy.total)} ms, max ${Math.round(r.busy.max)})`).join('; ')}; empty: ${o.empty.map((r) => `${r.busy.count} (${Math.round(r.busy.total)} ms)`).join('; ')}.`);
p(`- first start on the run's copy of the large store (a database upgrade, if this build's version is newer than the seed's): frame ${ms(o.fullFirst.frame)}, complete ${ms(o.fullFirst.complete)}; later starts complete at ${list(o.full.map((x) => x.complete))} ms.`);
p(`- start, empty store: ${list(fr(o.empty))} ms (wasm started ${list(o.empty.map((x) => x.started))}); first start of the fresh profile (creates the database) ${ms(o.emptyFirst.frame)}.`);
if (o.hello.length) p(`- hello: ${list(fr(o.hello))} ms.`);
const ph = (x) => { const s = x.idbSummary; return s ? `open ${s.open?.join('→')}, ${s.big.map((b) => `${b.op} ${b.n} ${b.t0}→${b.t1}`).join(', ')}, last of ${s.count} requests done ${s.last}` : 'n/a'; };
p(`- IndexedDB during a large-store start (ms from navigation): ${o.full.slice(0, 3).map(ph).join(' | ')}.`);
p(`- IndexedDB during an empty start: ${ph(o.empty[0])}.`);
p(`- notes on big5k (${o.timeline5k} timeline items at open; "${o.integrity5k}"): shown ${list(shown)}; feedback ${list(feedback)}; confirmed ${list(confirmed)}; next frame after shown p50 ${ms(median(o.notes.map((x) => x.frame)))}, p95 ${ms(pct(o.notes.map((x) => x.frame), 95))}; 正在保存…… seen in ${o.notes.filter((x) => x.saving).length} of ${o.notes.length}; saved text "${o.notes[0].text}".`);
p(`- ledger page (${o.ledgerCount}): route change DOM ${list(o.ledgerOpen.map((x) => x.dom))}, frame ${list(ledgerOpen)} ms; cold start into it ${list(fr(o.ledgerCold))} ms.`);
p(`- transfers: shown ${list(trShown)}; confirmed ${list(trConfirmed)} ms; 正在保存…… seen in ${o.transfers.filter((x) => x.saving).length} of ${o.transfers.length}; text "${o.transfers[0].text}".`);
for (const [n, m] of mems) p(`- memory, ${n}: heap ${mb(m?.heap)} + wasm ${mb(m?.wasm)}.`);
if (o.memHello) p(`- memory, hello: heap ${mb(o.memHello.heap)} + wasm ${mb(o.memHello.wasm)}.`);
p(`- seeding (migration starts): ${o.seed.steps.map((s) => `${s.name} ${Math.round(s.frame)} ms`).join('; ')}.`);
if (o.profile) {
  p(`- CPU profile of one large-store start (${Math.round(o.profile.frame)} ms to the frame, ${o.profile.total} ms sampled, self time): ${o.profile.top.map((t) => `${t.k} ${t.ms}`).join('; ')}.`);
  if (o.profile.topWasm.length) p(`- … wasm functions: ${o.profile.topWasm.map((t) => `${t.k} ${t.ms}`).join('; ')}.`);
}
console.log(lines.join('\n'));
