// Benchmark: a counter-transfer ledger of 10,000 entries stays usable.
// Seeds one incident with N TransferRecorded events straight into localStorage
// (the app's stored format), opens the ledger page of the release build in
// headless Chromium, and times: first render, a filter, clearing it, and
// recording one more transfer. Run: node bench/ledger.mjs [N]  (needs `make dist`).
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';

const N = Number(process.argv[2] ?? 10000);
const PORT = 4199;
const BASE = `http://127.0.0.1:${PORT}/`;

function seed(n) {
  const at = (m) => new Date(Date.UTC(2026, 10, 23, 2, 0, 0) + m * 1000).toISOString();
  const facts = {
    title: '基准测试：万笔台账', description: '', discovered_at: at(0), started_at: at(0), period: 'Daytime',
    phenomenon: { kind: 'System', subcategory: '' }, affected: [], parties: '', bank_caused: 'Unknown',
    reporting_unit: '', reporter: '', next_start_affected: 'Unknown',
  };
  const author = { name: '基准', role: '' };
  const events = [{ id: 'e0', occurred_at: at(0), recorded_at: at(0), author, kind: { type: 'Opened', facts, plan_id: 'bank-depository', plan_version: '1' } }];
  for (let i = 1; i <= n; i++) {
    const transfer = {
      id: `t${i}`, at: at(i), direction: i % 3 ? 'BankToFutures' : 'FuturesToBank', customer: `客户${i}`,
      bank_account: String(6222020000000000 + i), futures_company: `期货${i % 20}`, futures_account: String(80000000 + i),
      amount: 100 + (i * 7919) % 10000000, voucher: `V${String(i).padStart(6, '0')}`, operator: '甲', reviewer: '乙', note: '', reverses: null,
    };
    events.push({ id: `e${i}`, occurred_at: at(i), recorded_at: at(i), author, kind: { type: 'TransferRecorded', transfer } });
  }
  return JSON.stringify({ schema: 1, data: { id: 'bench', events } });
}

const server = spawn('node', ['scripts/serve.mjs', 'dist', String(PORT)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  await page.goto(BASE);
  const stored = seed(N);
  await page.evaluate(([v]) => {
    localStorage.clear();
    localStorage.setItem('incident-desk:schema', '1');
    localStorage.setItem('incident-desk:setting:operator', JSON.stringify({ name: '甲', role: '' }));
    localStorage.setItem('incident-desk:incident:bench', v);
  }, [stored]);
  const ms = async (f) => { const t = performance.now(); await f(); return performance.now() - t; };

  const open = await ms(async () => {
    await page.goto(`${BASE}#/incident/bench/transfers`);
    await page.reload();
    await page.getByTestId('ledger-row').first().waitFor();
  });
  const count = await page.getByTestId('ledger-count').textContent();
  const filter = await ms(async () => {
    await page.getByTestId('ledger-query').fill('V009999');
    await page.getByTestId('ledger-count').filter({ hasText: '共 1 笔' }).waitFor();
  });
  const clear = await ms(async () => {
    await page.getByTestId('ledger-query').fill('');
    await page.getByTestId('ledger-count').filter({ hasText: `共 ${N} 笔` }).waitFor();
  });
  const form = page.getByRole('form', { name: '登记柜面转账' });
  await form.getByLabel('银转期').check();
  await form.locator('#tr-customer').fill('新客户');
  await form.locator('#tr-bank-account').fill('6222020099990000');
  await form.locator('#tr-company').selectOption('期货1');
  await form.locator('#tr-futures-account').fill('81234567');
  await form.locator('#tr-amount').fill('100');
  await form.locator('#tr-voucher').fill('NEW-1');
  await form.locator('#tr-reviewer').fill('乙');
  const record = await ms(async () => {
    await page.getByTestId('save-transfer').click();
    await page.getByTestId('transfer-saved').waitFor();
  });
  const heap = await page.evaluate(() => performance.memory ? performance.memory.usedJSHeapSize : 0);
  const row = (k, v) => console.log(`| ${k} | ${v} |`);
  console.log(`\n| ledger of ${N} entries (${(stored.length / 1e6).toFixed(1)} M chars stored) | figure |\n| --- | --- |`);
  row('open the ledger page (load, fold, first 200 rows)', `${open.toFixed(0)} ms`);
  row('filter to one voucher', `${filter.toFixed(0)} ms`);
  row('clear the filter (back to all)', `${clear.toFixed(0)} ms`);
  row('record one more transfer (validate, append, save, redraw)', `${record.toFixed(0)} ms`);
  row('JS heap after', `${(heap / 1e6).toFixed(1)} MB`);
  row('count shown', count.trim());
} finally {
  await browser.close();
  server.kill();
}
