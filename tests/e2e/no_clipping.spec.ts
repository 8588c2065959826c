// No label is cut off or drawn over another at 1366×768, in English (longer words)
// and in Chinese: the incident list with its dashboard, and the incident's timeline
// chart with the "Now" marker at its right edge.
import { test, expect, type Page } from '@playwright/test';
import { freezeAt } from './helpers';

test.use({ viewport: { width: 1366, height: 768 } });

/** HTML boxes whose content is wider than the box (cut off, or spilling out). */
async function htmlOverflow(page: Page, root: string): Promise<string[]> {
  return page.evaluate((root) => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll(`${root}, ${root} *`))) {
      if (el.closest('svg') || ['INPUT', 'TEXTAREA', 'OPTION', 'SCRIPT', 'STYLE'].includes(el.tagName)) continue;
      const h = el as HTMLElement;
      if (h.clientWidth === 0) continue; // inline boxes: their block is checked
      if (h.scrollWidth > h.clientWidth + 1) {
        out.push(`${el.tagName.toLowerCase()}.${h.className} "${(h.textContent ?? '').trim().slice(0, 40)}": ${h.scrollWidth} > ${h.clientWidth}`);
      }
    }
    return out;
  }, root);
}

/**
 * SVG text that leaves its picture, overlaps other text, or runs partly over a
 * shape (a label inside a band must be inside it whole).
 */
async function svgClipping(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    type Box = { x: number; y: number; width: number; height: number };
    const out: string[] = [];
    const overlap = (a: Box, b: Box) =>
      Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 0.5 && Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 0.5;
    const inside = (a: Box, b: Box) => a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.x + a.width <= b.x + b.width + 0.5 && a.y + a.height <= b.y + b.height + 0.5;
    const svgs = Array.from(document.querySelectorAll(selector)) as SVGSVGElement[];
    if (svgs.length === 0) out.push(`no ${selector} on the page`);
    for (const svg of svgs) {
      const vb = svg.viewBox.baseVal;
      const view = { x: vb.x, y: vb.y, width: vb.width, height: vb.height };
      const texts = (Array.from(svg.querySelectorAll('text')) as SVGTextElement[]).filter((t) => (t.textContent ?? '').trim());
      const boxes = texts.map((t) => ({ text: (t.textContent ?? '').trim(), box: t.getBBox() }));
      const shapes = (Array.from(svg.querySelectorAll('rect')) as SVGRectElement[]).map((r) => r.getBBox());
      for (const [i, a] of boxes.entries()) {
        if (!inside(a.box, view)) out.push(`"${a.text}" leaves the picture: x ${a.box.x.toFixed(1)}–${(a.box.x + a.box.width).toFixed(1)} of ${vb.width}`);
        for (const b of boxes.slice(i + 1)) if (overlap(a.box, b.box)) out.push(`"${a.text}" overlaps "${b.text}"`);
        for (const s of shapes) if (overlap(a.box, s) && !inside(a.box, s)) out.push(`"${a.text}" runs over a shape at x ${s.x.toFixed(1)}`);
      }
    }
    return out;
  }, selector);
}

async function toEnglish(page: Page) {
  await page.goto('/#/settings');
  await page.getByTestId('lang-en').check();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
}

for (const lang of ['en', 'zh'] as const) {
  test(`no text is cut off on the incident list and the timeline chart (${lang})`, async ({ page }) => {
    await freezeAt(page, '2026-11-23T10:10:00');
    await page.goto('/');
    if (lang === 'en') await toEnglish(page);
    await page.goto('/#/');
    const zh = lang === 'zh';
    await page.getByLabel(zh ? '姓名' : 'Name', { exact: true }).fill(zh ? '王值班' : 'Wang');
    await page.getByLabel(zh ? '单位/角色' : 'Unit/role').fill(zh ? '总行应急处置工作小组' : 'Head office');
    await page.getByRole('button', { name: zh ? '确定' : 'OK' }).click();

    // Two incidents, so the dashboard has bars of different lengths: an application
    // fault (the longest English phenomenon name) and a system fault.
    for (const [title, phenomenon, discovered] of [
      [zh ? '银期转账应用异常' : 'Bank-futures transfers failing', zh ? '应用异常' : 'Application fault', '2026-11-23T10:02'],
      [zh ? '大商所出入金通讯中断' : 'DCE deposits and withdrawals down', zh ? '系统异常' : 'System fault', '2026-11-23T10:04'],
    ]) {
      await page.goto('/#/');
      await page.getByTestId('new-incident').click();
      await page.getByLabel(zh ? '事件标题' : 'Incident title').fill(title);
      await page.getByLabel(zh ? '发现时间' : 'Discovered at').fill(discovered);
      await page.getByLabel(zh ? '开始时间（影响开始）' : 'Started at (when the impact began)').fill('2026-11-23T10:00');
      await page.getByLabel(phenomenon, { exact: true }).check();
      await page.getByLabel(zh ? '大连商品交易所出入金' : /Dalian Commodity Exchange/).first().check();
      await page.getByTestId('submit-incident').click();
      await expect(page.getByTestId('incident-page')).toBeVisible();
    }
    await page.clock.fastForward('25:00'); // 10:35: the first duties overdue, nothing due later: "now" is the chart's right edge

    // The chart of the incident on screen, with "now" at its right edge, then with the level
    // confirmed (more duties, a later end).
    const chart = page.getByTestId('timeline-chart-svg');
    await expect(chart).toBeVisible();
    await expect(page.getByTestId('chart-marker')).toContainText(zh ? '现在 10:35' : 'Now 10:35');
    await chart.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/shots/timeline-chart-${lang}.png` });
    expect.soft(await svgClipping(page, '[data-testid="timeline-chart-svg"]'), 'chart, now at the edge').toEqual([]);
    expect.soft(await htmlOverflow(page, '[data-testid="timeline-chart"]')).toEqual([]);
    await page.getByTestId('confirm-level').click();
    await expect(page.getByTestId('confirm-prompt')).toHaveCount(0);
    await chart.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/shots/timeline-chart-confirmed-${lang}.png` });
    expect.soft(await svgClipping(page, '[data-testid="timeline-chart-svg"]'), 'chart, level confirmed').toEqual([]);

    // The list with its dashboard.
    await page.goto('/#/');
    await expect(page.getByTestId('dashboard')).toBeVisible();
    await expect(page.getByTestId('bars-phenomenon')).toContainText(zh ? '应用异常' : 'Application fault');
    await page.screenshot({ path: `test-results/shots/incident-list-${lang}.png`, fullPage: true });
    expect.soft(await svgClipping(page, '[data-testid="dashboard"] svg'), 'dashboard pictures').toEqual([]);
    expect.soft(await htmlOverflow(page, 'main'), 'list page').toEqual([]);
    expect.soft(await htmlOverflow(page, '.topbar'), 'header').toEqual([]);
  });
}
