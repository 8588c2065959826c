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
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { coldStart, freshPage, log, median, ROOT, serveBeside, TIMEOUT } from './lib/floor.mjs';

const APP_DIR = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist'));
const RUNS = Number(process.env.RUNS ?? 5);
const NOTES = Number(process.env.NOTES ?? 20);
const APP_PORT = 4281;
const HELLO_PORT = 4282;
// Nearest-rank percentile: with 20 samples p95 is the 19th, not an interpolation.
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
const ms = (x) => (x == null ? 'n/a' : `${x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString('en')} ms`);
const kb = (x) => `${(x / 1024).toFixed(0)} KB`;
const mb = (x) => `${(x / 1024 / 1024).toFixed(1)} MB`;
const ratio = (a, b) => (a == null || b == null || !b ? '—' : `${(a / b).toFixed(1)}×`);
const yes = (ok) => (ok == null ? '—' : ok ? 'yes' : '**no**');

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

if (!existsSync(path.join(APP_DIR, 'index.html'))) {
  console.error(`no build in ${APP_DIR}: run \`make dist\` or pass a dist dir`);
  process.exit(2);
}
const { APP, HELLO, helloDir, browser, servers } = await serveBeside(APP_DIR, APP_PORT, HELLO_PORT);
const out = { load: [os.loadavg()[0]] };
try {
  out.size = { app: transfer(APP_DIR), hello: helloDir ? transfer(helloDir) : null };

  // How much fits: 1,000 × 100 events is ~20 M characters, localStorage holds ~5 M.
  log('probing the localStorage quota …');
  const cap = await capacity(browser, APP);
  const perIncident = chars(dataSet(1, 100));
  // Headroom for what the app writes during the bench (escalation event, notes, index).
  const budget = cap.chars - 60_000;
  const nIncidents = Math.min(1000, Math.floor(budget / perIncident));
  let k = 100;
  while (k > 3 && chars(dataSet(1000, k)) > budget) k--;
  // For the save-time comparison: 1,000 incidents, so the others get fewer events than k.
  let kFlat = k;
  while (kFlat > 3 && chars(flatSet(999, kFlat)) > budget) kFlat--;
  out.cap = { ...cap, perIncident, nIncidents, k, kFlat };
  const shapes = [
    { name: `${nIncidents.toLocaleString('en')} incidents × 100 events`, records: dataSet(nIncidents, 100) },
    { name: `1,000 incidents × ${k} events`, records: dataSet(1000, k) },
  ];
  for (const s of shapes) s.chars = chars(s.records);

  // Cold start, app shapes and hello interleaved run by run, so all share the same noise.
  const appReady = ['[data-testid=dashboard]', '[data-testid=incident-row]'];
  out.cold = shapes.map((s) => ({ name: s.name, chars: s.chars, runs: [] }));
  out.coldHello = [];
  out.coldEmpty = []; // the app with nothing stored: its own start, without the data
  for (let r = 0; r < RUNS; r++) {
    log(`cold start run ${r + 1}/${RUNS}`);
    out.coldEmpty.push(await coldStart(browser, APP, ['[data-testid=new-incident]'], { prepare: (p) => seed(p, APP, []) }));
    for (const [i, s] of shapes.entries()) {
      out.cold[i].runs.push(await coldStart(browser, APP, appReady, { prepare: (p) => seed(p, APP, s.records) }));
    }
    if (helloDir) out.coldHello.push(await coldStart(browser, HELLO, ['h1']));
  }
  for (const c of out.cold) c.stored = c.runs[0].stored;

  // Memory with the large data set: the list after a cold start, then one incident opened.
  log('memory');
  out.mem = [];
  for (const s of shapes) {
    const res = await coldStart(browser, APP, appReady, { prepare: (p) => seed(p, APP, s.records), keep: true });
    const list = await memory(res.page);
    await res.page.evaluate(() => { location.hash = '#/incident/b0000'; });
    await res.page.getByTestId('timeline').waitFor({ timeout: TIMEOUT });
    await res.page.waitForTimeout(500);
    out.mem.push({ name: s.name, list, incident: await memory(res.page) });
    await res.ctx.close();
  }
  if (helloDir) {
    const res = await coldStart(browser, HELLO, ['h1'], { keep: true });
    out.memHello = await memory(res.page);
    await res.ctx.close();
  }

  // Recording on an incident of 5,000 events (stored alone: ~1 M characters).
  log(`recording ${NOTES} notes on a 5,000-event incident`);
  {
    const big = [incident('big5k', { events: 5000, open: true, title: '基准：五千条记录', start: NOW - 3 * DAY, step: 10_000 })];
    const { ctx, page, integrity } = await openIncident(browser, APP, big, 'big5k');
    out.integrity5k = integrity;
    out.record5k = await recordNotes(page, NOTES);
    await ctx.close();
  }

  // Save time vs. the number of incidents stored: the same note on the same 100-event incident.
  log('save time with 10 and with many incidents stored');
  out.flat = [];
  for (const n of [10, 1000]) {
    const { ctx, page, integrity } = await openIncident(browser, APP, flatSet(n - 1, kFlat), 't0000');
    out.flat.push({ n, integrity, ...(await recordNotes(page, Math.max(10, NOTES / 2))) });
    await ctx.close();
  }

  // Reports of a 1,000-event incident (restored and closed, as when the summary is written).
  log('report view and .docx of a 1,000-event incident');
  {
    const rec = [incident('rep1k', { events: 1000, open: false, title: '基准：千条记录的总结报告', start: NOW - 5 * DAY })];
    const { ctx, page, integrity } = await openIncident(browser, APP, rec, 'rep1k');
    out.integrity1k = integrity;
    out.reports = await reports(page, 'rep1k', RUNS);
    await ctx.close();
  }
  out.load.push(os.loadavg()[0]);
} finally {
  await browser.close();
  for (const s of servers) s.kill();
}

// ---------------------------------------------------------------- report

const o = out;
const hello = o.size.hello;
const coldHello = o.coldHello.length ? median(o.coldHello.map((r) => r.frame)) : null;
const memOf = (m) => (m && m.heap != null ? m.heap + (m.wasm ?? 0) : null);
const memApp = Math.max(...o.mem.flatMap((m) => [memOf(m.list) ?? 0, memOf(m.incident) ?? 0])) || null;
const memHello = memOf(o.memHello);
const rec95 = pct(o.record5k.dom, 95);
const [f10, fN] = o.flat.map((f) => median(f.dom));
const rows = [];
const row = (...c) => rows.push(`| ${c.join(' | ')} |`);
row('transfer size, gzip -9 (wasm + JS + CSS)', kb(o.size.app.gzip), hello ? kb(hello.gzip) : 'n/a', ratio(o.size.app.gzip, hello?.gzip), '≤ 400 KB', yes(o.size.app.gzip <= 400 * 1024));
{
  const m = median(o.coldEmpty.map((r) => r.frame));
  row(`cold start → incident list, nothing stored (median of ${o.coldEmpty.length})`, ms(m), ms(coldHello), ratio(m, coldHello), '≤ 3× floor', yes(coldHello == null ? null : m <= 3 * coldHello));
}
for (const c of o.cold) {
  const m = median(c.runs.map((r) => r.frame));
  row(`cold start → dashboard and list interactive, ${c.name} (median of ${c.runs.length})`, ms(m), ms(coldHello), ratio(m, coldHello),
    '≤ 300 ms and ≤ 3× floor', yes(m <= 300 && (coldHello == null || m <= 3 * coldHello)));
}
row(`record a note on a 5,000-event incident, click → entry shown, p95 of ${o.record5k.dom.length} (p50)`, `${ms(rec95)} (${ms(median(o.record5k.dom))})`, '—', '—', 'p95 ≤ 16 ms', yes(rec95 <= 16));
row(`save one incident (a note on the same 100-event incident), ${o.flat[0].n} incidents stored, median of ${o.flat[0].dom.length}`, ms(f10), '—', '—', 'flat', '—');
row(`… same with ${o.flat[1].n.toLocaleString('en')} incidents stored (others of ${o.cap.kFlat} events), median`, ms(fN), '—', `${(fN / f10).toFixed(2)}× the 10-stored time`, 'flat (≤ 1.25×)', yes(fN <= 1.25 * f10));
row(`summary report (print view) of a 1,000-event incident, route → report shown, median of ${o.reports.view.length}`, ms(median(o.reports.view)), '—', '—', '≤ 100 ms', yes(median(o.reports.view) <= 100));
row(`.docx of the same report, click → file handed to the browser, median of ${o.reports.docx.length}`, ms(median(o.reports.docx)), '—', '—', '≤ 100 ms', yes(median(o.reports.docx) <= 100));
row('JS heap + wasm memory with the largest store (after GC; the larger of the two shapes, list or one incident open)', memApp ? mb(memApp) : 'n/a', memHello ? mb(memHello) : 'n/a', ratio(memApp, memHello), '≤ 64 MB', yes(memApp ? memApp <= 64 * 1024 * 1024 : null));

const lines = [];
const p = (s = '') => lines.push(s);
p(`Issue 8 bench — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${mb(os.totalmem())} RAM, Chromium headless, loopback.`);
p(`Load average (1 min) at start / end: ${out.load.map((x) => x?.toFixed(1)).join(' / ')} — other work on the machine shows up as noise.`);
p(`App build: ${APP_DIR}; floor: ${helloDir ? `bench/hello (${helloDir})` : 'n/a (hello build failed)'}.`);
p();
p('| figure | app | floor | ratio | target | met? |');
p('| --- | --- | --- | --- | --- | --- |');
rows.forEach((r) => p(r));
p();
p('Details');
p();
p(`- localStorage quota: ${o.cap.fit} incidents of 100 events fit (${(o.cap.chars / 1e6).toFixed(2)} M characters; ${o.cap.perIncident.toLocaleString('en')} per incident with its chain). ` +
  `1,000 × 100 events would be ${((o.cap.perIncident * 1000) / 1e6).toFixed(1)} M characters: it does NOT fit, so the cold start is measured on the two largest shapes that do.`);
for (const c of o.cold) p(`- cold start, ${c.name} (${(c.chars / 1e6).toFixed(2)} M chars, ${c.stored} stored): frame ${c.runs.map((r) => Math.round(r.frame)).join(', ')} ms; DOM ${c.runs.map((r) => Math.round(r.dom)).join(', ')} ms; of which the .wasm had arrived at ${c.runs.map((r) => Math.round(r.fetched)).join(', ')} ms.`);
p(`- cold start, nothing stored: frame ${o.coldEmpty.map((r) => Math.round(r.frame)).join(', ')} ms; .wasm arrived at ${o.coldEmpty.map((r) => Math.round(r.fetched)).join(', ')} ms.`);
if (o.coldHello.length) p(`- cold start, hello: frame ${o.coldHello.map((r) => r.frame.toFixed(0)).join(', ')} ms; DOM ${o.coldHello.map((r) => r.dom.toFixed(0)).join(', ')} ms; .wasm arrived at ${o.coldHello.map((r) => Math.round(r.fetched)).join(', ')} ms.`);
p(`- transfer, app: ${o.size.app.rows.map((r) => `${r.file} ${kb(r.raw)} → ${kb(r.gzip)}`).join('; ')}.`);
if (hello) p(`- transfer, hello: ${hello.rows.map((r) => `${r.file} ${kb(r.raw)} → ${kb(r.gzip)}`).join('; ')}.`);
p(`- record on 5,000 events: DOM p50 ${ms(median(o.record5k.dom))}, p95 ${ms(rec95)}, max ${ms(Math.max(...o.record5k.dom))}; to the next frame p50 ${ms(median(o.record5k.frame))}, p95 ${ms(pct(o.record5k.frame, 95))}. App's integrity line: "${o.integrity5k}".`);
for (const f of o.flat) p(`- save with ${f.n} stored: ${f.dom.map((x) => Math.round(x)).join(', ')} ms (p95 ${ms(pct(f.dom, 95))}). Integrity: "${f.integrity}".`);
p(`- report view: ${o.reports.view.map((x) => Math.round(x)).join(', ')} ms (to next frame ${o.reports.viewFrame.map((x) => Math.round(x)).join(', ')}); .docx in page ${o.reports.docx.map((x) => (x == null ? 'n/a' : Math.round(x))).join(', ')} ms, to Playwright's download event ${o.reports.docxEvent.join(', ')} ms; file ${kb(o.reports.docxBytes)}. Integrity: "${o.integrity1k}".`);
const memLine = (name, m) => (m ? `${name} heap ${mb(m.heap)} + wasm ${m.wasm == null ? 'n/a' : mb(m.wasm)}` : `${name} n/a`);
for (const m of o.mem) p(`- memory, ${m.name}: ${memLine('list', m.list)}; ${memLine('one incident opened', m.incident)}.`);
p(`- memory, ${memLine('hello', o.memHello)}.`);
console.log(lines.join('\n'));
