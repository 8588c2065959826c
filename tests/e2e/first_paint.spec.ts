// Issue 18: what a person sees before the wasm has run, what a browser too old to run it
// says, and how the build is served (compressed copies, cache rules).
import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = path.resolve(__dirname, '../../dist');
const built = (pattern: RegExp) => readdirSync(dist).find((f) => pattern.test(f))!;
const wasmName = built(/^incident-desk-[0-9a-f]+_bg\.wasm$/);
const glueName = built(/^incident-desk-[0-9a-f]+\.js$/);
const shots = 'test-results/screens';

/** Holds the wasm download until `release()`: the page shows what it has without it. */
async function holdWasm(page: Page) {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/*_bg.wasm', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** Layout shifts the page reports (the sum CLS counts), from before its first script. */
async function watchShifts(page: Page) {
  await page.addInitScript(() => {
    (window as any).__shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as any[]) if (!e.hadRecentInput) (window as any).__shift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

test('the frame and "正在载入…" show before the wasm arrives, and give way to the app without a shift', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await watchShifts(page);
  const release = await holdWasm(page);
  await page.goto('/#/');
  await expect(page.locator('#boot .brand')).toHaveText('应急处置台');
  await expect(page.getByRole('status').filter({ hasText: '正在载入…' })).toBeVisible();
  await expect(page.getByText('这个浏览器无法运行应急处置台')).toBeHidden();
  await expect(page.locator('html')).toHaveAttribute('data-browser', 'ok');
  // Styled by the app's own stylesheet: the header's red rule is there already.
  const rule = await page.locator('#boot .topbar').evaluate((e) => getComputedStyle(e).borderBottomColor);
  expect(rule).toBe('rgb(155, 28, 28)');
  await page.screenshot({ path: `${shots}/first-paint-zh-1366.png` });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: `${shots}/first-paint-zh-1920.png` });

  release();
  await expect(page.locator('main#main nav, main#main h1, main#main button').first()).toBeVisible();
  await expect(page.locator('#boot')).toHaveCount(0);
  await expect(page.locator('header.topbar')).toHaveCount(1);
  const shift = await page.evaluate(() => (window as any).__shift);
  expect(shift).toBeLessThan(0.1);
});

test('a workstation that chose English sees "Loading…" in English', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.addInitScript(() => localStorage.setItem('incident-desk:setting:lang', '"en"'));
  const release = await holdWasm(page);
  await page.goto('/#/');
  await expect(page.getByText('Loading…')).toBeVisible();
  await expect(page.getByText('正在载入…')).toBeHidden();
  await page.screenshot({ path: `${shots}/first-paint-en-1920.png` });
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.screenshot({ path: `${shots}/first-paint-en-1366.png` });
  release();
  await expect(page.locator('#boot')).toHaveCount(0);
});

test('English chosen but its text missing from the site: the screen is in Chinese and says why, in both', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.addInitScript(() => localStorage.setItem('incident-desk:setting:lang', '"en"'));
  await page.route('**/en.json', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto('/#/');
  await expect(page.getByRole('heading', { name: '事件列表' })).toBeVisible();
  const notice = page.getByTestId('english-missing');
  await expect(notice).toContainText('英文界面的文本未能载入');
  await expect(notice).toContainText('The English text could not be loaded');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.screenshot({ path: `${shots}/english-missing-1366.png` });
});

test('a browser without WebAssembly is told why and what to use, and downloads nothing of the app', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.addInitScript(() => { delete (window as any).WebAssembly; });
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(r.url()));
  await page.goto('/#/');
  const alert = page.getByRole('alert').filter({ hasText: '这个浏览器无法运行应急处置台' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Chrome');
  await expect(alert).toContainText('incident-desk.html');
  await expect(alert.getByText('This browser cannot run Incident Desk')).toBeVisible();
  await expect(page.getByText('正在载入…')).toBeHidden();
  expect(await page.evaluate(() => (window as any).__deskMissing)).toEqual(['WebAssembly']);
  await page.waitForTimeout(500);
  expect(fetched.filter((u) => u.endsWith('.wasm') || u.endsWith(glueName) || /__wasm_split-[0-9a-f]+\.js$/.test(u))).toEqual([]);
  await page.screenshot({ path: `${shots}/old-browser-1366.png` });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: `${shots}/old-browser-1920.png` });
});

test('a program file that does not load says so instead of loading for ever', async ({ page }) => {
  await page.route('**/*_bg.wasm', (route) => route.abort());
  await page.goto('/#/');
  await expect(page.getByRole('alert').filter({ hasText: '应急处置台未能启动' })).toBeVisible();
  await expect(page.getByText('正在载入…')).toBeHidden();
});

test('the single file says the same to an old browser, and starts in a new one', async ({ page }) => {
  test.setTimeout(120_000);
  const file = pathToFileURL(path.join(dist, 'incident-desk.html')).href;
  await page.goto(file);
  await expect(page.locator('main#main nav, main#main h1, main#main button').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('#boot')).toHaveCount(0);
  // A screen of the second module, read from inside the file (a file:// page fetches nothing).
  await page.evaluate(() => { location.hash = '#/settings'; });
  await expect(page.getByRole('heading', { name: '设置' })).toBeVisible();

  const old = await page.context().newPage();
  await old.addInitScript(() => { delete (window as any).WebAssembly; });
  await old.goto(file);
  await expect(old.getByRole('alert').filter({ hasText: '这个浏览器无法运行应急处置台' })).toBeVisible();
  await expect(old.locator('#boot')).toHaveCount(1);
});

test('assets go out compressed, hashed ones cached for good, the page and worker checked each time', async ({ request }) => {
  const wasm = await request.get(`/${wasmName}`, { headers: { 'Accept-Encoding': 'br, gzip' } });
  expect(wasm.status()).toBe(200);
  expect(wasm.headers()['content-encoding']).toBe('br');
  expect(wasm.headers()['content-type']).toBe('application/wasm');
  expect(wasm.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(wasm.headers()['vary']).toBe('Accept-Encoding');
  // What arrives, decoded, is the module itself.
  expect(Buffer.compare(await wasm.body(), readFileSync(path.join(dist, wasmName)))).toBe(0);
  expect(Number(wasm.headers()['content-length'])).toBeLessThan(readFileSync(path.join(dist, wasmName)).length / 2);

  // The second module and its loader are named by content too: cached for good, and a page of
  // an earlier build never takes a later build's module.
  for (const name of readdirSync(dist).filter((f) => /^((split|chunk)_.*\.wasm|__wasm_split-.*\.js)$/.test(f))) {
    expect(name).toMatch(/-[0-9a-f]{16}\.(wasm|js)$/);
    const r = await request.get(`/${name}`, { headers: { 'Accept-Encoding': 'br' } });
    expect(r.headers()['cache-control'], name).toBe('public, max-age=31536000, immutable');
  }
  const gz = await request.get(`/${glueName}`, { headers: { 'Accept-Encoding': 'gzip' } });
  expect(gz.headers()['content-encoding']).toBe('gzip');
  const plain = await request.get(`/${glueName}`, { headers: { 'Accept-Encoding': 'identity' } });
  expect(plain.headers()['content-encoding']).toBeUndefined();

  for (const page of ['/', '/index.html', '/sw.js']) {
    const r = await request.get(page, { headers: { 'Accept-Encoding': 'br' } });
    expect(r.headers()['cache-control'], page).toBe('no-cache');
    // Checked, not fetched again: the same ETag answers 304.
    const again = await request.get(page, { headers: { 'Accept-Encoding': 'br', 'If-None-Match': r.headers()['etag'] } });
    expect(again.status(), page).toBe(304);
  }
});

test('the browser check asks for every WebAssembly feature the build uses, and only those', () => {
  const check = readFileSync(path.resolve(__dirname, '../../public/browser-check.js'), 'utf8');
  const listed = [...check.matchAll(/^\s*'([a-z-]+)': \[/gm)].map((m) => m[1]);
  expect(listed.length).toBeGreaterThan(0);
  const wasmOpt = path.resolve(__dirname, '../../node_modules/.bin/wasm-opt');
  // The module names the features it was compiled for (its target_features section), which
  // binaryen would take as allowed: a copy without it shows what the code itself uses.
  const every = ['sign-ext', 'mutable-globals', 'nontrapping-float-to-int', 'bulk-memory', 'bulk-memory-opt', 'multivalue',
    'reference-types', 'call-indirect-overlong'];
  mkdirSync(test.info().outputDir, { recursive: true });
  const stripped = (name: string) => {
    const out = path.join(test.info().outputDir, `no-target-features-${name}`);
    execFileSync(wasmOpt, [path.join(dist, name), '--mvp-features', ...every.map((f) => `--enable-${f}`), '--strip-target-features', '-o', out], { stdio: 'pipe' });
    return out;
  };
  const module = stripped(wasmName);
  const later = readdirSync(dist).filter((f) => /^(split|chunk)_.*\.wasm$/.test(f));
  expect(later.length).toBeGreaterThan(1);
  // Binaryen validates a module with only the features named: all listed suffice, for both…
  const validates = (features: string[], which = module) => {
    try {
      execFileSync(wasmOpt, [which, '--mvp-features', ...features.map((f) => `--enable-${f}`), '-o', '/dev/null'], { stdio: 'pipe' });
      return true;
    } catch {
      return false;
    }
  };
  expect(validates(listed), `the build needs more than ${listed.join(', ')}`).toBe(true);
  for (const name of later) expect(validates(listed, stripped(name)), `${name} needs more than ${listed.join(', ')}`).toBe(true);
  // …and each is needed (a check that asks for more turns away browsers that would run it).
  for (const f of listed) expect(validates(listed.filter((x) => x !== f)), `${f} is not used by the build`).toBe(false);
});

test('the screens used less often come in a module fetched after the first screen; one that does not arrive is said, and tried again', async ({ page }) => {
  const chunk = readdirSync(dist).find((f) => /^split_later_screens-.*\.wasm$/.test(f));
  expect(chunk, 'build_wasm.mjs splits the later screens off').toBeTruthy();
  // The first screen draws without it; it is fetched once that screen is painted.
  let fetchedAt: number | null = null;
  let drawnAt: number | null = null;
  page.on('request', (r) => { if (r.url().endsWith(chunk!)) fetchedAt ??= Date.now(); });
  await page.goto('/#/');
  await expect(page.locator('main#main nav, main#main h1, main#main button').first()).toBeVisible();
  drawnAt = Date.now();
  await expect.poll(() => fetchedAt).not.toBeNull();
  expect(fetchedAt!).toBeGreaterThanOrEqual(drawnAt - 1000);
  await page.goto('/#/settings');
  await expect(page.getByRole('heading', { name: '设置' })).toBeVisible();

  // A fresh page whose second module cannot be had (the server gone): the screen says so,
  // the list still works, and once the server answers again the screen opens.
  const other = await page.context().browser()!.newContext({ serviceWorkers: 'block' });
  const p2 = await other.newPage();
  await p2.route(`**/${chunk}`, (route) => route.abort());
  await p2.goto('/#/settings');
  await expect(p2.getByTestId('screen-not-loaded')).toContainText('这一页未能载入');
  await p2.setViewportSize({ width: 1366, height: 768 });
  await p2.screenshot({ path: `${shots}/later-screen-not-loaded-zh-1366.png` });
  await p2.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '事件' }).click();
  await expect(p2.locator('main#main h1').first()).toBeVisible();
  // Back to it while the server is still gone: said again. Once it answers, 再试一次 opens it
  // in place (no reload, which could lose an entry not yet stored).
  await p2.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '设置' }).click();
  await expect(p2.getByTestId('screen-not-loaded')).toBeVisible();
  await p2.unroute(`**/${chunk}`);
  await p2.getByTestId('screen-not-loaded').getByTestId('retry-module').click();
  await expect(p2.getByRole('heading', { name: '设置' })).toBeVisible();
  await other.close();

  // The same, on an English screen.
  const english = await page.context().browser()!.newContext({ serviceWorkers: 'block', viewport: { width: 1920, height: 1080 } });
  const p3 = await english.newPage();
  await p3.addInitScript(() => localStorage.setItem('incident-desk:setting:lang', '"en"'));
  await p3.route(`**/${chunk}`, (route) => route.abort());
  await p3.goto('/#/settings');
  await expect(p3.getByTestId('screen-not-loaded')).toContainText('This page could not be loaded');
  await p3.screenshot({ path: `${shots}/later-screen-not-loaded-en-1920.png` });
  await english.close();
});
