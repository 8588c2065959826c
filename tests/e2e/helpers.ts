import { expect, type Page } from '@playwright/test';

/** Beijing wall-clock time as an instant, e.g. bj('2026-11-23T09:06:00'). */
export const bj = (local: string) => new Date(`${local}+08:00`);

/**
 * Freeze the page's clock at a Beijing time: Date, timers and the app's 1 s
 * tick then move only when the test says (fastForward), so times are exact.
 */
export async function freezeAt(page: Page, local: string) {
  const at = bj(local);
  await page.clock.install({ time: new Date(at.getTime() - 1000) });
  await page.clock.pauseAt(at);
}

/** Sign in as the duty officer (the header asks on first use). */
export async function signIn(page: Page, name = '王值班', role = '总行应急处置工作小组') {
  await page.getByLabel('姓名', { exact: true }).fill(name);
  await page.getByLabel('单位/角色').fill(role);
  await page.getByRole('button', { name: '确定' }).click();
  await expect(page.getByTestId('operator-name')).toHaveText(name);
}

export interface NewIncident {
  title: string;
  discovered: string; // datetime-local, Beijing
  started: string;
  phenomenon?: '系统异常' | '应用异常' | '数据异常';
  endOfDay?: boolean;
  /** 银期转账受影响的期货公司, as typed in the form (comma or 、 separated). */
  futuresCompanies?: string;
}

/** Fill the new-incident form as a user would and submit it. */
export async function recordIncident(page: Page, i: NewIncident) {
  await page.getByTestId('new-incident').click();
  await expect(page.getByRole('heading', { name: '登记新事件' })).toBeVisible();
  await page.getByLabel('事件标题').fill(i.title);
  await page.getByLabel('发现时间').fill(i.discovered);
  await page.getByLabel('开始时间（影响开始）').fill(i.started);
  if (i.endOfDay) await page.getByLabel('日终处理').check();
  if (i.phenomenon) await page.getByLabel(i.phenomenon).check();
  await page.getByLabel('大连商品交易所出入金').check();
  if (i.futuresCompanies) await page.locator('#futures-companies').fill(i.futuresCompanies);
  await page.getByTestId('submit-incident').click();
}

/** Record the restoration of service at a Beijing time (datetime-local text). */
export async function restoreAt(page: Page, local: string) {
  await page.getByTestId('restore').click();
  await page.getByLabel('发生时间（北京时间；早于现在即为补录）').fill(local);
  await page.getByRole('button', { name: '确认已恢复' }).click();
}

/** Set up this workstation in 设置 (who signs the reports), then come back home. */
export async function setUp(page: Page, institution = '甲银行股份有限公司', phone = '021-6888 1234') {
  await page.goto('/#/settings');
  const panel = page.getByTestId('setup-panel');
  await panel.locator('#setup-institution').fill(institution);
  await panel.locator('#setup-place').fill('上海市浦东新区银城中路 8 号');
  await panel.locator('#setup-phone').fill(phone);
  await panel.getByTestId('save-setup').click();
  await expect(page.getByTestId('setup-message')).toContainText(institution);
  await page.goto('/#/');
}

/** The id of the incident whose page is open (from `#/incident/<id>…`). */
export function incidentIdOf(page: Page): string {
  const m = /#\/incident\/([^/?#]+)/.exec(page.url());
  if (!m) throw new Error(`not on an incident's page: ${page.url()}`);
  return m[1];
}

/** An incident's opening facts as an earlier build stored them (the log's JSON shape). */
export function storedFacts(title: string, at: string) {
  return {
    title, description: '', discovered_at: at, started_at: at, period: 'Daytime',
    phenomenon: { kind: 'System', subcategory: '' }, affected: [], parties: '', bank_caused: 'Unknown',
    reporting_unit: '', reporter: '', next_start_affected: 'Unknown',
  };
}

/** Puts one incident's log into localStorage as an earlier build kept it (schema 1, no chain),
 *  with `operator` signed in; the next start moves it into IndexedDB. Nothing else is kept. */
export async function plantStoredIncident(page: Page, id: string, events: object[], operator: string) {
  await page.evaluate(([id, stored, operator]) => {
    localStorage.clear();
    localStorage.setItem('incident-desk:schema', '1');
    localStorage.setItem('incident-desk:setting:operator', JSON.stringify({ name: operator, role: '' }));
    localStorage.setItem(`incident-desk:incident:${id}`, stored);
  }, [id, JSON.stringify({ schema: 1, data: { id, events } }), operator]);
}

/** A Ⅲ级 incident restored a moment ago (clock frozen by `freezeAt`) taken to closed: both
 *  summary reports marked done, three days of monitoring recorded, then 关闭事件. */
export async function closeOutIII(page: Page) {
  await readyToCloseIII(page);
  await page.getByTestId('close-incident').click();
  await expect(page.getByTestId('closed')).toBeVisible();
}

/** Everything closeOutIII does but the closing itself: the reports, three monitoring days, a day more. */
export async function readyToCloseIII(page: Page) {
  for (const key of ['summary-report-iii', 'local-summary-report']) {
    await page.locator(`[data-key="${key}"]`).getByTestId('discharge').click();
    await page.getByRole('button', { name: '保存完成记录' }).click();
    await expect(page.locator(`[data-key="${key}"]`).getByTestId('obligation-status')).toHaveText('按时完成');
  }
  for (let day = 0; day < 3; day++) {
    await page.clock.fastForward(24 * 3600_000);
    await page.getByTestId('record-monitoring').click();
  }
  await page.clock.fastForward(24 * 3600_000);
}
