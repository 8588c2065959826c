import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
const DIST = process.argv[2] ?? 'dist';
const PORT = 4371, BASE = `http://127.0.0.1:${PORT}/`;
const server = spawn('node', ['scripts/serve.mjs', DIST, String(PORT)], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((r) => server.stdout.once('data', r));
const dir = mkdtempSync('/tmp/incident-desk-bench16/probe-');
cpSync(process.env.SEED_DIR ?? '/tmp/incident-desk-bench16/seeded', dir, { recursive: true });
const ctx = await chromium.launchPersistentContext(dir, { executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'], serviceWorkers: 'block' });
try {
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  await page.addInitScript(() => {
    const orig = IDBDatabase.prototype.transaction;
    window.__tx = [];
    IDBDatabase.prototype.transaction = function (...a) { const tx = orig.apply(this, a); const r = { names: String(a[0]), mode: a[1], t0: performance.now() }; window.__tx.push(r); tx.addEventListener('complete', () => { r.t1 = performance.now(); }); tx.addEventListener('abort', () => { r.t1 = -1; }); return tx; };
  });
  await page.goto(`${BASE}#/`);
  await page.getByTestId('incident-row').first().waitFor({ timeout: 600_000 });
  await page.waitForTimeout(9000);
  await page.evaluate(() => { location.hash = '#/incident/ledger10k/transfers'; });
  await page.getByTestId('ledger-row').first().waitFor({ timeout: 120_000 });
  await page.waitForTimeout(1500);
  const form = page.getByRole('form', { name: '登记柜面转账' });
  for (let i = 1; i <= Number(process.env.N ?? 8); i++) {
    await form.getByLabel('银转期').check();
    await form.locator('#tr-customer').fill('新客户');
    await form.locator('#tr-bank-account').fill('6222020099990000');
    await form.locator('#tr-company').selectOption('期货1');
    await form.locator('#tr-futures-account').fill('81234567');
    await form.locator('#tr-amount').fill(String(100 + i));
    await form.locator('#tr-voucher').fill(`PRB-${Date.now()}-${i}`);
    await form.locator('#tr-reviewer').fill('乙');
    if (process.env.WAIT) await page.waitForTimeout(Number(process.env.WAIT));
    const r = await page.evaluate(() => new Promise((resolve) => {
      const ev = [];
      const count = () => document.querySelector('[data-testid=ledger-count]')?.textContent ?? '';
      const before = count();
      let shown = null, confirmed = null;
      const t0 = performance.now();
      const stamp = (what) => ev.push(`${what}@${(performance.now() - t0).toFixed(1)}`);
      const frame = () => requestAnimationFrame(() => { stamp('raf'); if (confirmed == null) frame(); });
      frame();
      const mo = new MutationObserver(() => {
        if (shown == null && count() !== before) { shown = performance.now() - t0; stamp('shown'); }
        const fb = document.querySelector('[data-testid=transfer-saved]');
        if (fb && confirmed == null && fb.classList.contains('saved')) { confirmed = performance.now() - t0; stamp('confirmed'); mo.disconnect();
          const txs = window.__tx.filter((x) => x.t0 >= t0 - 1 || !x.t1 || x.t1 >= t0).map((x) => `tx(${x.names.slice(0, 30)} ${x.mode}) ${(x.t0 - t0).toFixed(1)}→${x.t1 ? (x.t1 - t0).toFixed(1) : '…'}`);
          setTimeout(() => resolve({ ev: ev.join(' '), txs }), 30);
        }
      });
      mo.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['class'] });
      const old = document.querySelector('[data-testid=transfer-saved]'); if (old) old.removeAttribute('data-testid');
      document.querySelector('[data-testid=save-transfer]').click();
      stamp('clicked');
    }));
    console.log(r.ev, '|', r.txs.join('; '));
    await page.waitForTimeout(150);
  }
} finally { await ctx.close(); server.kill(); rmSync(dir, { recursive: true, force: true }); }
