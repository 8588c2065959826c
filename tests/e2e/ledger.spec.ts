// Manual business during the outage (第十九条–第二十一条), as branch staff do it.
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { freezeAt, signIn, recordIncident } from './helpers';

async function openLedger(page: Page) {
  await freezeAt(page, '2026-11-23T10:30:00');
  await page.goto('/');
  await signIn(page, '王经办', '郑州分行营业部');
  await recordIncident(page, { title: '银期转账系统中断', discovered: '2026-11-23T10:02', started: '2026-11-23T10:00', phenomenon: '系统异常', futuresCompanies: '甲期货' });
  await page.getByTestId('to-transfers').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('柜面转账台账');
}

async function transfer(page: Page, t: { direction: '银转期' | '期转银'; customer: string; account: string; futures: string; amount: string; voucher: string }) {
  const form = page.getByRole('form', { name: '登记柜面转账' });
  await form.getByLabel(t.direction).check();
  await form.locator('#tr-customer').fill(t.customer);
  await form.locator('#tr-bank-account').fill(t.account);
  await form.locator('#tr-company').selectOption('甲期货');
  await form.locator('#tr-futures-account').fill(t.futures);
  await form.locator('#tr-amount').fill(t.amount);
  await form.locator('#tr-voucher').fill(t.voucher);
  await form.locator('#tr-reviewer').fill('李复核');
  await page.getByTestId('save-transfer').click();
}

test('five counter transfers, a bad amount refused, CSV out, a confirmation list with one mismatch', async ({ page }) => {
  await openLedger(page);
  const slips = [
    { direction: '银转期', customer: '张三', account: '6222 0200 1234 1001', futures: '80010001', amount: '1,234.56', voucher: 'V001' },
    { direction: '银转期', customer: '李四', account: '6222020012341002', futures: '80010002', amount: '50000', voucher: 'V002' },
    { direction: '期转银', customer: '王五', account: '6222020012341003', futures: '80010003', amount: '8,000.10', voucher: 'V003' },
    { direction: '银转期', customer: '赵六', account: '6222020012341004', futures: '80010004', amount: '99.99', voucher: 'V004' },
    { direction: '期转银', customer: '钱七', account: '6222020012341005', futures: '80010005', amount: '300', voucher: 'V005' },
  ] as const;
  // A slipped amount first: three decimals.
  await transfer(page, { ...slips[0], amount: '1234.567' });
  await expect(page.locator('#tr-amount-error')).toHaveText('金额最多两位小数（精确到分）');
  await expect(page.getByTestId('transfer-errors')).toContainText('未登记');
  await expect(page.getByTestId('ledger-row')).toHaveCount(0);
  // The same person cannot review their own slip.
  await page.locator('#tr-amount').fill('1,234.56');
  await page.locator('#tr-reviewer').fill('王经办');
  await page.getByTestId('save-transfer').click();
  await expect(page.locator('#tr-reviewer-error')).toContainText('双人复核');

  for (const s of slips) {
    await transfer(page, s);
    await expect(page.getByTestId('transfer-saved')).toContainText(s.customer);
  }
  await expect(page.getByTestId('transfer-saved')).toContainText('叁佰元整');
  await expect(page.getByTestId('ledger-row')).toHaveCount(5);
  await expect(page.getByTestId('ledger-row').first()).toContainText('6222 **** **** 1005');
  // The two directions are totalled apart, never added together.
  await expect(page.getByTestId('total-银转期')).toHaveText('51,334.55');
  await expect(page.getByTestId('total-期转银')).toHaveText('8,300.10');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-transfers').click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv).toContain('银转期,张三,6222 **** **** 1001,甲期货,****0001,');
  expect(csv).toContain('"1,234.56",壹仟贰佰叁拾肆元伍角陆分,V001');
  expect(csv).toMatch(/记录校验值,[0-9a-f]{64}\r\n$/);

  // The futures company's list: V003 came back with a different amount.
  const list = ['凭证号,业务类型,期货资金账号,金额', 'V001,银转期,80010001,1234.56', 'V002,银转期,80010002,50000.00',
    'V003,期转银,80010003,8000.01', 'V004,银转期,80010004,99.99', 'V005,期转银,80010005,300.00'].join('\n');
  await page.getByTestId('recon-company').selectOption('甲期货');
  await page.getByTestId('import-confirmations').setInputFiles({ name: 'jia.csv', mimeType: 'text/csv', buffer: Buffer.from(list, 'utf8') });
  await expect(page.getByTestId('recon-message')).toContainText('已导入甲期货对账清单 5 行');
  await expect(page.getByTestId('recon-summary')).toHaveText('有 1 笔不一致，请逐笔核实。');
  const bad = page.getByTestId('recon-line').filter({ hasText: 'V003' });
  await expect(bad).toContainText('金额 本行 8,000.10 / 对方 8,000.01');
  await expect(bad).toHaveClass(/mismatch/);

  const [sheet] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-recon').click()]);
  expect(readFileSync(await sheet.path(), 'utf8')).toContain('V003,"8,000.10","8,000.01",4,"不一致：金额 本行 8,000.10 / 对方 8,000.01"');
  await page.getByRole('button', { name: '将一致的记为已对账' }).click();
  await expect(page.getByTestId('ledger-row').filter({ hasText: 'V001' })).toContainText('已对账');
  await expect(page.getByTestId('ledger-row').filter({ hasText: 'V003' })).toContainText('已登记');

  // A mistake is reversed, not deleted, and the totals follow.
  const v004 = page.getByTestId('ledger-row').filter({ hasText: 'V004' });
  await v004.getByRole('button', { name: '冲正…' }).click();
  const rev = page.getByRole('form', { name: '冲正' });
  await rev.getByLabel('冲正凭证号').fill('CZ004');
  await rev.getByLabel('复核人').fill('李复核');
  await rev.getByLabel('原因').fill('客户撤回');
  await rev.getByRole('button', { name: '确认冲正' }).click();
  await expect(page.getByTestId('ledger-row')).toHaveCount(6);
  await expect(page.getByTestId('total-银转期')).toHaveText('51,234.56');
  // The corrected slip is booked again under the voucher the futures company knows.
  await transfer(page, { direction: '银转期', customer: '赵六', account: '6222020012341004', futures: '80010004', amount: '99.00', voucher: 'V004' });
  await expect(page.getByTestId('transfer-saved')).toContainText('赵六');
  await expect(page.getByTestId('total-银转期')).toHaveText('51,333.56');
  // A reversal's voucher is taken, whatever the case.
  await transfer(page, { direction: '银转期', customer: '孙八', account: '6222020012341008', futures: '80010008', amount: '1', voucher: 'cz004' });
  await expect(page.locator('#tr-voucher-error')).toContainText('已登记');
  const [again] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-transfers').click()]);
  const csv2 = readFileSync(await again.path(), 'utf8');
  expect(csv2).toContain(',-99.99,负玖拾玖元玖角玖分,CZ004,');
  expect(csv2).not.toContain("'-99.99");

  // The hand-over list prints accounts in full and a total equal to its rows.
  await page.getByRole('link', { name: '打印交接清单' }).click();
  await expect(page.getByTestId('print-table')).toContainText('6222020012341001');
  await expect(page.getByTestId('print-total')).toContainText('银转期合计（扣除冲正）：3 笔，¥51,333.56');
  await expect(page.getByTestId('print-total')).toContainText('期转银合计（扣除冲正）：2 笔，¥8,300.10');
});

test('a confirmation list with a bad line is refused whole, with the line number', async ({ page }) => {
  await openLedger(page);
  await transfer(page, { direction: '银转期', customer: '张三', account: '6222020012341001', futures: '80010001', amount: '100', voucher: 'V001' });
  await page.getByTestId('recon-company').selectOption('甲期货');
  const list = '凭证号,期货资金账号,金额\nV001,80010001,100\nV002,80010002,一百\n';
  await page.getByTestId('import-confirmations').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(list, 'utf8') });
  await expect(page.getByTestId('recon-message')).toContainText('对账清单未导入');
  await expect(page.getByTestId('recon-import-errors')).toContainText('第 3 行：金额：金额只能由数字');
  await expect(page.getByTestId('recon-table')).toHaveCount(0);
});

test('exchange movements: checklist, ledger totals, reconciliation tick', async ({ page }) => {
  await openLedger(page);
  await page.getByRole('link', { name: '← 返回事件' }).click();
  await page.getByTestId('to-exchange').click();
  await page.getByTestId('step-dce-counter').check();
  await expect(page.getByTestId('step-dce-counter')).toBeDisabled();
  const form = page.getByRole('form', { name: '登记出入金' });
  await form.getByLabel('会员（期货公司）').selectOption('甲期货');
  await form.getByLabel('付款账号').fill('6222020012341234');
  await form.getByLabel('收款账号').fill('6222020099998888');
  await form.getByLabel('金额（元）').fill('2,000,000.00');
  await form.getByLabel('交易所指令编号').fill('DCE-OUT-001');
  await form.getByLabel('复核人').fill('李复核');
  await form.getByRole('button', { name: '登记' }).click();
  await expect(page.getByTestId('movement-totals')).toContainText('2,000,000.00');
  await page.getByRole('button', { name: '核对无误' }).click();
  await expect(page.getByTestId('movement-table')).toContainText('已核对');
  await form.getByLabel('交易所指令编号').fill('DCE-OUT-001');
  await form.getByLabel('付款账号').fill('6222020012341234');
  await form.getByLabel('收款账号').fill('6222020099998888');
  await form.getByLabel('金额（元）').fill('5');
  await form.getByRole('button', { name: '登记' }).click();
  await expect(page.getByTestId('movement-errors')).toContainText('已登记，请勿重复划转');
  // A mistaken movement is voided with a reason: kept on the list, out of the totals.
  await form.getByLabel('交易所指令编号').fill('DCE-OUT-002');
  await form.getByRole('button', { name: '登记' }).click();
  await expect(page.getByTestId('movement-totals')).toContainText('2,000,005.00');
  page.once('dialog', (d) => d.accept('金额录错'));
  await page.getByRole('button', { name: '作废…' }).click();
  await expect(page.getByTestId('movement-table')).toContainText('已作废：金额录错');
  await expect(page.getByTestId('movement-totals')).toContainText('2,000,000.00');
});

test('a data submission over an hour late becomes the working group\'s duty (第二十一条)', async ({ page }) => {
  await freezeAt(page, '2026-11-23T16:40:00');
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '数据报送线路中断', discovered: '2026-11-23T16:35', started: '2026-11-23T16:30', phenomenon: '系统异常' });
  await page.getByTestId('data-submission').click();
  await page.getByLabel(/应报送时间/).fill('2026-11-23T16:30');
  await page.getByLabel('情况说明').fill('日终数据未能报送监控中心');
  await page.getByRole('button', { name: '记录延迟' }).click();
  await expect(page.locator('[data-key^="data-submission-recovery"]')).toHaveCount(0);
  await page.clock.fastForward('51:00'); // 17:31
  const duty = page.locator('[data-key^="data-submission-recovery"]');
  await expect(duty).toContainText('排除数据报送故障');
  await expect(duty).toContainText('第二十一条');
});
