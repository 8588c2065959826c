// The playbook as a duty officer meets it: confirm the level, watch the 10-minute
// deadline of 第十五条 run out, hear the alarm, record the call late.
import { test, expect } from '@playwright/test';
import { freezeAt, signIn, recordIncident } from './helpers';

test('Ⅲ confirmed at 09:07: notify by 09:17, overdue alarm, discharge recorded as late', async ({ page, context }) => {
  await context.grantPermissions(['notifications']);
  await page.addInitScript(() => {
    const w = window as any;
    w.__notes = [];
    const Real = w.Notification;
    class Spy extends Real {
      constructor(title: string, options?: NotificationOptions) { super(title, options); w.__notes.push(title); }
      static get permission() { return Real.permission; }
    }
    w.Notification = Spy;
  });
  await freezeAt(page, '2026-11-23T09:06:00');
  await page.goto('/');
  await signIn(page);
  await page.getByTestId('my-role').selectOption({ label: '总行应急处置工作小组' });
  await recordIncident(page, { title: '大商所出入金通讯中断', discovered: '2026-11-23T09:02', started: '2026-11-23T09:00', phenomenon: '系统异常' });
  await expect(page.getByTestId('level-badge')).toHaveText('Ⅲ级');

  // The level waits for the working group; the time it has waited is shown.
  const prompt = page.getByTestId('confirm-prompt');
  await expect(prompt).toContainText('Ⅲ级待总行应急处置工作小组确认');
  await page.clock.fastForward('01:00');
  await expect(prompt).toContainText('已 02:00 未确认');
  await page.getByTestId('confirm-level').click();
  await expect(prompt).toHaveCount(0);
  await expect(page.getByTestId('timeline')).toContainText('确认Ⅲ级');

  const notify = page.locator('[data-key="notify-parties"]');
  await expect(notify).toContainText('时限：2026-11-23 09:17:00（第十五条（一）1）');
  await expect(notify.getByTestId('countdown')).toHaveText('10:00');
  await expect(notify).toContainText('我的');
  await expect(notify).toContainText('大连商品交易所、中国期货保证金监控中心、省级分行应急处置实施工作小组');
  // The nearest deadline leads (the operations centre's 5-minute call, due now); the parties' notice follows.
  await expect(page.getByTestId('obligation').first()).toHaveAttribute('data-key', 'operations-to-working-group');
  await expect(notify).toHaveClass(/place-upcoming/);

  await page.clock.fastForward('10:30'); // 09:17:30
  await expect(notify.getByTestId('obligation-status')).toHaveText('已超时');
  await expect(notify.getByTestId('countdown')).toHaveText('超时 00:30');
  await expect(page).toHaveTitle(/项超时/);
  expect(await page.evaluate(() => (window as any).__notes)).toContain('义务已超时');

  // Overdue, it has folded under the duties still to be met: open the fold to record it.
  await expect(notify).toBeHidden();
  await page.getByTestId('fold-overdue').getByRole('button').click();
  await notify.getByTestId('discharge').click();
  await expect(page.getByLabel('对象（多个用顿号或逗号分隔）')).toHaveValue('大连商品交易所、中国期货保证金监控中心、省级分行应急处置实施工作小组');
  await expect(page.getByLabel('方式', { exact: true })).toHaveValue('phone');
  await page.getByLabel('凭证或编号（传真回执、邮件主题、通话对象等）').fill('电话通知大商所结算部王经理');
  // Done after the deadline: the form asks why.
  await page.getByLabel('延误原因 *').fill('结算部电话占线，重拨后接通');
  await page.getByRole('button', { name: '保存完成记录' }).click();
  await expect(notify.getByTestId('obligation-status')).toHaveText('超时完成');
  await expect(notify).toContainText('由王值班以电话完成');
  await expect(notify).toContainText('凭证：电话通知大商所结算部王经理');
  await expect(page.getByTestId('timeline')).toContainText('通知受影响各方应急联络人及省级分行实施工作小组；方式：电话');

  // The dashboard puts the next deadline that can still be met first, the late ones after it.
  await page.goto('/#/');
  await expect(page.getByTestId('deadline-board')).toBeVisible();
  await expect(page.getByTestId('deadline-board').locator('li').first()).toContainText('以传真向交易所、期货公司、监控中心提交突发事件报告单');
  await expect(page.getByTestId('deadline-board').locator('li').first()).not.toContainText('超时');
  await expect(page.getByTestId('deadline-board').locator('li').last()).toContainText('超时');
});

test('a duty that does not apply needs a reason', async ({ page }) => {
  await freezeAt(page, '2026-11-23T09:06:00');
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '银期转账超时', discovered: '2026-11-23T09:02', started: '2026-11-23T09:00', phenomenon: '应用异常' });
  const ops = page.locator('[data-key="operations-to-working-group"]');
  await ops.getByTestId('not-applicable').click();
  await page.getByRole('button', { name: '确认不适用' }).click();
  await expect(ops.getByRole('alert')).toHaveText('请填写原因');
  await page.getByLabel('不适用的原因 *').fill('由交易所支行发现，非营运中心监测');
  await page.getByRole('button', { name: '确认不适用' }).click();
  await expect(ops.getByTestId('obligation-status')).toHaveText('不适用');
  await expect(ops).toContainText('不适用：由交易所支行发现，非营运中心监测');
});

test('a form being typed survives the duty turning overdue', async ({ page }) => {
  await freezeAt(page, '2026-11-23T09:06:00');
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '数据报送中断', discovered: '2026-11-23T09:04', started: '2026-11-23T09:00', phenomenon: '数据异常' });
  const report = page.locator('[data-key="report-to-province"]');
  await report.getByTestId('discharge').click();
  await page.getByLabel('凭证或编号（传真回执、邮件主题、通话对象等）').fill('OA 2026-118');
  await page.clock.fastForward('05:00');
  await expect(report.getByTestId('obligation-status')).toHaveText('已超时');
  await expect(page.getByLabel('凭证或编号（传真回执、邮件主题、通话对象等）')).toHaveValue('OA 2026-118');
});

test('duties outlive the emergency: a restored incident still alarms for its overdue fax', async ({ page }) => {
  await freezeAt(page, '2026-11-23T10:08:00');
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '恢复后仍有待办', discovered: '2026-11-23T10:02', started: '2026-11-23T10:00', phenomenon: '系统异常' });
  await page.getByTestId('confirm-level').click();
  await page.getByTestId('restore').click();
  await page.getByRole('button', { name: '确认已恢复' }).click();
  const fax = page.locator('[data-key="fax-report-to-parties"]');
  await expect(fax.getByTestId('obligation-status')).toHaveText('待办');
  await page.clock.fastForward('31:00');
  await expect(fax.getByTestId('obligation-status')).toHaveText('已超时');
  await expect(page).toHaveTitle(/项超时/);
  await page.goto('/#/');
  await expect(page.getByTestId('deadline-board')).toContainText('以传真向交易所、期货公司、监控中心提交突发事件报告单');
});
