// Issue 12's smaller items, as a duty officer meets them at 1366×768: the information
// release form keeps each label on its input; an exchange named only among the parties
// is notified; 我的角色 says what it is for and follows the typed unit; desktop reminders
// are offered once; a late completion asks why; the duty forms come into view with the
// cursor in them; English never calls a duty still to do "missed".
import { test, expect, type Page, type Locator } from '@playwright/test';
import { freezeAt, signIn, recordIncident, restoreAt } from './helpers';
import { storedEvents } from './idb_helpers';

test.use({ viewport: { width: 1366, height: 768 } });

/** Notification.permission starts as 'default' and a request is counted (and granted). */
async function fakeNotifications(page: Page) {
  await page.addInitScript(() => {
    const w = window as any;
    w.__asked = 0;
    let permission = 'default';
    class Fake { constructor() { /* shown nowhere */ } }
    Object.defineProperty(Fake, 'permission', { get: () => permission });
    (Fake as any).requestPermission = () => { w.__asked++; permission = 'granted'; return Promise.resolve(permission); };
    w.Notification = Fake;
  });
}

async function toEnglish(page: Page) {
  await page.goto('/#/settings');
  await page.getByTestId('lang-en').check();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
}

/** The label sits directly above its own input, starting where it starts. */
async function labelOnItsInput(label: Locator, input: Locator) {
  const l = (await label.boundingBox())!;
  const i = (await input.boundingBox())!;
  expect(Math.abs(l.x - i.x), 'label starts where its input starts').toBeLessThan(2);
  expect(i.y - (l.y + l.height), 'input right under its label').toBeGreaterThanOrEqual(-1);
  expect(i.y - (l.y + l.height), 'input right under its label').toBeLessThan(12);
}

for (const lang of ['zh', 'en'] as const) {
  test(`information release form: each label stays on its input at 1366 wide (${lang})`, async ({ page }) => {
    await freezeAt(page, '2026-11-23T10:10:00');
    await page.goto('/');
    if (lang === 'en') await toEnglish(page);
    await page.goto('/#/');
    if (lang === 'zh') {
      await signIn(page);
      await recordIncident(page, { title: '大商所出入金通讯中断', discovered: '2026-11-23T10:02', started: '2026-11-23T10:00', phenomenon: '系统异常' });
      await restoreAt(page, '2026-11-23T10:08');
    } else {
      await page.getByLabel('Name', { exact: true }).fill('Wang');
      await page.getByLabel('Unit/role').fill('Head office');
      await page.getByRole('button', { name: 'OK' }).click();
      await page.getByTestId('new-incident').click();
      await page.getByLabel('Incident title').fill('DCE line down');
      await page.getByLabel('Discovered at').fill('2026-11-23T10:02');
      await page.getByLabel('Started at (when the impact began)').fill('2026-11-23T10:00');
      await page.locator('input[name="phenomenon"]').first().check();
      await page.getByTestId('submit-incident').click();
      await page.getByTestId('restore').click();
      await page.locator('form button[type="submit"]').first().click();
    }
    const form = page.locator('form.release-form');
    await expect(form).toBeVisible();
    for (const id of ['release-dept', 'release-audience', 'release-content']) {
      await labelOnItsInput(form.locator(`label[for="${id}"]`), form.locator(`#${id}`));
    }
    await form.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/shots/closeout-release-${lang}.png` });
    // Still a working form: a release is logged.
    await form.locator('#release-dept').fill(lang === 'zh' ? '总行宣传部门' : 'Publicity');
    await form.locator('#release-content').fill(lang === 'zh' ? '系统已恢复' : 'Service restored');
    await form.locator('button[type="submit"]').click();
    await expect(page.getByTestId('closeout')).toContainText(lang === 'zh' ? '总行宣传部门 → ：系统已恢复' : 'Service restored');
  });
}

test('an exchange written only under 涉及各方 is among those notified', async ({ page }) => {
  await freezeAt(page, '2026-11-23T09:06:00');
  await page.goto('/');
  await signIn(page);
  await page.getByTestId('new-incident').click();
  await page.getByLabel('事件标题').fill('出入金报文积压');
  await page.getByLabel('发现时间').fill('2026-11-23T09:02');
  await page.getByLabel('开始时间（影响开始）').fill('2026-11-23T09:00');
  await page.getByLabel('系统异常').check();
  // No exchange's 出入金 ticked: the exchange is only named among the parties.
  await page.getByLabel('涉及各方（交易所、期货公司、监控中心等）').fill('大商所结算部；本行大连分行');
  await expect(page.getByTestId('parties-exchange-hint')).toContainText('大连商品交易所会列入通知对象');
  await page.screenshot({ path: 'test-results/shots/form-parties-hint-zh.png', fullPage: false });
  await page.getByTestId('submit-incident').click();
  await expect(page.getByTestId('level-badge')).toHaveText('Ⅲ级');
  await page.getByTestId('confirm-level').click();
  const notify = page.locator('[data-key="notify-parties"]');
  await expect(notify).toContainText('大连商品交易所、中国期货保证金监控中心、省级分行应急处置实施工作小组');
  await notify.getByTestId('discharge').click();
  await expect(page.getByLabel('对象（多个用顿号或逗号分隔）')).toHaveValue('大连商品交易所、中国期货保证金监控中心、省级分行应急处置实施工作小组');
  // Naming it does not say its fund movements are affected: no manual-business duty for it.
  await expect(page.locator('[data-key="prepare-manual-business"]')).toHaveCount(0);
});

test('我的角色 follows the typed unit and says what it is for; reminders are offered once', async ({ page }) => {
  await fakeNotifications(page);
  await freezeAt(page, '2026-11-23T09:06:00');
  await page.goto('/');
  await expect(page.getByTestId('notify-offer')).toHaveCount(0); // not before sign-in
  await signIn(page, '李值班', '大连分行交易所支行');
  await expect(page.getByTestId('my-role')).toHaveValue('exchange-branch');
  await expect(page.locator('#my-role-hint')).toHaveText('该预案角色的职责排在最前并标“我的”；记录仍以上面的单位/角色署名。');
  await expect(page.getByTestId('my-role')).toHaveAttribute('aria-describedby', 'my-role-hint');
  const offer = page.getByTestId('notify-offer');
  await expect(offer).toContainText('即使本页不在前台，桌面也会弹出提醒');
  await expect(offer).toBeInViewport(); // the screen takes focus, but the header stays in view for the offer
  await page.screenshot({ path: 'test-results/shots/header-after-sign-in-zh.png' });
  await offer.getByRole('button', { name: '开启桌面提醒' }).click();
  await expect(offer).toHaveCount(0);
  expect(await page.evaluate(() => (window as any).__asked)).toBe(1);
  // Remembered: not offered again, even though this fake forgets the answer on reload.
  await page.reload();
  await expect(page.getByTestId('operator-name')).toHaveText('李值班');
  await expect(page.getByTestId('notify-offer')).toHaveCount(0);
  // The exchange branch's duty is the officer's: tagged and first.
  await recordIncident(page, { title: '大商所出入金通讯中断', discovered: '2026-11-23T09:02', started: '2026-11-23T09:00', phenomenon: '系统异常' });
  const prepare = page.locator('[data-key="prepare-manual-business"]');
  await expect(prepare).toContainText('我的');
  // Signed with the typed text, not the role's name.
  await expect(page.getByTestId('timeline')).toContainText('李值班（大连分行交易所支行）');
});

test('declining the reminder offer is remembered; settings keeps the way to turn them on', async ({ page }) => {
  await fakeNotifications(page);
  await freezeAt(page, '2026-11-23T09:06:00');
  await page.goto('/');
  await signIn(page, '王值班', '值班员');
  await expect(page.getByTestId('my-role')).toHaveValue(''); // names no role: left unset
  await page.getByTestId('notify-decline').click();
  await expect(page.getByTestId('notify-offer')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('operator-name')).toHaveText('王值班');
  await expect(page.getByTestId('notify-offer')).toHaveCount(0);
  expect(await page.evaluate(() => (window as any).__asked)).toBe(0);
  await page.goto('/#/settings');
  await expect(page.getByTestId('notify-state')).toHaveText('桌面提醒：未开启。');
  await page.getByTestId('notify-settings-accept').click();
  await expect(page.getByTestId('notify-state')).toHaveText('桌面提醒：已开启。');
  expect(await page.evaluate(() => (window as any).__asked)).toBe(1);
});

test('a late completion asks why, and the reason is kept; the form opens in view with the cursor in it', async ({ page }) => {
  await freezeAt(page, '2026-11-23T09:06:00');
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '大商所出入金通讯中断', discovered: '2026-11-23T09:02', started: '2026-11-23T09:00', phenomenon: '系统异常' });
  await page.getByTestId('confirm-level').click();

  // On time (report to the province, due 09:07): no reason asked.
  const province = page.locator('[data-key="report-to-province"]');
  await province.getByTestId('discharge').click();
  await expect(page.locator('#discharge-when')).toBeFocused();
  await expect(page.getByTestId('discharge-late')).toHaveCount(0);
  await page.getByRole('button', { name: '保存完成记录' }).click();
  await expect(province.getByTestId('obligation-status')).toHaveText('按时完成');

  // The lowest open duty on the page, with the page scrolled to the top: its form comes into view.
  await page.clock.fastForward('15:00'); // 09:21: notify-parties (due 09:16) is overdue
  await page.evaluate(() => window.scrollTo(0, 0));
  const lowest = page.locator('[data-testid="obligation"]:visible:has([data-testid="not-applicable"])').last();
  await lowest.getByTestId('not-applicable').click();
  const naForm = lowest.locator('form.discharge-form');
  await expect(naForm).toBeInViewport();
  await expect(naForm.locator('#discharge-when')).toBeFocused();
  await naForm.getByRole('button', { name: '取消' }).click();

  const notify = page.locator('[data-key="notify-parties"]');
  // Overdue, it sits in the overdue fold: open it first.
  await page.getByTestId('fold-overdue').getByRole('button').click();
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await notify.getByTestId('discharge').click();
  const form = notify.locator('form.discharge-form');
  await expect(form).toBeInViewport();
  await expect(form.locator('#discharge-when')).toBeFocused();
  // Left at now (09:21), it is late: the reason is asked for. A time typed within the deadline is not.
  const late = form.getByTestId('discharge-late');
  await expect(late).toContainText('晚于时限（北京时间 2026-11-23 09:16）');
  await form.locator('#discharge-when').fill('2026-11-23T09:15');
  await expect(late).toHaveCount(0);
  await form.locator('#discharge-when').fill('2026-11-23T09:20');
  await expect(late).toBeVisible();
  await form.screenshot({ path: 'test-results/shots/discharge-late-zh.png' });
  await page.getByRole('button', { name: '保存完成记录' }).click();
  await expect(form.getByRole('alert')).toHaveText('完成时间晚于时限（北京时间 2026-11-23 09:16），请填写延误原因');
  await expect(notify.getByTestId('obligation-status')).toHaveText('已超时');
  await page.getByLabel('延误原因 *').fill('大商所联系人电话无人接听，改拨值班电话');
  await page.getByRole('button', { name: '保存完成记录' }).click();
  await expect(notify.getByTestId('obligation-status')).toHaveText('超时完成');
  await expect(page.getByTestId('timeline')).toContainText('延误原因：大商所联系人电话无人接听，改拨值班电话');
  // Kept in the stored log with the completion.
  await expect.poll(() => storedEvents(page)).toContain('"delay_reason":"大商所联系人电话无人接听，改拨值班电话"');
});

test('in English a duty still to do is never called missed', async ({ page }) => {
  await freezeAt(page, '2026-11-23T09:06:00');
  await page.goto('/');
  await toEnglish(page);
  await page.goto('/#/');
  await page.getByLabel('Name', { exact: true }).fill('Wang');
  await page.getByLabel('Unit/role').fill('Head office');
  await page.getByRole('button', { name: 'OK' }).click();
  await page.getByTestId('new-incident').click();
  await page.getByLabel('Incident title').fill('DCE line down');
  await page.getByLabel('Discovered at').fill('2026-11-23T09:05');
  await page.getByLabel('Started at (when the impact began)').fill('2026-11-23T09:00');
  await page.locator('input[name="phenomenon"]').first().check();
  await page.getByTestId('submit-incident').click();
  await expect(page.getByTestId('incident-page')).toBeVisible();
  // Nothing is due yet: nothing counts as not done.
  await page.goto('/#/');
  await expect(page.getByTestId('dashboard')).toContainText('0 on time, 0 done late, 0 overdue and not done');
  // Past the first deadlines (09:10) the duties are overdue, still to do: not "missed".
  await page.clock.fastForward('06:00');
  await expect(page.getByTestId('dashboard')).toContainText(/0 on time, 0 done late, [1-9] overdue and not done/);
  await expect(page.getByTestId('dashboard')).not.toContainText(/missed/i);
});
