// Issue 18 bench: where the bytes go and what a first visit costs.
//
//   1. Size per crate of the wasm (bench/lib/wasm_size.mjs on a build that kept its names), for
//      this tree and, with BEFORE=<git rev>, for that commit built in a worktree beside it.
//   2. The first screen's transfer over the wire from scripts/serve.mjs (compressed serving),
//      measured by Chromium itself, and the files' gzip and brotli sizes.
//   3. Cold start with nothing stored beside the floor (bench/hello), in the same run.
//   4. Lighthouse, mobile and desktop presets, against `scripts/serve.mjs dist` (installed into
//      /tmp/bench-lighthouse the first time: it is not a test dependency).
//
// Run:  make bench18     (or: node bench/issue18.mjs [dist-dir])
// Env:  BEFORE=<rev> (size table of that commit too), RUNS=5, NO_LIGHTHOUSE=1, NO_FLOOR=1,
//       TOP=25 (functions listed)
// Figures, not tests: nothing here fails on a slow machine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { coldStart, freshPage, log, median, ROOT, serveBeside } from './lib/floor.mjs';
import { wasmSize } from './lib/wasm_size.mjs';

const APP_DIR = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist'));
const RUNS = Number(process.env.RUNS ?? 5);
const TOP = Number(process.env.TOP ?? 25);
const APP_PORT = 4291;
const HELLO_PORT = 4292;
const LH_DIR = '/tmp/bench-lighthouse';
const kb = (x) => (x == null ? 'n/a' : `${Math.round(x / 1024).toLocaleString('en')} KB`);
const ms = (x) => (x == null ? 'n/a' : `${Math.round(x).toLocaleString('en')} ms`);
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 2, 2], ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
};

// ---------------------------------------------------------------- 1. size per crate

/** The app's wasm with names: cargo's output through wasm-bindgen and wasm-opt -Oz -g, the
 *  same passes Trunk runs (which then drops the names). */
function namedWasm(tree, targetDir, label) {
  const env = { ...process.env, CARGO_TARGET_DIR: targetDir };
  log(`${label}: cargo build --release (wasm32) …`);
  run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--bin', 'incident-desk'], { cwd: tree, env });
  const out = `/tmp/bench18-${label}`;
  mkdirSync(out, { recursive: true });
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', out, path.join(targetDir, 'wasm32-unknown-unknown/release/incident-desk.wasm')]);
  run('wasm-opt', ['-Oz', '-g', path.join(out, 'incident-desk_bg.wasm'), '-o', path.join(out, 'named.wasm')]);
  return readFileSync(path.join(out, 'named.wasm'));
}

function sizeTable(now, before) {
  const rows = [];
  const byCrate = (t) => new Map(t.crates.map((c) => [c.crate, c]));
  const b = before ? byCrate(before) : new Map();
  const names = [...new Set([...now.crates.map((c) => c.crate), ...(before?.crates ?? []).map((c) => c.crate)])];
  const share = (x, t) => `${((100 * x) / (t.code + t.data)).toFixed(1)}%`;
  rows.push(before ? '| crate | before raw | before gzip | after raw | after gzip | share after |' : '| crate | raw | gzip (alone) | share | functions |');
  rows.push(before ? '|---|---:|---:|---:|---:|---:|' : '|---|---:|---:|---:|---:|');
  const cur = byCrate(now);
  for (const name of names.sort((x, y) => (cur.get(y)?.bytes ?? 0) - (cur.get(x)?.bytes ?? 0))) {
    const c = cur.get(name), o = b.get(name);
    if ((c?.bytes ?? 0) < 2048 && (o?.bytes ?? 0) < 2048) continue;
    rows.push(before
      ? `| ${name} | ${kb(o?.bytes)} | ${kb(o?.gzip)} | ${kb(c?.bytes)} | ${kb(c?.gzip)} | ${c ? share(c.bytes, now) : '—'} |`
      : `| ${name} | ${kb(c.bytes)} | ${kb(c.gzip)} | ${share(c.bytes, now)} | ${c.functions.toLocaleString('en')} |`);
  }
  const tot = (t) => `${kb(t.code + t.data)} (code ${kb(t.code)}, data ${kb(t.data)})`;
  rows.push('', before ? `Code + data before: ${tot(before)}; after: ${tot(now)}.` : `Code + data: ${tot(now)}.`);
  return rows.join('\n');
}

// ---------------------------------------------------------------- 2. the first screen's transfer

function filesOf(dir) {
  const files = readdirSync(dir).filter((f) => /\.(wasm|js|css)$/.test(f) && statSync(path.join(dir, f)).isFile());
  return files.map((f) => {
    const buf = readFileSync(path.join(dir, f));
    return { file: f, raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length, br: brotliCompressSync(buf).length };
  });
}

/** Bytes on the wire (Chromium's encodedDataLength) from navigation to the incident list. */
async function firstScreen(browser, base) {
  const { ctx, page } = await freshPage(browser);
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  const sizes = new Map();
  const urls = new Map();
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, { url: e.response.url, encoding: e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? '' }));
  cdp.on('Network.loadingFinished', (e) => sizes.set(e.requestId, e.encodedDataLength));
  await page.goto(`${base}#/`);
  await page.getByTestId('new-incident').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1500); // icons, manifest, the later modules
  const rows = [...sizes].map(([id, bytes]) => ({ ...urls.get(id), bytes }));
  await ctx.close();
  return rows;
}

// ---------------------------------------------------------------- 4. Lighthouse

function lighthouse(url, preset) {
  const bin = path.join(LH_DIR, 'node_modules', '.bin', 'lighthouse');
  if (!existsSync(bin)) {
    log(`installing lighthouse into ${LH_DIR} (once) …`);
    mkdirSync(LH_DIR, { recursive: true });
    run('npm', ['install', '--prefix', LH_DIR, '--no-audit', '--no-fund', 'lighthouse@12']);
  }
  const out = `/tmp/bench18-lighthouse-${preset}.json`;
  const args = [url, '--output=json', `--output-path=${out}`, '--quiet', '--only-categories=performance,accessibility,best-practices',
    '--chrome-flags=--headless=new --no-sandbox --disable-gpu'];
  if (preset === 'desktop') args.push('--preset=desktop');
  run(bin, args, { env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' } });
  const r = JSON.parse(readFileSync(out, 'utf8'));
  const a = r.audits;
  return {
    preset,
    performance: Math.round(r.categories.performance.score * 100),
    accessibility: Math.round(r.categories.accessibility.score * 100),
    bestPractices: Math.round(r.categories['best-practices'].score * 100),
    fcp: a['first-contentful-paint'].numericValue,
    lcp: a['largest-contentful-paint'].numericValue,
    tbt: a['total-blocking-time'].numericValue,
    cls: a['cumulative-layout-shift'].numericValue,
    si: a['speed-index'].numericValue,
    bytes: a['total-byte-weight'].numericValue,
  };
}

// ---------------------------------------------------------------- main

if (!existsSync(path.join(APP_DIR, 'index.html'))) {
  console.error(`no build in ${APP_DIR}: run \`make dist\` or pass a dist dir`);
  process.exit(2);
}
const p = (s = '') => console.log(s);
p(`Issue 18 bench — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(2)}, Chromium headless, loopback.`);

const now = wasmSize(namedWasm(ROOT, path.join(ROOT, 'target'), 'now'));
let before = null;
if (process.env.BEFORE) {
  const tree = '/tmp/bench18-before-tree';
  if (existsSync(tree)) run('git', ['-C', ROOT, 'worktree', 'remove', '--force', tree]);
  run('git', ['-C', ROOT, 'worktree', 'add', '--detach', tree, process.env.BEFORE]);
  try {
    before = wasmSize(namedWasm(tree, '/tmp/bench18-before-target', 'before'));
  } finally {
    run('git', ['-C', ROOT, 'worktree', 'remove', '--force', tree]);
  }
}
p(`\n## Size per crate${before ? ` (before: ${process.env.BEFORE})` : ''}\n`);
p(sizeTable(now, before));
// The first module as shipped: build_wasm.mjs's bound main module (before wasm-opt), named.
const splitMain = path.join(ROOT, 'target', 'split', 'out', 'bound', 'incident-desk_bg.wasm');
if (existsSync(splitMain)) {
  run('wasm-opt', ['-Oz', '-g', splitMain, '-o', '/tmp/bench18-first-module.wasm']);
  const first = wasmSize(readFileSync('/tmp/bench18-first-module.wasm'));
  p('\n## Size per crate of the first module only (the split release build of `make dist`)\n');
  p(sizeTable(first, null));
} else {
  p('\n(No split build in target/split: run `make dist` for the first module\'s own table.)');
}
p(`\nLargest functions (raw bytes):\n`);
for (const f of now.functions.slice(0, TOP)) p(`- ${f.bytes.toLocaleString('en')} B  ${f.crate}  ${(f.name ?? '?').slice(0, 140)}`);

p('\n## Files as built\n');
p('| file | raw | gzip -9 | brotli 11 |\n|---|---:|---:|---:|');
const files = filesOf(APP_DIR);
for (const f of files) p(`| ${f.file} | ${kb(f.raw)} | ${kb(f.gzip)} | ${kb(f.br)} |`);
const later = (f) => /^(split|chunk)_.*\.wasm$/.test(f);
const sum = (k, keep = () => true) => files.filter((f) => keep(f.file)).reduce((s, f) => s + f[k], 0);
p(`| **wasm + JS + CSS, all** | ${kb(sum('raw'))} | ${kb(sum('gzip'))} | ${kb(sum('br'))} |`);
p(`| **the same without the later modules** | ${kb(sum('raw', (f) => !later(f)))} | ${kb(sum('gzip', (f) => !later(f)))} | ${kb(sum('br', (f) => !later(f)))} |`);

const { APP, HELLO, helloDir, browser, servers } = await serveBeside(APP_DIR, APP_PORT, HELLO_PORT);
try {
  const wire = await firstScreen(browser, APP);
  p('\n## First screen over the wire (scripts/serve.mjs, Chromium\'s own count)\n');
  for (const r of wire.sort((a, b) => b.bytes - a.bytes)) p(`- ${kb(r.bytes)}  ${r.encoding || 'identity'}  ${r.url.replace(APP, '/')}`);
  const code = wire.filter((r) => /\.(wasm|js|css)$/.test(r.url) && !later(r.url.split('/').pop())).reduce((s, r) => s + r.bytes, 0);
  const after = wire.filter((r) => later(r.url.split('/').pop())).reduce((s, r) => s + r.bytes, 0);
  p(`\nwasm + JS + CSS for the first screen on the wire: **${kb(code)}** (target ≤ 300 KB); the later modules, fetched once it is drawn: ${kb(after)}; everything: ${kb(wire.reduce((s, r) => s + r.bytes, 0))}.`);

  const app = [], floor = [];
  for (let r = 0; r < RUNS; r++) {
    log(`cold start run ${r + 1}/${RUNS}`);
    app.push((await coldStart(browser, APP, ['[data-testid=new-incident]'])).frame);
    if (helloDir) floor.push((await coldStart(browser, HELLO, ['h1'])).frame);
  }
  const a = median(app), f = helloDir ? median(floor) : null;
  p(`\n## Cold start, nothing stored (median of ${RUNS}, navigation → list drawn → next frame)\n`);
  p(`app ${ms(a)}, floor ${ms(f)}, ratio **${f ? (a / f).toFixed(2) : 'n/a'}×** (target ≤ 1.5×). Runs: app ${app.map(Math.round).join(', ')}; floor ${floor.map(Math.round).join(', ')}.`);
} finally {
  await browser.close();
}

if (!process.env.NO_LIGHTHOUSE) {
  p('\n## Lighthouse (served by scripts/serve.mjs)\n');
  p('| preset | performance | accessibility | best practices | FCP | LCP | TBT | CLS | speed index | bytes |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const preset of ['mobile', 'desktop']) {
    log(`lighthouse ${preset} …`);
    const l = lighthouse(APP, preset);
    p(`| ${preset} | ${l.performance} | ${l.accessibility} | ${l.bestPractices} | ${ms(l.fcp)} | ${ms(l.lcp)} | ${ms(l.tbt)} | ${l.cls.toFixed(3)} | ${ms(l.si)} | ${kb(l.bytes)} |`);
  }
}
for (const s of servers) s.kill();
