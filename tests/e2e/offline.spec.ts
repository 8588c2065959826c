// The offline cache covers the whole build.
import { test, expect } from '@playwright/test';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('the service worker precaches every file of the build under a versioned cache', async ({ page }) => {
  const built = filesUnder('dist')
    .map((p) => './' + relative('dist', p).split('\\').join('/'))
    // The single-file copy is for file:// and never served to the worker's pages: not precached (3 MB);
    // nor are the compressed copies (compress.mjs): the worker fetches the original, the server picks.
    .filter((p) => p !== './sw.js' && p !== './incident-desk.html' && !/\.(gz|br)$/.test(p))
    .sort();
  const response = await page.request.get('/sw.js');
  expect(response.ok()).toBe(true);
  const source = await response.text();
  const listed: string[] = JSON.parse(source.match(/const PRECACHE = (\[[^\]]*\])/)![1]);
  for (const file of built) expect(listed).toContain(file);
  expect(built.some((f) => f.endsWith('_bg.wasm'))).toBe(true);
  expect(source).toMatch(/incident-desk-[0-9a-f]{12}/);

  await page.goto('/');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  const caches: string[] = await page.evaluate(() => caches.keys());
  expect(caches).toHaveLength(1);
  expect(caches[0]).toMatch(/^incident-desk-[0-9a-f]{12}$/);
});

test('the app is installable: manifest with icons', async ({ page }) => {
  const manifest = await (await page.request.get('/manifest.webmanifest')).json();
  expect(manifest.name).toContain('应急处置台');
  const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of manifest.icons) {
    const r = await page.request.get('/' + icon.src.replace(/^\.\//, ''));
    expect(r.ok()).toBe(true);
  }
});

test('a new build waits until the user clicks “新版本可用，点击刷新”', async ({ browser }) => {
  const { mkdtempSync, cpSync, readFileSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { spawn } = await import('node:child_process');
  // A private copy of the build on its own port, so this test can "deploy" a new version.
  const dir = mkdtempSync(join(tmpdir(), 'incident-desk-'));
  cpSync('dist', dir, { recursive: true });
  const port = 4183;
  const server = spawn('node', ['scripts/serve.mjs', dir, String(port)], { stdio: 'ignore' });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const base = `http://127.0.0.1:${port}/`;
    for (let i = 0; i < 50; i++) {
      try { await page.goto(base); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
    }
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.waitForFunction(() => !!navigator.serviceWorker.controller);
    const before: string[] = await page.evaluate(() => caches.keys());

    // Deploy: same files, a new version of the worker.
    const sw = readFileSync(join(dir, 'sw.js'), 'utf8');
    const version = sw.match(/const VERSION = '([0-9a-f]+)'/)![1];
    writeFileSync(join(dir, 'sw.js'), sw.split(version).join('0123456789ab'));
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r!.update()));

    const banner = page.getByRole('button', { name: '新版本可用，点击刷新' });
    await expect(banner).toBeVisible();
    // Nothing changed yet: the old version still serves the page.
    expect(await page.evaluate(() => caches.keys())).toContain(before[0]);

    await Promise.all([page.waitForEvent('load'), banner.click()]);
    await expect.poll(() => page.evaluate(() => caches.keys())).toEqual(['incident-desk-0123456789ab']);
    await expect(page.getByRole('heading', { name: '事件列表' })).toBeVisible();
  } finally {
    await context.close();
    server.kill();
  }
});
