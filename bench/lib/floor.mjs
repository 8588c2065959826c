// What the benches share: the floor (bench/hello, a minimal Leptos 0.8 CSR page built the same
// way), serving a build with scripts/serve.mjs, and timing a cold start in headless Chromium.
import { chromium } from 'playwright-core';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const HELLO_DIR = process.env.HELLO_DIR ?? '/tmp/bench-hello';
export const TIMEOUT = 180_000; // a 5 MB store on a slow machine takes seconds, not minutes
export const log = (...a) => console.error('[bench]', ...a); // progress on stderr, results on stdout
export const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

/** Builds bench/hello with Trunk (offline, pinned tools), once. Returns its dist dir or null. */
export function buildHello() {
  if (process.env.NO_FLOOR) return null;
  if (existsSync(path.join(HELLO_DIR, 'index.html'))) return HELLO_DIR;
  log(`building the floor (bench/hello) into ${HELLO_DIR} …`);
  const home = process.env.CARGO_HOME ?? path.join(os.homedir(), '.cargo');
  const r = spawnSync('trunk', ['build', '--release', '--offline', '--dist', HELLO_DIR], {
    cwd: path.join(ROOT, 'bench', 'hello'),
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

/** scripts/serve.mjs on `port`, resolved once it listens. */
export function serve(dir, port) {
  const p = spawn('node', [path.join(ROOT, 'scripts', 'serve.mjs'), dir, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    p.stdout.once('data', () => resolve(p)); // it prints "serving …" once listening
    p.once('exit', (code) => reject(new Error(`serve.mjs ${dir} exited (${code})`)));
  });
}

export const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--enable-precise-memory-info'];

/** A fresh context per measurement: empty HTTP cache, no service worker (the app's precache
 *  would otherwise download everything a second time while we time the start). */
export const freshPage = async (browser) => {
  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  return { ctx, page: await ctx.newPage() };
};

/** Runs in every document before its scripts: notes when `selectors` are all in the DOM
 *  (performance.now() is measured from navigation start) and the frame after, and keeps
 *  the wasm memory that the loader hands out with its TrunkApplicationStarted event. */
export function watcher(selectors) {
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
 *  (the main thread is free again: the page can take input). `prepare(page)` runs on a 404
 *  page of the origin first (seeding storage) and returns what it stored. */
export async function coldStart(browser, base, selectors, { prepare = null, keep = false } = {}) {
  const { ctx, page } = await freshPage(browser);
  // The floor also starts from a 404 page of its origin, so both navigations reuse a live
  // renderer process and neither pays for spawning one.
  await page.goto(`${base}__seed__`);
  const stored = prepare ? await prepare(page) : 0;
  await page.addInitScript(watcher, selectors);
  await page.goto(`${base}#/`);
  await page.waitForFunction(() => window.__bench?.frame, null, { timeout: TIMEOUT, polling: 50 });
  // When the .wasm finished downloading: splits network from compile + start + first render.
  const b = await page.evaluate(() => ({ ...window.__bench, fetched: performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'))?.responseEnd }));
  if (!keep) await ctx.close();
  return { ...b, stored, ctx: keep ? ctx : null, page: keep ? page : null };
}

/** The app's build and the floor (when built) served on two loopback ports, and one headless
 *  Chromium for both: `{ APP, HELLO, helloDir, browser, servers }`. */
export async function serveBeside(appDir, appPort, helloPort) {
  const helloDir = buildHello();
  const servers = [await serve(appDir, appPort)];
  if (helloDir) servers.push(await serve(helloDir, helloPort));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  return { APP: `http://127.0.0.1:${appPort}/`, HELLO: `http://127.0.0.1:${helloPort}/`, helloDir, browser, servers };
}
