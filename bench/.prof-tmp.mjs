// Issue 8 bench: the performance figures of Incident Desk beside the framework's floor.
//
// Builds bench/hello (a minimal Leptos 0.8 CSR page, same profile) into /tmp/bench-hello
// unless it is already there, serves it and the app build on two loopback ports, and
// measures both in one headless Chromium run: transfer size, cold start, recording an
// action, save time vs. number of stored incidents, report generation, memory.
// Prints a Markdown table (figure | app | floor | ratio | target | met?) and the details.
//
// Run:  node bench/issue8.mjs [app-dist-dir]      (default: dist/, i.e. after `make dist`)
// Env:  RUNS=5 (cold-start and report runs), NOTES=20 (recorded notes), HELLO_DIR=/tmp/bench-hello,
//       NO_FLOOR=1 (skip the hello build and its figures, e.g. for a quick try)
// Figures, not tests: nothing here fails on a slow machine.
import { chromium } from 'playwright-core';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = '/work/main';
const APP_DIR = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist'));
const HELLO_SRC = path.join(ROOT, 'bench', 'hello');
const HELLO_DIR = process.env.HELLO_DIR ?? '/tmp/bench-hello';
const RUNS = Number(process.env.RUNS ?? 5);
const NOTES = Number(process.env.NOTES ?? 20);
const APP_PORT = 4281;
const HELLO_PORT = 4282;
const TIMEOUT = 180_000; // a 5 MB store on a slow machine takes seconds, not minutes

const log = (...a) => console.error('[bench]', ...a); // progress on stderr, results on stdout
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
// Nearest-rank percentile: with 20 samples p95 is the 19th, not an interpolation.
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
const ms = (x) => (x == null ? 'n/a' : `${x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString('en')} ms`);
const kb = (x) => `${(x / 1024).toFixed(0)} KB`;
const mb = (x) => `${(x / 1024 / 1024).toFixed(1)} MB`;
const ratio = (a, b) => (a == null || b == null || !b ? '—' : `${(a / b).toFixed(1)}×`);
const yes = (ok) => (ok == null ? '—' : ok ? 'yes' : '**no**');

// ---------------------------------------------------------------- the floor

/** Builds bench/hello with Trunk (offline, pinned tools), once. Returns its dist dir or null. */
function buildHello() {
  if (process.env.NO_FLOOR) return null;
  if (existsSync(path.join(HELLO_DIR, 'index.html'))) return HELLO_DIR;
  log(`building the floor (bench/hello) into ${HELLO_DIR} …`);
  const home = process.env.CARGO_HOME ?? path.join(os.homedir(), '.cargo');
  const r = spawnSync('trunk', ['build', '--release', '--offline', '--dist', HELLO_DIR], {
    cwd: HELLO_SRC,
    stdio: ['ignore', 2, 2], // build output to stderr: stdout is the results
    env: {
      ...process.env,
      PATH: `${home}/bin:${ROOT}/node_modules/.bin:${process.env.PATH}`,
      // Its own target dir: never touches the app's target/ (or another engineer's build).
      CARGO_TARGET_DIR: process.env.HELLO_TARGET_DIR ?? '/tmp/bench-hello-target',
    },
  });
  if (r.status !== 0 || !existsSync(path.join(HELLO_DIR, 'index.html'))) {
    log('hello build failed: floor figures are n/a');
    return null;
  }
  return HELLO_DIR;
}

// ---------------------------------------------------------------- transfer size

/** gzip -9 of every .wasm/.js/.css the build ships (top level, where Trunk puts them). */
function transfer(dir) {
  const files = readdirSync(dir).filter((f) => /\.(wasm|js|css)$/.test(f) && statSync(path.join(dir, f)).isFile());
  const rows = files.map((f) => {
    const buf = readFileSync(path.join(dir, f));
    return { file: f, raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
  });
  return { rows, gzip: rows.reduce((s, r) => s + r.gzip, 0), raw: rows.reduce((s, r) => s + r.raw, 0) };
}

// ---------------------------------------------------------------- seed data in the app's stored format

const NOW = Math.floor(Date.now() / 1000) * 1000;
const DAY = 86_400_000;
// chrono writes DateTime<Utc> as RFC 3339 with no fraction for whole seconds ("…:00Z"), not toISOString's ".000Z".
const iso = (t) => new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const AUTHOR = { name: '甲', role: '值班经理' };
const NOTES_TEXT = ['已通知相关期货公司，核对当日转账明细', '科技部门排查主机连接，重启前置服务', '与交易所电话确认出入金状态', '柜面启用应急流程，逐笔登记', '监控中心已知悉，等待进一步通报'];

/**
 * One incident as `store/local.rs` saves it: {"schema":2,"data":{"id","events"},"chain":[…]}.
 * Key order follows the Rust structs, so JSON.stringify gives serde_json's exact bytes and
 * the chain below matches `domain/integrity.rs` (the bench checks the app says "记录完整").
 */
function incident(id, { events: n, start, open, title, step = 60_000 }) {
  const at = (i) => iso(start + i * step);
  const facts = {
    title, description: '基准测试数据', discovered_at: at(0), started_at: at(0), period: 'Daytime',
    phenomenon: { kind: 'System', subcategory: '' }, affected: [], parties: '', bank_caused: 'Unknown',
    reporting_unit: '', reporter: '', next_start_affected: 'Unknown',
  };
  const ev = (i, kind) => ({ id: `e${i}`, occurred_at: at(i), recorded_at: at(i), author: AUTHOR, kind });
  const events = [ev(0, { type: 'Opened', facts, plan_id: 'bank-depository', plan_version: '1' })];
  // A closed incident ends restored then closed; an open one is notes to the end.
  const last = open ? n : n - 2;
  for (let i = 1; i < last; i++) events.push(ev(i, { type: 'Note', text: `${NOTES_TEXT[i % NOTES_TEXT.length]}（第${i}条）`, major: false }));
  if (!open) {
    events.push(ev(n - 2, { type: 'ServiceRestored', note: '系统恢复正常服务' }));
    events.push(ev(n - 1, { type: 'Closed', note: '特别监控结束，总结报告已报送' }));
  }
  // integrity.rs: prev = SHA-256("incident-desk/v1/<id>"); link_i = SHA-256(prev ‖ serde_json(event_i)).
  let prev = createHash('sha256').update(`incident-desk/v1/${id}`).digest();
  const chain = events.map((e) => (prev = createHash('sha256').update(prev).update(JSON.stringify(e)).digest()).toString('hex'));
  return [`incident-desk:incident:${id}`, JSON.stringify({ schema: 2, data: { id, events }, chain })];
}

/** The save-time store: the same open 100-event incident `t0000` plus `others` closed ones of `k` events. */
const flatSet = (others, k) => [incident('t0000', { events: 100, open: true, title: '基准：保存计时', start: NOW - 2 * DAY }), ...dataSet(others, k, 0)];

/** `count` incidents of `events` events, started over the last year, the first `openCount` open. */
function dataSet(count, events, openCount = 1) {
  return Array.from({ length: count }, (_, k) => incident(`b${String(k).padStart(4, '0')}`, {
    events, open: k < openCount, title: `基准事件 ${k + 1}`,
    // Spread over ~340 days, all well in the past (so the log never runs past the clock).
    start: NOW - 350 * DAY + Math.floor((k * 340 * DAY) / count),
  }));
}

const chars = (records) => records.reduce((s, [k, v]) => s + k.length + v.length, 0);

// ---------------------------------------------------------------- browser plumbing

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--enable-precise-memory-info'];

/** A fresh context per measurement: empty HTTP cache, no service worker (the app's precache
 *  would otherwise download everything a second time while we time the start). */
const freshPage = async (browser) => {
  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  return { ctx, page: await ctx.newPage() };
};

/**
 * Writes `records` into the origin's localStorage from a 404 page of the same origin, so the
 * app itself has not been loaded (nor cached) before the timed navigation. Stops at the quota.
 * Returns how many records fit.
 */
async function seed(page, base, records) {
  await page.goto(`${base}__seed__`);
  return page.evaluate((recs) => {
    localStorage.clear();
    localStorage.setItem('incident-desk:schema', '2');
    localStorage.setItem('incident-desk:setting:operator', JSON.stringify({ name: '甲', role: '值班经理' }));
    let n = 0;
    for (const [k, v] of recs) {
      try { localStorage.setItem(k, v); n++; } catch { break; } // QuotaExceededError
    }
    // The index (a BTreeSet<String>: a sorted array) lists exactly what is stored.
    const ids = recs.slice(0, n).map(([k]) => k.slice('incident-desk:incident:'.length)).sort();
    try { localStorage.setItem('incident-desk:index', JSON.stringify(ids)); } catch { /* probe filled it */ }
    return n;
  }, records);
}

/** Runs in every document before its scripts: notes when `selectors` are all in the DOM
 *  (performance.now() is measured from navigation start) and the frame after, and keeps
 *  the wasm memory that Trunk's loader hands out with its TrunkApplicationStarted event. */
function watcher(selectors) {
  const b = (window.__bench = {});
  addEventListener('TrunkApplicationStarted', (e) => { b.started = performance.now(); window.__wasmMemory = e.detail?.wasm?.memory; });
  // Downloads are made with a.click() on a blob URL: timestamp that hand-over.
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () { if (this.download) b.download = performance.now(); return click.call(this); };
  const check = () => {
    if (b.dom || !selectors.every((s) => document.querySelector(s))) return;
    b.dom = performance.now();
    obs.disconnect();
    requestAnimationFrame(() => { b.frame = performance.now(); });
  };
  const obs = new MutationObserver(check);
  obs.observe(document, { childList: true, subtree: true });
}

/** Cold start: navigation start → `selectors` visible, then the next animation frame
 *  (the main thread is free again: the page can take input). */
async function coldStart(browser, base, records, selectors, keep = false) {
  const { ctx, page } = await freshPage(browser);
  // The floor also starts from a 404 page of its origin, so both navigations reuse a live
  // renderer process and neither pays for spawning one.
  const stored = records ? await seed(page, base, records) : (await page.goto(`${base}__seed__`), 0);
  await page.addInitScript(watcher, selectors);
  await page.goto(`${base}#/`);
  await page.waitForFunction(() => window.__bench?.frame, null, { timeout: TIMEOUT, polling: 50 });
  // When the .wasm finished downloading: splits network from compile + start + first render.
  const b = await page.evaluate(() => ({ ...window.__bench, fetched: performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'))?.responseEnd }));
  if (!keep) await ctx.close();
  return { ...b, stored, ctx: keep ? ctx : null, page: keep ? page : null };
}

/** JS heap (after a full GC, so garbage is not counted) plus the wasm linear memory. */
async function memory(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.detach();
  return page.evaluate(() => ({ heap: performance.memory?.usedJSHeapSize ?? null, wasm: window.__wasmMemory?.buffer?.byteLength ?? null }));
}

/** Largest localStorage this origin accepts, in characters of our records (Chinese text:
 *  Chromium counts it as UTF-16), found by writing ever more records until the quota stops it. */
async function capacity(browser, base) {
  const probe = dataSet(400, 100); // ~8.7 M characters: more than Chromium's ~5 M
  const { ctx, page } = await freshPage(browser);
  const fit = await seed(page, base, probe);
  await ctx.close();
  return { fit, chars: chars(probe.slice(0, fit)) };
}

/** Opens one incident's page on a seeded store and waits for its timeline and integrity line. */
async function openIncident(browser, base, records, id) {
  const { ctx, page } = await freshPage(browser);
  await seed(page, base, records);
  await page.addInitScript(watcher, ['[data-testid=timeline]']);
  await page.goto(`${base}#/incident/${id}`);
  await page.getByTestId('timeline').waitFor({ timeout: TIMEOUT });
  await page.getByTestId('integrity').waitFor({ timeout: TIMEOUT });
  await page.waitForTimeout(1500); // let the start-up escalation (and its one save) finish
  return { ctx, page, integrity: (await page.getByTestId('integrity').textContent()).trim() };
}

/** Records `n` notes through the "记录处置情况" form and times each: the submit click →
 *  the new entry in the timeline's DOM (append, chain, save to localStorage, redraw), and →
 *  the next animation frame. Only the click is timed, not the typing. */
async function recordNotes(page, n) {
  const dom = [];
  const frame = [];
  for (let i = 1; i <= n; i++) {
    await page.getByTestId('add-note').click();
    const text = `基准计时记录 ${i}-${Math.random().toString(36).slice(2, 8)}`;
    await page.locator('#record-text').fill(text);
    const t = await page.evaluate((text) => new Promise((resolve) => {
      // The log is sorted by time and this note is the newest: it is the last entry.
      const seen = () => document.querySelector('[data-testid=timeline]')?.lastElementChild?.textContent.includes(text);
      const button = document.querySelector('form.record-form button[type=submit]');
      let t1 = null;
      const finish = () => {
        if (t1 != null) return;
        t1 = performance.now();
        obs.disconnect();
        requestAnimationFrame(() => resolve({ dom: t1 - t0, frame: performance.now() - t0 }));
      };
      const obs = new MutationObserver(() => seen() && finish());
      obs.observe(document.body, { childList: true, subtree: true, characterData: true });
      const t0 = performance.now();
      button.click();
      if (seen()) finish(); // drawn synchronously inside the click
    }), text);
    dom.push(t.dom);
    frame.push(t.frame);
    await page.locator('#record-saved').waitFor();
    await page.waitForTimeout(100); // not back-to-back: a person types between entries
  }
  return { dom, frame };
}

/** The summary report of a 1,000-event incident: route change → `[data-testid=report]` in
 *  the DOM (+ next frame), then the .docx button → the blob handed to the browser (+ the
 *  download event Playwright sees), `runs` times each. */
async function reports(page, id, runs) {
  const view = [];
  const viewFrame = [];
  const docx = [];
  const docxEvent = [];
  let docxBytes = 0;
  for (let r = 0; r < runs; r++) {
    await page.evaluate((id) => { location.hash = `#/incident/${id}`; }, id);
    await page.getByTestId('timeline').waitFor();
    await page.waitForTimeout(200);
    const t = await page.evaluate((id) => new Promise((resolve) => {
      let t1 = null;
      const check = () => {
        if (t1 != null || !document.querySelector('[data-testid=report]')) return;
        t1 = performance.now();
        obs.disconnect();
        requestAnimationFrame(() => resolve({ dom: t1 - t0, frame: performance.now() - t0 }));
      };
      const obs = new MutationObserver(check);
      obs.observe(document.body, { childList: true, subtree: true });
      const t0 = performance.now();
      location.hash = `#/incident/${id}/report/summary`;
    }), id);
    view.push(t.dom);
    viewFrame.push(t.frame);
    await page.waitForTimeout(200);
    // .docx: generated synchronously in the click handler, so the in-page figure is exact;
    // the download event adds the browser's own blob and file handling.
    const t0 = Date.now();
    const [download, inPage] = await Promise.all([
      page.waitForEvent('download', { timeout: TIMEOUT }),
      page.evaluate(() => {
        const t0 = performance.now();
        window.__bench.download = null;
        document.querySelector('[data-testid=download-docx]').click();
        return window.__bench.download == null ? null : window.__bench.download - t0;
      }),
    ]);
    docxEvent.push(Date.now() - t0);
    docx.push(inPage);
    const file = await download.path();
    docxBytes = file ? statSync(file).size : 0;
  }
  return { view, viewFrame, docx, docxEvent, docxBytes };
}

// ---------------------------------------------------------------- main

function serve(dir, port) {
  const p = spawn('node', [path.join(ROOT, 'scripts', 'serve.mjs'), dir, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    p.stdout.once('data', () => resolve(p)); // it prints "serving …" once listening
    p.once('exit', (code) => reject(new Error(`serve.mjs ${dir} exited (${code})`)));
  });
}
// ---- profiling: where does a cold start with 1,000 stored incidents spend its time?
const DIR = process.argv[2];
const SHAPE = process.env.SHAPE ?? '1000x18';
const [cnt, evs] = SHAPE.split('x').map(Number);
const server = await serve(DIR, 4291);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
try {
  const base = 'http://127.0.0.1:4291/';
  const records = dataSet(cnt, evs);
  const { ctx, page } = await freshPage(browser);
  await seed(page, base, records);
  await page.addInitScript(watcher, ['[data-testid=dashboard]', '[data-testid=incident-row]']);
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.goto(`${base}#/`);
  await page.waitForFunction(() => window.__bench?.frame, null, { timeout: TIMEOUT, polling: 50 });
  const { profile } = await cdp.send('Profiler.stop');
  const b = await page.evaluate(() => window.__bench);
  console.log('frame', Math.round(b.frame), 'dom', Math.round(b.dom), 'started', Math.round(b.started));
  // self time per function, and inclusive time for our own functions
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map(); const incl = new Map();
  const dt = profile.timeDeltas; let total = 0;
  profile.samples.forEach((id, i) => {
    const d = (dt[i + 1] ?? 0) / 1000; total += d;
    const n = byId.get(id); const name = n.callFrame.functionName || n.callFrame.url.split('/').pop() || '(anon)';
    self.set(name, (self.get(name) ?? 0) + d);
    const seen = new Set(); let cur = id;
    while (cur != null) { const nn = byId.get(cur); const nm = nn.callFrame.functionName; if (nm && !seen.has(nm)) { seen.add(nm); incl.set(nm, (incl.get(nm) ?? 0) + d); } cur = parent.get(cur); }
  });
  const top = (m, k) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, k).map(([n, v]) => `${v.toFixed(1).padStart(7)} ms  ${n.slice(0, 140)}`).join('\n');
  console.log('total sampled', total.toFixed(0), 'ms\n--- self\n' + top(self, 35));
  const mine = new Map([...incl.entries()].filter(([n]) => /incident_desk/.test(n)));
  console.log('--- inclusive (incident_desk)\n' + top(mine, 45));
  await ctx.close();
} finally { await browser.close(); server.kill(); }
