// What a careful reviewer tried: blocked storage, read-only data, two tabs,
// typing while the level rises, recording after the fact, corrections,
// another time zone, and the keyboard alone.
import { test, expect } from '@playwright/test';
import { freezeAt, signIn, recordIncident } from './helpers';
import { faultyIdb, idbText, withoutIndexedDB } from './idb_helpers';

for (const engine of ['IndexedDB', 'localStorage'] as const) {
  const storeTest = test;
  storeTest(`${engine}: storage blocked by the browser: the app still starts and says so`, async ({ page }) => {
    if (engine === 'localStorage') await withoutIndexedDB(page);
    await page.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('blocked', 'SecurityError'); } });
    });
    await freezeAt(page, '2026-11-23T09:20:00');
    await page.goto('/');
    await expect(page.getByTestId('storage-error')).toContainText('浏览器存储不可用');
    await signIn(page);
    await recordIncident(page, { title: '存储被禁用时登记', discovered: '2026-11-23T09:12', started: '2026-11-23T09:10', phenomenon: '系统异常' });
    await expect(page.getByTestId('level-badge')).toHaveText('Ⅲ级');
  });

  storeTest(`${engine}: data from a newer version stays read-only: no setting is written and the warning stays`, async ({ page }) => {
    if (engine === 'localStorage') await withoutIndexedDB(page);
    await page.goto('/');
    await page.evaluate(() => localStorage.setItem('incident-desk:schema', '99'));
    await page.reload();
    await expect(page.getByTestId('storage-error')).toContainText('较新版本');
    await page.getByLabel('姓名', { exact: true }).fill('王值班');
    await page.getByRole('button', { name: '确定' }).click();
    await expect(page.getByTestId('storage-error')).toContainText('较新版本');
    expect(await page.evaluate(() => localStorage.getItem('incident-desk:setting:operator'))).toBeNull();
  });

  test(`${engine}: one incident failing to save stays reported while another saves fine`, async ({ page }) => {
    // The first incident written never fits, whichever store takes it.
    if (engine === 'localStorage') await withoutIndexedDB(page);
    else await faultyIdb(page, { firstIncidentFull: true });
    await page.addInitScript(() => {
      let blocked: string | null = null;
      const original = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key: string, value: string) {
        if (key.startsWith('incident-desk:incident:')) {
          blocked ??= key;
          if (key === blocked) throw new DOMException('quota', 'QuotaExceededError');
        }
        return original.call(this, key, value);
      };
    });
    await freezeAt(page, '2026-11-23T09:20:00');
    await page.goto('/');
    await signIn(page);
    await recordIncident(page, { title: '甲事件（存不进去）', discovered: '2026-11-23T09:12', started: '2026-11-23T09:10', phenomenon: '系统异常' });
    await expect(page.getByTestId('storage-error')).toContainText('存储空间已满');
    await page.goto('/#/');
    await recordIncident(page, { title: '乙事件', discovered: '2026-11-23T09:12', started: '2026-11-23T09:10', phenomenon: '系统异常' });
    await expect(page.getByTestId('incident-page').getByRole('heading', { level: 1 })).toHaveText('乙事件');
    await expect(page.getByTestId('storage-error')).toContainText('存储空间已满');
    await expect(page.getByTestId('unsaved-incident')).toHaveCount(1);
    await expect(page.getByTestId('unsaved-incident')).toContainText('“甲事件（存不进去）”');
    if (engine === 'IndexedDB') {
      await expect.poll(() => idbText(page)).toContain('乙事件');
      expect(await idbText(page)).not.toContain('甲事件（存不进去）');
    }
  });
}

test('two tabs on one incident: entries made in both survive', async ({ context }) => {
  const a = await context.newPage();
  await freezeAt(a, '2026-11-23T09:20:00');
  await a.goto('/');
  await signIn(a, '甲');
  await recordIncident(a, { title: '两个标签页', discovered: '2026-11-23T09:12', started: '2026-11-23T09:10', phenomenon: '系统异常' });
  const url = a.url();
  const b = await context.newPage();
  await freezeAt(b, '2026-11-23T09:20:00');
  await b.goto(url);
  await expect(b.getByTestId('incident-page')).toBeVisible();

  for (const [page, text] of [[a, '甲的记录'], [b, '乙的记录']] as const) {
    await page.getByTestId('add-note').click();
    await page.getByLabel('处置情况 *').fill(text);
    await page.getByRole('button', { name: '保存记录' }).click();
  }
  // The other tab's entry appears without a reload (the storage event)...
  await expect(a.getByTestId('timeline')).toContainText('乙的记录');
  await expect(b.getByTestId('timeline')).toContainText('甲的记录');
  // ...and both are stored.
  await a.reload();
  await expect(a.getByTestId('timeline')).toContainText('甲的记录');
  await expect(a.getByTestId('timeline')).toContainText('乙的记录');
});

test('text being typed survives the level rising', async ({ page }) => {
  await freezeAt(page, '2026-11-23T09:28:00');
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '升级时正在记录', discovered: '2026-11-23T09:02', started: '2026-11-23T09:00', phenomenon: '系统异常' });
  await page.getByTestId('add-note').click();
  await expect(page.getByLabel('处置情况 *')).toBeFocused();
  await page.getByLabel('处置情况 *').fill('正在联系郑商所');
  await page.clock.fastForward('03:00');
  await expect(page.getByTestId('level-badge')).toHaveText('Ⅱ级');
  await expect(page.getByLabel('处置情况 *')).toHaveValue('正在联系郑商所');
  await page.getByRole('button', { name: '保存记录' }).click();
  await expect(page.locator('#record-saved')).toBeFocused();
});

test('an outage recorded after it ended is classified by its real duration', async ({ page }) => {
  await freezeAt(page, '2026-11-23T14:00:00');
  await page.goto('/');
  await signIn(page);
  await page.getByTestId('new-incident').click();
  await page.getByLabel('事件标题').fill('上午的短时中断（事后登记）');
  await page.getByLabel('发现时间').fill('2026-11-23T09:01');
  await page.getByLabel('开始时间（影响开始）').fill('2026-11-23T09:00');
  await page.getByLabel('应用异常').check();
  await page.getByLabel('恢复时间（登记时已恢复才填写）').fill('2026-11-23T09:20');
  await page.getByTestId('submit-incident').click();
  await expect(page.getByTestId('level-badge')).toHaveText('Ⅲ级');
  await expect(page.getByTestId('duration')).toHaveText('20:00');
  await expect(page.getByTestId('rise-alert')).toHaveCount(1);
  await expect(page.getByTestId('timeline')).not.toContainText('定级为Ⅱ级');
});

test('facts can be corrected with a reason, and the level follows', async ({ page }) => {
  await freezeAt(page, '2026-11-23T10:10:00');
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '开始时间填错', discovered: '2026-11-23T10:02', started: '2026-11-23T10:00', phenomenon: '系统异常' });
  await expect(page.getByTestId('level-badge')).toHaveText('Ⅲ级');
  await page.getByTestId('correct').click();
  await expect(page.getByRole('heading', { name: '更正事件信息' })).toBeVisible();
  await expect(page.getByLabel('事件标题')).toHaveValue('开始时间填错');
  await page.getByLabel('开始时间（影响开始）').fill('2026-11-23T09:30');
  await page.getByTestId('submit-incident').click();
  await expect(page.locator('#correction-reason-error')).toHaveText('请填写更正原因');
  await expect(page.locator('#correction-reason')).toBeFocused();
  await page.locator('#correction-reason').fill('监控日志显示 09:30 已开始');
  await page.getByTestId('submit-incident').click();
  await expect(page.getByTestId('level-badge')).toHaveText('Ⅱ级');
  await expect(page.getByTestId('timeline')).toContainText('更正事件信息');
  await expect(page.getByTestId('timeline')).toContainText('监控日志显示 09:30 已开始');
});

test('a 日终 incident counts down to the next daytime start and says 待查 is provisional', async ({ page }) => {
  await freezeAt(page, '2026-11-20T18:10:00'); // Friday evening
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '周五日终批处理失败', discovered: '2026-11-20T18:05', started: '2026-11-20T18:00', phenomenon: '应用异常', endOfDay: true });
  await expect(page.getByTestId('level-badge')).toHaveText('Ⅲ级');
  await expect(page.getByTestId('level-basis')).toContainText('尚待查明，暂按未受影响定级');
  await expect(page.getByTestId('next-level')).toContainText('下一日间业务开始（2026-11-23 08:30:00）时仍未恢复，将升为Ⅱ级');
});

test.describe('far from Beijing', () => {
  test.use({ timezoneId: 'America/New_York' });
  test('the date and the form are in Beijing time even when the local date differs', async ({ page }) => {
    await freezeAt(page, '2026-11-23T09:06:00'); // 2026-11-22 20:06 in New York
    await page.goto('/');
    await expect(page.locator('.clock time')).toHaveText('2026-11-23 09:06:00');
    await signIn(page);
    await page.getByTestId('new-incident').click();
    await expect(page.getByLabel('发现时间')).toHaveValue('2026-11-23T09:06');
  });
});

test('keyboard alone: skip link, sign in, record a note', async ({ page }) => {
  await freezeAt(page, '2026-11-23T09:20:00');
  await page.goto('/');
  await expect(page.getByTestId('new-incident')).toBeVisible(); // the app has started
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: '跳到主要内容' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main')).toBeFocused();
  expect(new URL(page.url()).hash).toBe('');

  await page.getByLabel('姓名', { exact: true }).focus();
  await page.keyboard.type('键盘用户');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('operator-name')).toHaveText('键盘用户');
  await expect(page.locator('#main')).toBeFocused();

  await recordIncident(page, { title: '键盘操作', discovered: '2026-11-23T09:12', started: '2026-11-23T09:10', phenomenon: '系统异常' });
  await page.getByTestId('add-note').focus();
  await page.keyboard.press('Enter');
  await page.keyboard.type('只用键盘记录');
  await page.keyboard.press('Tab'); // past the major-progress box
  await page.keyboard.press('Tab'); // to the save button
  await expect(page.getByRole('button', { name: '保存记录' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('timeline')).toContainText('只用键盘记录');
});
