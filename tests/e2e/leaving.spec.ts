// Nothing lost by leaving: while an entry is not yet stored (its transaction still open, or
// storage full), closing or reloading the page makes the browser ask first; once it is
// stored the page closes without a word. An incident closed and the page reloaded at once
// keeps its closing.
import { test, expect, type Page } from '@playwright/test';
import { freezeAt, signIn, recordIncident, restoreAt, incidentIdOf, readyToCloseIII } from './helpers';
import { eventsOf, faultyIdb, setFault } from './idb_helpers';

async function note(page: Page, text: string) {
  await page.getByTestId('add-note').click();
  await page.getByLabel('处置情况 *').fill(text);
  await page.getByRole('button', { name: '保存记录' }).click();
}

/** Asks the page to close as a user would; returns the dialog's type if the page asked, and
 *  keeps the page open by answering "stay". */
async function tryToClose(page: Page): Promise<string | null> {
  let asked: string | null = null;
  const answer = (d: import('@playwright/test').Dialog) => { asked = d.type(); void d.dismiss(); };
  page.once('dialog', answer);
  await page.close({ runBeforeUnload: true });
  await new Promise((r) => setTimeout(r, 500)); // the page may be gone: not page.waitForTimeout
  page.off('dialog', answer);
  return asked;
}

test('the page asks before it closes while a note is not yet stored, and not once it is', async ({ page }) => {
  await freezeAt(page, '2026-11-23T09:20:00');
  await faultyIdb(page);
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '关闭页面前的提醒', discovered: '2026-11-23T09:12', started: '2026-11-23T09:10', phenomenon: '系统异常' });
  await page.clock.resume();

  // Handed to IndexedDB, its transaction held open: not stored yet.
  await setFault(page, '__hold', true);
  await note(page, '尚未存好的一条');
  await expect(page.getByTestId('record-saved')).toHaveText('正在保存……');
  expect(await tryToClose(page)).toBe('beforeunload');
  expect(page.isClosed()).toBe(false);
  await expect(page.getByTestId('timeline')).toContainText('尚未存好的一条');

  // Storage full: refused, kept on the page. Still asked.
  await setFault(page, '__hold', false);
  await expect(page.getByTestId('record-saved')).toHaveText('已记录');
  await setFault(page, '__full', true);
  await note(page, '存储满时的一条');
  await expect(page.getByTestId('record-saved')).toContainText('未能保存到本机');
  expect(await tryToClose(page)).toBe('beforeunload');
  expect(page.isClosed()).toBe(false);

  // Space again: the retry stores it, and the page closes without asking.
  await setFault(page, '__full', false);
  await expect(page.getByTestId('storage-error')).toHaveCount(0, { timeout: 20_000 });
  expect(await tryToClose(page)).toBeNull();
  expect(page.isClosed()).toBe(true);
});

test('an incident closed and the page reloaded at once keeps its closing', async ({ page }) => {
  await freezeAt(page, '2026-11-23T16:05:00');
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '关闭后立即刷新', discovered: '2026-11-23T15:51', started: '2026-11-23T15:50', phenomenon: '系统异常' });
  const id = incidentIdOf(page);
  await restoreAt(page, '2026-11-23T16:00');
  await readyToCloseIII(page);
  // The reload follows the click at once; should the write still be open, the page asks and
  // the test answers "leave", so what is checked is what storage kept.
  page.on('dialog', (d) => void d.accept());
  await page.getByTestId('close-incident').click();
  await page.reload();
  await expect(page.getByTestId('integrity')).toContainText('9 条');
  await expect(page.getByTestId('closed')).toBeVisible();
  expect((await eventsOf(page, id)).length).toBe(9);
  await page.goto('/#/');
  await expect(page.getByTestId('incident-row').first()).toContainText('已关闭');
});
