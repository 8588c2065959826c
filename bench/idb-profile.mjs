// Where the time of bench/idb.mjs's slow figures goes: CPU profiles (CDP, 200 µs sampling) of
// a start on the large store, of notes recorded on the 5,000-event incident and of transfers
// recorded on the 10,000-entry ledger, summed by wasm function (self and inclusive time).
//
// Needs a build that keeps the wasm name section: the release build's wasm-opt -Oz drops it.
// Make one from the release build's cargo output without touching dist/ or src/:
//   D=/tmp/bench16-prof; mkdir -p $D/bg; H=$(ls dist/*_bg.wasm | sed 's/.*\/\(.*\)_bg.wasm/\1/')
//   wasm-bindgen --target web --no-typescript --out-dir $D/bg --out-name $H target/wasm32-unknown-unknown/release/incident-desk.wasm
//   wasm-opt -Oz -g --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
//     --enable-mutable-globals --enable-reference-types --enable-multivalue $D/bg/${H}_bg.wasm -o $D/opt.wasm
//   cp -r dist $D/dist && cp $D/opt.wasm $D/dist/${H}_bg.wasm && cp $D/bg/$H.js $D/dist/ \
//     && sed -i 's/ integrity="[^"]*"//g' $D/dist/index.html
// Run:  node bench/idb-profile.mjs /tmp/bench16-prof/dist   (after bench/idb.mjs seeded its profile)
// Env:  SEED_DIR (as bench/idb.mjs), NOTES=5, TRANSFERS=3, AFTER=8000 (ms profiled after the first screen), PORT=4381. Writes /tmp/bench16-*.cpuprofile.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.resolve(process.argv[2] ?? '/tmp/bench16-prof/dist');
const SEED_DIR = process.env.SEED_DIR ?? '/tmp/incident-desk-bench16/seeded';
const NOTES = Number(process.env.NOTES ?? 5);
const TRANSFERS = Number(process.env.TRANSFERS ?? 3);
const AFTER = Number(process.env.AFTER ?? 8000);
const PORT = Number(process.env.PORT ?? 4381);
const BASE = `http://127.0.0.1:${PORT}/`;
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const log = (...a) => console.error('[profile]', ...a);

/** Self and inclusive time (ms) by function, wasm and JS; the top `n` of each. */
function summarise(p, n = 15) {
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const parent = new Map();
  for (const x of p.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const name = (x) => {
    const f = x.callFrame;
    const wasm = f.url.endsWith('.wasm') || f.url.startsWith('wasm://');
    return `${wasm ? '' : 'js '}${f.functionName || '(anonymous)'}`;
  };
  const self = new Map();
  const incl = new Map();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const leaf = byId.get(p.samples[i]);
    self.set(name(leaf), (self.get(name(leaf)) ?? 0) + dt);
    const seen = new Set();
    for (let id = leaf.id; id != null; id = parent.get(id)) {
      const k = name(byId.get(id));
      if (seen.has(k)) continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + dt);
    }
  }
  const top = (m) => [...m.entries()].filter(([k]) => !['(root)', '(program)', '(idle)'].some((s) => k.endsWith(s))).sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${Math.round(v)} ms  ${k}`);
  return { total: Math.round(total), idle: Math.round(self.get('js (idle)') ?? 0), self: top(self), inclusive: top(incl) };
}

const server = spawn('node', [path.join(ROOT, 'scripts', 'serve.mjs'), DIST, String(PORT)], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((r) => server.stdout.once('data', r));
const dir = mkdtempSync('/tmp/incident-desk-bench16/profile-');
cpSync(SEED_DIR, dir, { recursive: true });
const ctx = await chromium.launchPersistentContext(dir, { executablePath: '/usr/bin/chromium', headless: true, args: ARGS, serviceWorkers: 'block' });
const out = {};
try {
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  await page.goto(`${BASE}__seed__`);
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const profiled = async (label, f) => {
    await cdp.send('Profiler.start');
    const t0 = Date.now();
    await f();
    const wall = Date.now() - t0;
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(`/tmp/bench16-${label}.cpuprofile`, JSON.stringify(profile));
    out[label] = { wall, ...summarise(profile) };
    log(label, wall, 'ms');
  };
  await profiled('start', async () => {
    await page.goto(`${BASE}#/`);
    await page.getByTestId('incident-row').first().waitFor({ timeout: 600_000 });
  });
  // What keeps the main thread busy after the first screen (chain checks, writes queued at start).
  await profiled('after-start', () => page.waitForTimeout(AFTER));
  await page.evaluate(() => { location.hash = '#/incident/big5k'; });
  await page.getByTestId('integrity').waitFor({ timeout: 120_000 });
  await page.waitForTimeout(2000);
  await profiled('notes', async () => {
    for (let i = 0; i < NOTES; i++) {
      await page.getByTestId('add-note').click();
      await page.locator('#record-text').fill(`剖析记录 ${i}`);
      await page.locator('form.record-form button[type=submit]').click();
      await page.locator('#record-saved.saved').waitFor({ timeout: 60_000 });
    }
  });
  await profiled('ledger-open', async () => {
    await page.evaluate(() => { location.hash = '#/incident/ledger10k/transfers'; });
    await page.getByTestId('ledger-row').first().waitFor({ timeout: 120_000 });
  });
  await page.waitForTimeout(1000);
  const form = page.getByRole('form', { name: '登记柜面转账' });
  await profiled('transfers', async () => {
    for (let i = 0; i < TRANSFERS; i++) {
      await form.getByLabel('银转期').check();
      await form.locator('#tr-customer').fill('新客户');
      await form.locator('#tr-bank-account').fill('6222020099990000');
      await form.locator('#tr-company').selectOption('期货1');
      await form.locator('#tr-futures-account').fill('81234567');
      await form.locator('#tr-amount').fill(String(200 + i));
      await form.locator('#tr-voucher').fill(`PROF-${i}`);
      await form.locator('#tr-reviewer').fill('乙');
      await page.getByTestId('save-transfer').click();
      await page.locator('[data-testid=transfer-saved].saved').waitFor({ timeout: 60_000 });
      await page.waitForTimeout(100);
    }
  });
} finally {
  await ctx.close();
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
for (const [k, v] of Object.entries(out)) {
  console.log(`\n## ${k}: ${v.wall} ms wall, ${v.total} ms sampled (${v.idle} idle)\nself:\n  ${v.self.join('\n  ')}\ninclusive:\n  ${v.inclusive.join('\n  ')}`);
}
