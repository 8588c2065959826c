// A duty officer records an incident, watches it classified and escalated
// (第七条, 第八条), and finds it again offline after a reload.
import { test, expect } from '@playwright/test';
import { freezeAt, signIn, recordIncident, restoreAt } from './helpers';

test('record, classify Ⅲ, escalate to Ⅱ with an alert, then find it offline', async ({ page, context }) => {
  await freezeAt(page, '2026-11-23T09:06:00');
  await page.goto('/');
  // The browser runs in Europe/London; the app still shows Beijing time.
  await expect(page.locator('.clock time')).toHaveText('2026-11-23 09:06:00');
  await signIn(page);

  await recordIncident(page, {
    title: '大商所出入金通讯中断',
    discovered: '2026-11-23T09:02',
    started: '2026-11-23T09:00',
    phenomenon: '系统异常',
  });

  const incident = page.getByTestId('incident-page');
  await expect(incident.getByRole('heading', { level: 1 })).toHaveText('大商所出入金通讯中断');
  await expect(incident.getByTestId('level-badge')).toHaveText('Ⅲ级');
  await expect(incident.getByTestId('level-basis')).toContainText('5分钟（含）');
  await expect(incident.getByTestId('level-basis')).toContainText('第七条（三）');
  await expect(incident.getByTestId('authority')).toContainText('总行应急处置工作小组');
  await expect(page.getByTestId('rise-alert')).toContainText('Ⅲ级');
  await expect(incident.getByTestId('next-level')).toContainText('距Ⅱ级还有 24:00');

  // Let the clock run past 30 minutes of daytime impact.
  await page.getByRole('button', { name: '知道了' }).click();
  await page.clock.fastForward('24:30');
  await expect(incident.getByTestId('level-badge')).toHaveText('Ⅱ级');
  await expect(page.getByTestId('rise-alert')).toContainText('Ⅱ级（重大事件）');
  await expect(page.getByTestId('rise-alert')).toContainText('生效时间 2026-11-23 09:30:00');
  await expect(incident.getByTestId('level-basis')).toContainText('第七条（二）');
  await expect(incident.getByTestId('timeline')).toContainText('定级为Ⅱ级');
  await expect(incident.getByTestId('duration')).toHaveText('30:30');

  // Offline: the service worker serves the app, storage holds the incident.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('incident-page').getByRole('heading', { level: 1 })).toHaveText('大商所出入金通讯中断');
  await page.goto('/#/');
  await expect(page.getByTestId('incident-row')).toHaveCount(1);
  await expect(page.getByTestId('incident-row')).toContainText('Ⅱ级');
  await context.setOffline(false);
});

test('below five minutes the incident is recorded but not yet classified', async ({ page }) => {
  await freezeAt(page, '2026-11-23T10:03:00');
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '银期转账响应变慢', discovered: '2026-11-23T10:02', started: '2026-11-23T10:01', phenomenon: '应用异常' });
  await expect(page.getByTestId('level-badge')).toHaveText('未达分级标准');
  await expect(page.getByTestId('next-level')).toContainText('距Ⅲ级还有 03:00');
});

test('the form names every problem beside its field and records nothing', async ({ page }) => {
  await freezeAt(page, '2026-11-23T10:07:00');
  await page.goto('/');
  await signIn(page);
  await page.getByTestId('new-incident').click();
  await page.getByLabel('发现时间').fill('2026-11-23T10:00');
  await page.getByLabel('开始时间（影响开始）').fill('2026-11-23T10:05');
  await page.getByTestId('submit-incident').click();
  await expect(page.getByTestId('form-errors')).toContainText('有 3 处需要修改');
  await expect(page.locator('#title-error')).toHaveText('请填写事件标题');
  await expect(page.locator('#started-at-error')).toHaveText('开始时间不能晚于发现时间');
  await expect(page.locator('#phenomenon-error')).toContainText('请选择事件现象');

  await page.getByLabel('事件标题').fill('测试');
  await page.getByLabel('应用异常').check();
  await page.getByLabel('开始时间（影响开始）').fill('2026-11-23T09:50');
  await page.getByLabel('发现时间').fill('2026-11-24T10:00');
  await page.getByTestId('submit-incident').click();
  await expect(page.locator('#discovered-at-error')).toContainText('不能晚于当前时间（北京时间 2026-11-23 10:07）');

  await page.goto('/#/');
  await expect(page.getByText('本机尚无事件记录')).toBeVisible();
});

test('a 日终 incident still open at the next daytime start rises to Ⅱ then Ⅰ', async ({ page }) => {
  await freezeAt(page, '2026-11-23T17:40:00');
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '日终清算文件未生成', discovered: '2026-11-23T17:35', started: '2026-11-23T17:30', phenomenon: '数据异常', endOfDay: true });
  await expect(page.getByTestId('level-badge')).toHaveText('Ⅲ级');
  await page.clock.fastForward('15:00:00'); // to 08:40 next morning
  await expect(page.getByTestId('level-badge')).toHaveText('Ⅱ级');
  await expect(page.getByTestId('level-basis')).toContainText('仍未恢复');
  await page.clock.fastForward('01:50:00'); // 10:30
  await expect(page.getByTestId('level-badge')).toHaveText('Ⅰ级');
  await expect(page.getByTestId('authority')).toContainText('总行应急指挥领导小组');
});

test('restoration stops the clock and a later note is marked as a late entry', async ({ page }) => {
  await freezeAt(page, '2026-11-23T09:20:00');
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '郑商所出入金失败', discovered: '2026-11-23T09:12', started: '2026-11-23T09:10', phenomenon: '应用异常' });
  await expect(page.getByTestId('level-badge')).toHaveText('Ⅲ级');

  await page.getByTestId('restore').click();
  await page.getByLabel('发生时间（北京时间；早于现在即为补录）').fill('2026-11-23T09:18');
  await page.getByLabel('恢复情况说明').fill('切换备机后恢复');
  await page.getByRole('button', { name: '确认已恢复' }).click();
  await expect(page.getByTestId('duration')).toHaveText('08:00');
  await page.clock.fastForward('30:00');
  await expect(page.getByTestId('level-badge')).toHaveText('Ⅲ级');
  await expect(page.getByTestId('duration')).toHaveText('08:00');

  await page.getByTestId('add-note').click();
  await page.getByLabel('发生时间（北京时间；早于现在即为补录）').fill('2026-11-23T09:11');
  await page.getByLabel('处置情况 *').fill('已电话通知省分行实施工作小组');
  await page.getByRole('button', { name: '保存记录' }).click();
  await expect(page.getByTestId('timeline')).toContainText('补录：记录于 2026-11-23 09:50');
});

test('a manual level change needs a reason and is logged', async ({ page }) => {
  await freezeAt(page, '2026-11-23T09:20:00');
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '监控中心数据报送延迟', discovered: '2026-11-23T09:12', started: '2026-11-23T09:10', phenomenon: '系统异常' });
  await page.getByTestId('reclassify').click();
  await page.getByLabel('调整为').selectOption({ label: 'Ⅰ级（特别重大事件）' });
  await page.getByRole('button', { name: '确认调整' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '请填写原因' })).toBeVisible();
  await page.getByLabel('调整原因 *').fill('领导小组研究决定按Ⅰ级处置');
  await page.getByRole('button', { name: '确认调整' }).click();
  await expect(page.getByTestId('level-badge')).toHaveText('Ⅰ级');
  await expect(page.getByTestId('level-basis')).toContainText('人工调整：领导小组研究决定按Ⅰ级处置');
  await expect(page.getByTestId('timeline')).toContainText('人工调整级别为Ⅰ级');
});

test('a rise sounds the alarm and sends a browser notification when permitted', async ({ page, context }) => {
  await context.grantPermissions(['notifications']);
  await page.addInitScript(() => {
    const w = window as any;
    w.__notes = [];
    w.__tones = 0;
    const Real = w.Notification;
    class Spy extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        w.__notes.push(`${title}|${options?.body ?? ''}`);
      }
      static get permission() { return Real.permission; }
    }
    w.Notification = Spy;
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (...args: any[]) { w.__tones++; return start.apply(this, args as any); };
  });
  await freezeAt(page, '2026-11-23T09:20:00');
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '银期转账全部失败', discovered: '2026-11-23T09:19', started: '2026-11-23T09:18', phenomenon: '应用异常' });
  await expect(page.getByTestId('level-badge')).toHaveText('未达分级标准');
  expect(await page.evaluate(() => (window as any).__notes)).toEqual([]);
  await page.clock.fastForward('03:00');
  await expect(page.getByTestId('level-badge')).toHaveText('Ⅲ级');
  const notes: string[] = await page.evaluate(() => (window as any).__notes);
  expect(notes).toHaveLength(1);
  expect(notes[0]).toContain('事件定级：Ⅲ级');
  expect(notes[0]).toContain('银期转账全部失败');
  await page.clock.runFor(10); // the tones start from a zero-delay timer, after the screen is drawn
  expect(await page.evaluate(() => (window as any).__tones)).toBe(3);
});

test('a restoration entered late leaves the level alone and says the rules now give less', async ({ page }) => {
  await freezeAt(page, '2026-11-23T09:40:00');
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '出入金系统宕机', discovered: '2026-11-23T09:02', started: '2026-11-23T09:00', phenomenon: '系统异常' });
  await expect(page.getByTestId('level-badge')).toHaveText('Ⅱ级');
  await restoreAt(page, '2026-11-23T09:20');
  await expect(page.getByTestId('level-badge')).toHaveText('Ⅱ级');
  await expect(page.getByTestId('rules-give-less')).toContainText('规则给出的级别为Ⅲ级');
  await expect(page.getByTestId('timeline')).toContainText('补录');
});

test('past four alert lines, the most urgent three are listed and one line counts the rest', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await freezeAt(page, '2026-11-23T09:10:00');
  await page.goto('/');
  await signIn(page);
  for (let n = 1; n <= 5; n++) {
    await page.goto('/#/');
    await recordIncident(page, { title: `并发事件${n}`, discovered: '2026-11-23T09:02', started: '2026-11-23T09:00', phenomenon: '系统异常' });
    await expect(page.getByTestId('level-badge')).toHaveText('Ⅲ级');
  }
  await page.goto('/#/');
  // Five level alerts (and any duty alarms): the levels lead, three lines, then the count.
  await expect(page.getByTestId('rise-alert')).toHaveCount(3);
  await expect(page.getByTestId('duty-alert')).toHaveCount(0);
  await expect(page.getByTestId('rise-alert').first()).toContainText('并发事件5');
  const more = page.getByTestId('alerts-more');
  await expect(more).toContainText(/另有 \d+ 条提醒未列出（其中超时 \d+ 条）/);
  // The list's own next action is still in view at 1366×768.
  await expect(page.getByTestId('new-incident')).toBeInViewport();
  await more.getByRole('button', { name: '全部知道了' }).click();
  await expect(page.getByTestId('rise-alert')).toHaveCount(0);
  await expect(more).toHaveCount(0);
});
