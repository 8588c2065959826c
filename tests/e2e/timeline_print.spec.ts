// Paper copies of an incident (issue 13, item 5). The timeline print, reached from the
// incident page's timeline by keyboard, holds every entry, the chain's last link and the
// count, and numbers its A4 pages; the incident page itself prints with its cockpit (the
// level and the next duty) on page 1, every duty listed and no forms, in a few pages.
// The PDFs are read back with poppler's pdftotext/pdfinfo (Debian package poppler-utils).
import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { freezeAt, signIn, recordIncident, setUp, plantStoredIncident, storedFacts } from './helpers';

const OUT = join('test-results', 'timeline-print');

function pdfText(file: string, page?: number): string {
  const range = page ? ['-f', String(page), '-l', String(page)] : [];
  return execFileSync('pdftotext', [...range, file, '-'], { encoding: 'utf8' });
}

function pdfPages(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
}

/** Whitespace out: pdftotext breaks lines where the page wrapped them. */
const squash = (s: string) => s.replace(/\s+/g, '');

async function savePdf(page: Page, name: string): Promise<string> {
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, name);
  writeFileSync(file, await page.pdf({ format: 'A4' }));
  return file;
}

async function note(page: Page, text: string, at?: string) {
  await page.getByTestId('add-note').click();
  if (at) await page.getByLabel('发生时间（北京时间；早于现在即为补录）').fill(at);
  await page.getByLabel('处置情况 *').fill(text);
  await page.getByRole('button', { name: '保存记录' }).click();
  await expect(page.getByTestId('timeline')).toContainText(text);
}

/** The first duty that still takes an entry, marked done (with a reason when late). */
async function dischargeOne(page: Page) {
  const duty = page.locator('[data-testid="obligation"]:not([hidden])').filter({ has: page.getByTestId('discharge') }).first();
  await duty.getByTestId('discharge').click();
  const delay = page.getByLabel('延误原因 *');
  if (await delay.count()) await delay.fill('值班人员同时处理多项工作');
  await page.getByRole('button', { name: '保存完成记录' }).click();
}

const NOTES = [
  '已联系大商所技术部，确认出入金专线中断',
  '启用备用线路，正在联调测试',
  '备用线路测试失败，通知期货公司改走柜面应急转账',
  '柜面已受理应急转账 12 笔',
  '运营商回复预计 14:00 修复专线',
];

test('the timeline prints whole with its chain link and page numbers; the incident page prints cockpit first', async ({ page }) => {
  test.setTimeout(180_000);
  await freezeAt(page, '2026-11-23T10:00:00');
  await page.goto('/');
  await signIn(page);
  await setUp(page);
  await recordIncident(page, {
    title: '大商所出入金专线中断', discovered: '2026-11-23T10:00', started: '2026-11-23T10:00', phenomenon: '系统异常',
    futuresCompanies: '中信期货、永安期货',
  });
  // Ⅲ at 10:05, Ⅱ at 10:30, Ⅰ at 12:00, each confirmed, with notes and a duty done at each.
  const steps = [['05:00', 'Ⅲ', NOTES.slice(0, 2)], ['25:00', 'Ⅱ', NOTES.slice(2, 3)], ['01:30:00', 'Ⅰ', NOTES.slice(3)]] as const;
  for (const [step, level, notes] of steps) {
    await page.clock.fastForward(step);
    await expect(page.getByTestId('level-badge').first()).toContainText(level);
    await page.getByTestId('confirm-level').click();
    for (const n of notes) await note(page, n);
    await dischargeOne(page);
  }
  // A late entry: written at 12:00 about 10:40.
  const lateNote = '补记：10:40 已电话告知中信期货、永安期货联络人';
  await note(page, lateNote, '2026-11-23T10:40');

  // What the incident page says: the count and checksum, the next duty, every duty.
  const integrity = (await page.getByTestId('integrity').textContent())!;
  const [, count, hash] = /记录完整：(\d+) 条，校验值 (\S+)/.exec(integrity)!;
  const nextTitle = (await page.locator('[data-testid="obligation"].place-next .duty-title strong').textContent())!;
  const dutyTitles = await page.locator('[data-testid="obligation"] .duty-title strong').allTextContents();
  expect(dutyTitles.length).toBeGreaterThanOrEqual(13);
  const incidentUrl = page.url();

  // --- The incident page on paper ---
  const incidentPdf = await savePdf(page, 'incident.pdf');
  const incidentPages = pdfPages(incidentPdf);
  const first = squash(pdfText(incidentPdf, 1));
  expect(first, 'the cockpit on page 1: the level').toContain('Ⅰ级');
  expect(first).toContain('特别重大事件');
  expect(first, 'the cockpit on page 1: the next duty').toContain(squash(nextTitle));
  const whole = squash(pdfText(incidentPdf));
  for (const d of dutyTitles) expect(whole, `duty listed: ${d}`).toContain(squash(d));
  // Forms and buttons stay on the screen.
  for (const word of ['记录处置情况', '导出事件包', '更正事件信息', '打印时间线', '确认已恢复', '（展开）']) expect(whole).not.toContain(word);
  // Was 10–11 pages for this incident before the print rules of issue 13.
  expect(incidentPages, 'the incident page prints in a few pages').toBeLessThanOrEqual(6);

  // --- To the timeline print, by keyboard, from the timeline's heading ---
  const link = page.getByTestId('to-timeline-print');
  await expect(link).toHaveText('打印时间线');
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/incident\/[^/]+\/print\/timeline$/);
  const sheet = page.getByTestId('timeline-print');
  await expect(sheet.getByRole('heading', { name: '处置时间线', level: 1 })).toBeVisible();
  await expect(page.getByTestId('print-title')).toHaveText('大商所出入金专线中断');
  await expect(page.getByTestId('print-level')).toContainText('Ⅰ级（特别重大事件）');
  await expect(page.getByTestId('print-state')).toHaveText('处置中');
  await expect(page.getByTestId('printed-at')).toHaveText('2026-11-23 12:00:00（北京时间）');
  await expect(page.getByTestId('printed-by')).toHaveText('王值班（总行应急处置工作小组）');
  await expect(page.getByTestId('print-institution')).toHaveText('甲银行股份有限公司');
  await expect(page.getByTestId('timeline-chart-svg')).toBeVisible();
  const entries = page.getByTestId('print-entry');
  await expect(entries).toHaveCount(Number(count));
  await expect(page.getByTestId('chain-check')).toContainText(`共 ${count} 条记录；记录链末条校验值 ${hash}`);
  // The late entry sits where it happened (10:40), recorded at 12:00 and marked.
  const late = entries.filter({ hasText: lateNote });
  await expect(late.locator('td.when').first()).toContainText('10:40:00');
  await expect(late.locator('td.when').nth(1)).toContainText('12:00:00');
  await expect(late.locator('td.when').nth(1)).toContainText('补录');

  // On paper, under print media: the app's header and the buttons go, the sheet stays.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.topbar')).toBeHidden();
  await expect(page.getByTestId('print')).toBeHidden();
  await expect(entries.last()).toBeVisible();
  await page.emulateMedia({ media: null });

  const timelinePdf = await savePdf(page, 'timeline.pdf');
  const pages = pdfPages(timelinePdf);
  const text = squash(pdfText(timelinePdf));
  // Every entry's words (the start of each: a cell's first line is never broken by its neighbours).
  const titles = await entries.locator('td.what strong').allTextContents();
  const details = await entries.locator('td.what p').allTextContents();
  expect(titles.length).toBe(Number(count));
  for (const w of titles) expect(text, `entry printed: ${w}`).toContain(squash(w));
  for (const w of details) expect(text, `entry printed: ${w}`).toContain(squash(w).slice(0, 12));
  for (const n of [...NOTES, lateNote]) expect(text).toContain(squash(n));
  expect(text, "the chain's last link").toContain(hash);
  expect(text).toContain(`共${count}条记录`);
  // Page numbers on every page, with the total; the head names the incident.
  for (let p = 1; p <= pages; p++) {
    const one = squash(pdfText(timelinePdf, p));
    expect(one, `page ${p} numbered`).toContain(`第${p}页，共${pages}页`);
    if (p < pages) expect(one, `page ${p} names the incident`).toContain('大商所出入金专线中断');
  }
  // The chain check ends the document, on the last page.
  expect(squash(pdfText(timelinePdf, pages))).toContain(hash);

  // The route stands on its own: a reload shows the same sheet; back leads to the incident.
  await page.reload();
  await expect(page.getByTestId('print-entry')).toHaveCount(Number(count));
  // (By keyboard: after a reload the header may still shift as its reminder offer appears.)
  await page.getByTestId('back-to-incident').focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(incidentUrl);
  await expect(page.getByTestId('cockpit')).toBeVisible();
});

test('[en] the timeline print follows the screen language, page numbers included', async ({ page }) => {
  test.setTimeout(120_000);
  await freezeAt(page, '2026-11-23T09:20:00');
  await page.goto('/#/settings');
  await page.getByTestId('lang-en').check();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.goto('/#/');
  await page.getByLabel('Name', { exact: true }).fill('Wang');
  await page.getByLabel('Unit/role').fill('Head office');
  await page.getByRole('button', { name: 'OK' }).click();
  await page.getByTestId('new-incident').click();
  await page.getByLabel('Incident title').fill('DCE link down');
  await page.getByLabel('Discovered at').fill('2026-11-23T09:12');
  await page.getByLabel('Started at (when the impact began)').fill('2026-11-23T09:10');
  await page.getByLabel('System fault').check();
  await page.getByLabel(/^Dalian Commodity Exchange/).check();
  await page.getByTestId('submit-incident').click();
  await expect(page.getByTestId('level-badge')).toContainText('Ⅲ');

  await page.getByRole('link', { name: 'Print timeline' }).click();
  await expect(page.getByRole('heading', { name: 'Response timeline', level: 1 })).toBeVisible();
  await expect(page.getByTestId('printed-at')).toHaveText('23 Nov 2026 09:20:00 (Beijing time)');
  await expect(page.getByTestId('chain-check')).toContainText('entries; last link of the record chain');
  // Nothing Chinese is left on the sheet (the typed title is English here).
  const cjk = await page.getByTestId('timeline-print').evaluate((el) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const out: string[] = [];
    while (walker.nextNode()) {
      const n = walker.currentNode;
      if (/[\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e]/.test(n.textContent ?? '') && !n.parentElement?.closest('style, [lang^="zh"]')) out.push(n.textContent!.trim());
    }
    return out;
  });
  expect(cjk).toEqual([]);
  const file = await savePdf(page, 'timeline-en.pdf');
  const pages = pdfPages(file);
  expect(squash(pdfText(file, 1))).toContain(`Page1of${pages}`);
  expect(squash(pdfText(file, 1))).toContain('DCElinkdown·Responsetimeline');

  // The incident page in English: English page numbers, and still the cockpit on page 1.
  await page.getByTestId('back-to-incident').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('cockpit')).toBeVisible();
  const incident = await savePdf(page, 'incident-en.pdf');
  const first = squash(pdfText(incident, 1));
  expect(first).toContain(`Page1of${pdfPages(incident)}`);
  expect(first).toContain('DCElinkdown');
  expect(first).toContain('LevelⅢ');
});

test('a drill prints as a drill, on drill time', async ({ page }) => {
  await freezeAt(page, '2026-11-23T14:00:00');
  await page.goto('/');
  await signIn(page, '李演练');
  await page.getByRole('link', { name: '演练', exact: true }).click();
  await page.getByTestId('scenario-dce-line-down').getByRole('button', { name: '开始演练' }).click();
  await expect(page.getByTestId('drill-clock')).toHaveText('2026-11-23 10:07:00');
  await page.getByTestId('to-timeline-print').click();
  await expect(page.getByTestId('print-title')).toHaveText(/^【演练】/);
  await expect(page.getByTestId('timeline-print')).toContainText('演练 · 非真实事件');
  await expect(page.getByTestId('printed-at')).toHaveText('2026-11-23 10:07:00（演练时间）');
  await expect(page.getByTestId('print-state')).toHaveText('演练中');
});

// The real clock here: axe waits on timers, which a paused fake clock would never fire.
test('the timeline print has no serious or critical accessibility violations', async ({ page }) => {
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '大商所通讯中断', discovered: '2026-11-23T09:02', started: '2026-11-23T09:00', phenomenon: '系统异常' });
  await page.getByTestId('to-timeline-print').click();
  await expect(page.getByTestId('print-entry').first()).toBeVisible();
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
});

test('a long log shows its latest 300 entries on the incident page, the rest on request and all in the print', async ({ page }) => {
  await freezeAt(page, '2026-11-23T12:00:00');
  await page.goto('/');
  const at = (n: number) => new Date(Date.parse('2026-11-23T01:00:00Z') + n * 10_000).toISOString().replace('.000Z', 'Z');
  const facts = storedFacts('长时间线', at(0));
  const author = { name: '王五', role: '' };
  const events: object[] = [{ id: 'e0', occurred_at: at(0), recorded_at: at(0), author, kind: { type: 'Opened', facts, plan_id: 'bank-depository', plan_version: '1' } }];
  for (let n = 1; n <= 320; n++) events.push({ id: `e${n}`, occurred_at: at(n), recorded_at: at(n), author, kind: { type: 'Note', text: `第${n}条处置记录`, major: false } });
  // As an earlier build kept it in localStorage: the start moves it into IndexedDB.
  await plantStoredIncident(page, 'long', events, '王五');
  await page.goto('/#/incident/long');
  await page.reload();
  const timeline = page.getByTestId('timeline');
  // 321 entries (and whatever the rules added since): the earliest are left out, the newest shown.
  await expect(page.getByTestId('timeline-earlier')).toContainText(/较早的 \d+ 条未显示/);
  await expect(timeline.locator(':scope > li')).toHaveCount(300);
  await expect(timeline).toContainText('第320条处置记录');
  await expect(timeline).not.toContainText('第1条处置记录');
  await page.getByTestId('timeline-all').click();
  await expect(page.getByTestId('timeline-earlier')).toHaveCount(0);
  await expect(timeline).toContainText('第1条处置记录');
  expect(await timeline.locator(':scope > li').count()).toBeGreaterThanOrEqual(321);
  // The print has every entry without asking.
  await page.getByTestId('to-timeline-print').click();
  await expect(page.locator('body')).toContainText('第1条处置记录');
  await expect(page.locator('body')).toContainText('第320条处置记录');
});
