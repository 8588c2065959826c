// The passphrase lock: records encrypted at rest, a wrong passphrase changes nothing, idle time locks again.
import { test, expect, type Page } from '@playwright/test';
import { freezeAt, signIn, recordIncident } from './helpers';
import { dumpIdb, idbText } from './idb_helpers';

/** Everything the app keeps in this browser: IndexedDB, then localStorage. */
const stored = async (page: Page) =>
  (await idbText(page)) + '\n' + (await page.evaluate(() => Object.keys(localStorage).map((k) => `${k}=${localStorage.getItem(k)}`).join('\n')));

/** Whether every event and every incident summary in IndexedDB is sealed (and there is at least one of each). */
const allSealed = async (page: Page) => {
  const dump = await dumpIdb(page);
  const values = [...dump.events.map(([, v]) => (v as { event: string }).event), ...dump.incidents.map(([, v]) => (v as { summary: string }).summary)];
  return dump.events.length > 0 && dump.incidents.length > 0 && values.every((v) => v.startsWith('{"schema":2,"sealed":"'));
};
/** Whether every event and summary in IndexedDB is plain JSON again. */
const allPlain = async (page: Page) => {
  const dump = await dumpIdb(page);
  const values = [...dump.events.map(([, v]) => (v as { event: string }).event), ...dump.incidents.map(([, v]) => (v as { summary: string }).summary)];
  return dump.events.length > 0 && values.every((v) => !v.includes('"sealed"') && JSON.parse(v).id !== undefined);
};

test('turn the lock on, find the data encrypted, unlock, idle-lock, turn it off', async ({ page }) => {
  test.setTimeout(120_000);
  await freezeAt(page, '2026-11-23T10:03:00');
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '机密事件标题', discovered: '2026-11-23T10:02', started: '2026-11-23T10:01', phenomenon: '系统异常' });
  await expect.poll(() => stored(page)).toContain('机密事件标题');
  expect(await allPlain(page)).toBe(true);

  await page.goto('/#/settings');
  await page.getByLabel('口令（至少 8 个字符）').fill('值班口令2026');
  await page.getByLabel('再次输入口令').fill('值班口令2025');
  await page.getByTestId('enable-lock').click();
  await expect(page.getByTestId('lock-message')).toHaveText('两次输入的口令不一致');
  await page.getByLabel('再次输入口令').fill('值班口令2026');
  await page.getByLabel('无操作自动锁定（分钟）').fill('5');
  await page.getByTestId('enable-lock').click();
  await expect(page.getByTestId('lock-message')).toContainText('口令锁已开启', { timeout: 20_000 });
  // Sealed at rest: every event record and the summary beside the log, and no plain title anywhere.
  await expect.poll(() => allSealed(page), { timeout: 20_000 }).toBe(true);
  const sealed = await stored(page);
  expect(sealed).not.toContain('机密事件标题');
  expect(sealed).toContain('"sealed"');

  await page.reload();
  await expect(page.getByRole('heading', { name: '应急处置台已锁定' })).toBeVisible();
  await page.getByTestId('unlock-pass').fill('wrong-pass');
  await page.getByTestId('unlock').click();
  await expect(page.getByTestId('unlock-error')).toHaveText('口令不正确，未做任何改动', { timeout: 20_000 });
  expect(await stored(page)).toBe(sealed);
  await page.getByTestId('unlock-pass').fill('值班口令2026');
  await page.getByTestId('unlock').click();
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '事件' }).click({ timeout: 20_000 });
  await expect(page.getByTestId('incident-row')).toContainText('机密事件标题');

  // Five minutes without input: locked again.
  await page.clock.fastForward('05:30');
  await expect(page.getByRole('heading', { name: '应急处置台已锁定' })).toBeVisible();
  await page.getByTestId('unlock-pass').fill('值班口令2026');
  await page.getByTestId('unlock').click();
  await expect(page.getByTestId('incident-row')).toBeVisible({ timeout: 20_000 });

  // In-page navigation: a reload would ask for the passphrase again.
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '设置' }).click();
  await page.getByTestId('disable-lock').click();
  await expect(page.getByTestId('lock-message')).toContainText('口令锁已关闭');
  await expect.poll(() => allPlain(page), { timeout: 20_000 }).toBe(true);
  expect(await stored(page)).toContain('机密事件标题');
  await expect.poll(() => page.evaluate(() => localStorage.getItem('incident-desk:lock'))).toBeNull();
  await page.goto('/#/');
  await page.reload();
  await expect(page.getByTestId('incident-row')).toContainText('机密事件标题');
});
