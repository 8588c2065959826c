// Counterparties of the ledgers (issue 12, item 4): a futures company is picked from
// those the app knows, a typo never becomes a counterparty of its own, a new one is
// added only on purpose; capitals show while the amount is typed; an exchange movement
// needs a second person.
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { freezeAt, signIn, recordIncident, plantStoredIncident, storedFacts } from './helpers';

const DIRECTORY = '类别,单位,职务/角色,姓名,办公电话,手机,传真,邮箱\r\n期货公司,大连良运期货经纪有限公司,结算部,值班室,0411-84808888,,,\r\n';

/** The directory knows one futures company, the incident names another. */
async function openIncident(page: Page) {
  await freezeAt(page, '2026-11-23T10:30:00');
  await page.goto('/');
  await signIn(page, '王经办', '大连分行营业部');
  await page.goto('/#/contacts');
  await page.getByTestId('import-csv').setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(DIRECTORY, 'utf8') });
  await page.getByTestId('confirm-import').click(); // the import is previewed first
  await expect(page.getByTestId('contacts-message')).toContainText('新增 1 人');
  await page.goto('/#/');
  await recordIncident(page, { title: '银期转账系统中断', discovered: '2026-11-23T10:02', started: '2026-11-23T10:00', phenomenon: '系统异常', futuresCompanies: '甲期货' });
  await expect(page.getByTestId('incident-page')).toBeVisible();
}

async function fillSlip(page: Page, s: { customer: string; account: string; futures: string; amount: string; voucher: string }) {
  const form = page.getByRole('form', { name: '登记柜面转账' });
  await form.getByLabel('银转期').check();
  await form.locator('#tr-customer').fill(s.customer);
  await form.locator('#tr-bank-account').fill(s.account);
  await form.locator('#tr-futures-account').fill(s.futures);
  await form.locator('#tr-amount').fill(s.amount);
  await form.locator('#tr-voucher').fill(s.voucher);
  await form.locator('#tr-reviewer').fill('李复核');
}

const totalsLines = (page: Page) => page.getByTestId('ledger-totals').locator('tbody tr');

test('a counterparty is picked from those known; a typo makes no totals line; a new company is added on purpose', async ({ page }) => {
  await openIncident(page);
  await page.getByTestId('to-transfers').click();
  const company = page.locator('#tr-company');
  // The directory's company and the incident's, each in its group.
  await expect(company.locator('optgroup[label="通讯录中的期货公司"] option')).toHaveText(['大连良运期货经纪有限公司']);
  await expect(company.locator('optgroup[label="本事件涉及的期货公司"] option')).toHaveText(['甲期货']);

  // Capitals while typing, and a plain reason when the amount is not one.
  const words = page.getByTestId('tr-amount-words');
  await expect(words).toContainText('输入金额后');
  await page.locator('#tr-amount').pressSequentially('1234.5');
  await expect(words).toHaveText('大写：壹仟贰佰叁拾肆元伍角');
  await page.locator('#tr-amount').pressSequentially('67');
  await expect(words).toHaveText('无法显示大写：金额最多两位小数（精确到分）');
  await expect(words).toHaveClass(/invalid/);
  await expect(page.getByTestId('ledger-row')).toHaveCount(0);

  await fillSlip(page, { customer: '张三', account: '6222020012341001', futures: '80010001', amount: '5,000,000', voucher: 'V001' });
  await expect(words).toHaveText('大写：伍佰万元整');
  await company.selectOption('甲期货');
  await page.getByTestId('save-transfer').click();
  await expect(page.getByTestId('transfer-saved')).toContainText('伍佰万元整');
  await expect(page.getByTestId('ledger-row')).toHaveCount(1);
  await expect(page.getByTestId('ledger-row').first()).toContainText('伍佰万元整');
  await expect(totalsLines(page)).toHaveCount(1);

  // Nothing to type into: the mistyped name can only come in by the add control, which
  // names the company it is close to and will not add it without a confirmation.
  await page.getByTestId('tr-company-add-open').click();
  await page.getByTestId('tr-company-new-name').fill('大连良运');
  await expect(page.locator('#tr-company-add')).toContainText('注意：与已有的“大连良运期货经纪有限公司”相近。');
  await page.getByTestId('tr-company-new-add').click();
  await expect(page.getByTestId('tr-company-new-problem')).toContainText('若是同一家，请取消并在列表中选择');
  await page.getByTestId('tr-company-new-name').fill('甲 期货');
  await page.getByTestId('tr-company-new-confirm').check();
  await page.getByTestId('tr-company-new-add').click();
  await expect(page.getByTestId('tr-company-new-problem')).toHaveText('“甲期货”已在列表中，请直接选择，不必新增');
  await page.locator('#tr-company-add').getByRole('button', { name: '取消' }).click();
  await expect(page.locator('#tr-company-add')).toHaveCount(0);
  await expect(company).toBeFocused();

  // Even a name slipped past the list (an old form, a pasted value) is refused by the rules.
  await fillSlip(page, { customer: '李四', account: '6222020012341002', futures: '80010002', amount: '300', voucher: 'V002' });
  await company.evaluate((el: HTMLSelectElement) => {
    el.add(new Option('大连良运', '大连良运'));
    el.value = '大连良运';
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await page.getByTestId('save-transfer').click();
  await expect(page.locator('#tr-company-error')).toContainText('“大连良运”不是已知的期货公司，是否为“大连良运期货经纪有限公司”？');
  await expect(page.getByTestId('transfer-errors')).toContainText('未登记');
  await expect(page.getByTestId('ledger-row')).toHaveCount(1);
  await expect(totalsLines(page)).toHaveCount(1);
  await expect(page.getByTestId('recon-company').locator('option')).toHaveText(['（请选择）', '甲期货']);

  // A new company, on purpose and by keyboard alone: open, name it, confirm, add.
  await page.getByTestId('tr-company-add-open').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tr-company-new-name')).toBeFocused();
  await expect(page.locator('#tr-company-add')).toContainText('新增的期货公司将成为本事件新的交易对手');
  await page.keyboard.type('乙期货有限公司');
  await page.keyboard.press('Enter'); // not yet confirmed
  await expect(page.getByTestId('tr-company-new-problem')).toContainText('请勾选确认');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('tr-company-new-confirm')).toBeFocused();
  await expect(page.locator('label[for="tr-company-new-confirm"]')).toContainText('我确认“乙期货有限公司”是一家新的期货公司');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('tr-company-new-add')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#tr-company-add')).toHaveCount(0);
  await expect(page.locator('.company-picker [role="status"]')).toHaveText('已新增期货公司“乙期货有限公司”，并已选中。');
  await expect(company).toHaveValue('乙期货有限公司');
  await expect(company).toBeFocused();
  await expect(company.locator('optgroup[label="本事件新增的期货公司"] option')).toHaveText(['乙期货有限公司']);
  await page.getByTestId('save-transfer').click();
  await expect(page.getByTestId('transfer-saved')).toContainText('李四');
  await expect(totalsLines(page)).toHaveCount(2);
  await expect(page.getByTestId('ledger-totals')).toContainText('乙期货有限公司');
  await expect(page.getByTestId('recon-company').locator('option')).toHaveText(['（请选择）', '乙期货有限公司', '甲期货']);

  // Kept in the log: after a reload it is still known, and the timeline says who added it.
  await page.reload();
  await expect(company.locator('optgroup[label="本事件新增的期货公司"] option')).toHaveText(['乙期货有限公司']);
  await page.getByRole('link', { name: '← 返回事件' }).click();
  await expect(page.getByTestId('incident-page')).toContainText('新增期货公司：乙期货有限公司');
});

test('an exchange movement needs a checker other than the maker, and carries its capitals', async ({ page }) => {
  await openIncident(page);
  await page.getByTestId('to-exchange').click();
  const form = page.getByRole('form', { name: '登记出入金' });
  await form.getByLabel('会员（期货公司）').selectOption('大连良运期货经纪有限公司');
  await form.getByLabel('付款账号').fill('6222020012341234');
  await form.getByLabel('收款账号').fill('6222020099998888');
  await form.getByLabel('金额（元）').pressSequentially('5000000');
  await expect(page.getByTestId('mv-amount-words')).toHaveText('大写：伍佰万元整');
  await form.getByLabel('交易所指令编号').fill('DCE-OUT-001');
  // No checker: refused, the message beside the field.
  await page.getByTestId('save-movement').click();
  await expect(page.locator('#mv-reviewer-error')).toHaveText('请填写复核人');
  await expect(page.getByTestId('movement-errors')).toContainText('未登记');
  // The maker as checker: refused.
  await form.getByLabel('复核人').fill('王经办');
  await page.getByTestId('save-movement').click();
  await expect(page.locator('#mv-reviewer-error')).toHaveText('复核人不能与经办人为同一人（双人复核）');
  await expect(page.getByTestId('movement-row')).toHaveCount(0);
  await expect(page.getByTestId('movement-totals').locator('tbody tr')).toHaveCount(0);
  // Two people: recorded, with its capitals and its checker.
  await form.getByLabel('复核人').fill('李复核');
  await page.getByTestId('save-movement').click();
  await expect(page.getByTestId('movement-saved')).toContainText('伍佰万元整');
  await expect(page.getByTestId('movement-errors')).toHaveCount(0);
  const row = page.getByTestId('movement-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('5,000,000.00');
  await expect(row).toContainText('伍佰万元整');
  await expect(row).toContainText('李复核');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv).toContain('会员,付款账号,收款账号,金额,金额大写,指令编号,方式,经办,复核,核对');
  expect(csv).toContain('大连良运期货经纪有限公司,6222 **** **** 1234,6222 **** **** 8888,"5,000,000.00",伍佰万元整,DCE-OUT-001,手工,王经办,李复核,否');

  await page.getByRole('link', { name: '打印交接清单' }).click();
  const printed = page.getByTestId('print-table');
  await expect(printed).toContainText('伍佰万元整');
  await expect(printed).toContainText('李复核');
});

test('a movement stored before checkers existed still loads, and says it was not reviewed', async ({ page }) => {
  await freezeAt(page, '2026-11-23T10:30:00');
  await page.goto('/');
  const at = '2026-11-23T02:00:00Z';
  const facts = storedFacts('旧记录', at);
  const author = { name: '王五', role: '' };
  // As an earlier version stored it: no reviewer field on the movement.
  const movement = {
    id: 'm1', at, exchange: 'Dce', direction: 'Outflow', member: '甲期货', from_account: '6222020012341234',
    to_account: '6222020099998888', amount: 500000000, instruction: 'D-OLD-1', mode: 'Manual', operator: '王五', note: '',
  };
  const events = [
    { id: 'e0', occurred_at: at, recorded_at: at, author, kind: { type: 'Opened', facts, plan_id: 'bank-depository', plan_version: '1' } },
    { id: 'e1', occurred_at: at, recorded_at: at, author, kind: { type: 'MovementRecorded', movement } },
  ];
  await plantStoredIncident(page, 'old', events, '李复核');
  await page.goto('/#/incident/old/exchange');
  await page.reload();
  const row = page.getByTestId('movement-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('伍佰万元整');
  await expect(row.locator('.unreviewed')).toHaveText('未复核');
  // Its member stays pickable for the next movement.
  await expect(page.locator('#mv-member optgroup[label="台账中已使用的名称"] option')).toHaveText(['甲期货']);
});
