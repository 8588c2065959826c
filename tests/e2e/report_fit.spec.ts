// Reports fit to send (issue 13): the workstation is set up on first use; the 报告单
// prints as one bordered A4 page naming the institution, the place and the duty
// phone, with no placeholder text and marked 草稿·未复核 until a second person has
// reviewed it; marking it sent settles its duty with the report's details; the
// summary names the duties missed; the Word file is one page in LibreOffice too.
import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freezeAt, signIn, recordIncident, restoreAt } from './helpers';

const INSTITUTION = '甲银行股份有限公司';
const PLACE = '上海市浦东新区银城中路 8 号';
const PHONE = '021-6888 1234';

function pdfText(pdf: Buffer): { pages: number; text: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
  const file = join(dir, 'r.pdf');
  writeFileSync(file, pdf);
  const info = execFileSync('pdfinfo', [file]).toString();
  const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
  // -raw: the text in content order (table cells side by side would otherwise interleave).
  const text = execFileSync('pdftotext', ['-raw', file, '-']).toString();
  return { pages, text };
}

async function switchTo(page: Page, name: string) {
  await page.getByRole('button', { name: '更换' }).click();
  await page.getByLabel('姓名', { exact: true }).fill(name);
  await page.getByRole('button', { name: '确定' }).click();
  await expect(page.getByTestId('operator-name')).toHaveText(name);
}

test('first-run setup, then a one-page 报告单 that names the sender, is settled by sending, and a summary naming missed duties', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await freezeAt(page, '2026-11-23T10:00:00');
  await page.goto('/');
  await signIn(page);

  // First use: the home page asks for the details reports are signed with.
  const setup = page.getByTestId('setup-panel');
  await expect(setup).toBeVisible();
  await setup.getByLabel('机构名称（报告署名）').fill('本行');
  await setup.getByTestId('save-setup').click();
  await expect(setup.locator('#setup-institution-error')).toContainText('不是机构名称');
  await expect(setup.locator('#setup-phone-error')).toContainText('请填写值班电话');
  await setup.getByLabel('机构名称（报告署名）').fill(INSTITUTION);
  await setup.getByLabel('本机所在单位').fill('上海分行营业部');
  await setup.getByLabel('地点（报告单所填）').fill(PLACE);
  await setup.getByLabel('值班电话').fill(PHONE);
  await setup.getByLabel('传真', { exact: true }).fill('021-6888 5678');
  await setup.getByTestId('save-setup').click();
  await expect(page.getByTestId('setup-message')).toContainText(`已保存：报告单将以“${INSTITUTION}”署名。`);
  await page.screenshot({ path: 'test-results/setup-zh-1366.png' });
  // One value: the plan now carries the name.
  await page.goto('/#/plan');
  await expect(page.locator('main')).toContainText(INSTITUTION);
  await page.goto('/#/');

  await recordIncident(page, { title: '大商所出入金专线中断', discovered: '2026-11-23T10:00', started: '2026-11-23T10:00', phenomenon: '系统异常' });
  await page.getByTestId('add-note').waitFor();
  for (const [step, level] of [['05:00', 'Ⅲ'], ['25:00', 'Ⅱ']] as const) {
    await page.clock.fastForward(step);
    await expect(page.getByTestId('level-badge').first()).toContainText(level);
    await page.getByTestId('confirm-level').click();
    await expect(page.getByTestId('confirm-prompt')).toHaveCount(0);
  }
  await page.clock.fastForward('05:00'); // 10:35

  // The Ⅱ fax to the regulators, opened from its duty card.
  const fax = page.locator('[data-key="regulators-report-ii"]');
  await fax.getByTestId('open-draft').click();
  const report = page.getByTestId('report');
  await expect(page.getByTestId('report-form')).toBeVisible();
  await expect(report.locator('[data-section="unit"]')).toHaveText(/甲银行股份有限公司 上海分行营业部/);
  await expect(report.locator('[data-section="place"]')).toContainText(PLACE);
  await expect(report.locator('[data-section="contact"]')).toContainText(`王值班，电话 ${PHONE}`);
  await expect(report.locator('[data-section="course"]')).toContainText('10:05 达到Ⅲ级');
  await expect(report).not.toContainText('待填写');
  await expect(page.getByTestId('draft-mark')).toHaveText('草稿·未复核');
  await expect(page.getByTestId('sender-missing')).toHaveCount(0);
  // An empty field starts empty when edited.
  await report.getByTestId('edit-button-people').click();
  await expect(report.getByTestId('edit-people')).toHaveValue('');
  await report.getByRole('button', { name: '取消' }).click();
  await page.screenshot({ path: 'test-results/report-form-zh-1366.png', fullPage: true });

  await page.emulateMedia({ media: 'print' });
  const draftBytes = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  writeFileSync('test-results/report-form-draft.pdf', draftBytes);
  const draftPdf = pdfText(draftBytes);
  await page.emulateMedia({ media: 'screen' });
  expect(draftPdf.pages, 'the 报告单 is one A4 page').toBe(1);
  for (const want of [INSTITUTION, PLACE, PHONE, '草稿·未复核', '负责人（签章）', '单位（盖章）', '第 1 页']) {
    expect(draftPdf.text, want).toContain(want);
  }
  expect(draftPdf.text).not.toContain('待填写');
  expect(draftPdf.text).not.toMatch(/报告单位\s*本行/);

  // The Word file is the same form, one page in LibreOffice.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-docx').click()]);
  const dir = mkdtempSync(join(tmpdir(), 'docx-'));
  const file = join(dir, 'form.docx');
  copyFileSync(await download.path(), file);
  execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file], { timeout: 90_000 });
  copyFileSync(join(dir, 'form.pdf'), 'test-results/report-form-docx.pdf');
  const info = execFileSync('pdfinfo', [join(dir, 'form.pdf')]).toString();
  expect(Number(/Pages:\s+(\d+)/.exec(info)![1]), 'the .docx is one page').toBe(1);
  const wordText = execFileSync('pdftotext', ['-raw', join(dir, 'form.pdf'), '-']).toString();
  for (const want of [INSTITUTION, PLACE, PHONE, '草稿·未复核', '单位（盖章）']) expect(wordText, want).toContain(want);

  // A second person reviews; marking it sent settles the duty it was opened for.
  await switchTo(page, '李复核');
  await page.getByTestId('review-report').click();
  await expect(page.getByTestId('report-status-message')).toHaveText('已复核');
  await expect(page.getByTestId('draft-mark')).toHaveCount(0);
  // Ticked where the report goes: the regulators' duty, not the parties' fax.
  await expect(page.locator('#settle-regulators-report-ii')).toBeChecked();
  await expect(page.locator('#settle-fax-report-to-parties')).not.toBeChecked();
  await page.getByTestId('send-channel').selectOption({ label: '传真' });
  await page.getByTestId('send-reference').fill('传真 1 页');
  await page.getByTestId('send-report').click();
  await expect(page.getByTestId('report-status-message')).toContainText('已标记报送，并办结');
  await page.emulateMedia({ media: 'print' });
  const sentPdf = pdfText(await page.pdf({ format: 'A4', preferCSSPageSize: true }));
  await page.emulateMedia({ media: 'screen' });
  expect(sentPdf.text).not.toContain('草稿·未复核');

  await page.getByTestId('back-to-incident').click();
  const done = page.locator('[data-key="regulators-report-ii"]');
  await page.getByTestId('fold-settled').getByRole('button').click();
  await expect(done).toContainText('按时完成');
  await expect(done).toContainText('由李复核以传真完成');
  await expect(done).toContainText('凭证：传真 1 页，期货保证金存管业务系统突发事件报告单（复核：李复核');

  // Restored; the summary names the duties never done, with their deadlines.
  await restoreAt(page, '2026-11-23T10:35');
  await expect(page.getByTestId('closeout')).toBeVisible();
  await page.getByTestId('to-summary').click();
  const late = page.getByTestId('report').locator('[data-section="late"]');
  await expect(late).toContainText('通知受影响各方应急联络人及省级分行实施工作小组（第十五条');
  await expect(late).toContainText('时限 10:15，未完成');
  await expect(page.getByTestId('report')).not.toContainText('待填写');
});

test('before setup the 报告单 says what is missing and prints blanks, never 本行', async ({ page }) => {
  await freezeAt(page, '2026-11-23T09:20:00');
  await page.goto('/');
  await signIn(page);
  await page.getByRole('button', { name: '稍后填写' }).click();
  await expect(page.getByTestId('setup-panel')).toHaveCount(0);
  await recordIncident(page, { title: '大商所入金失败', discovered: '2026-11-23T09:12', started: '2026-11-23T09:10', phenomenon: '系统异常' });
  await page.getByTestId('to-form').click();
  await expect(page.getByTestId('sender-missing')).toContainText('机构名称、地点、值班电话');
  const report = page.getByTestId('report');
  await expect(report.locator('.report-institution')).toHaveCount(0);
  await expect(report.locator('[data-section="unit"]')).not.toContainText('本行');
  // Filled in from the report itself, the form names the sender at once.
  await page.getByTestId('fill-setup').click();
  await page.getByLabel('机构名称（报告署名）').fill(INSTITUTION);
  await page.getByLabel('值班电话').fill(PHONE);
  await page.getByTestId('save-setup').click();
  await expect(report.locator('.report-institution')).toHaveText(INSTITUTION);
  await expect(report.locator('[data-section="contact"]')).toContainText(PHONE);
});
