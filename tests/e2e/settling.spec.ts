// Closed incidents whose figures are kept are left out of the start and read just after
// the first screen. While they are coming the list and the dashboard say so — never
// "本机尚无事件记录" — and once in, they are listed and counted.
import { test, expect, type Page } from '@playwright/test';
import { freezeAt, storedFacts } from './helpers';
import { dumpIdb, opened } from './idb_helpers';

/**
 * Holds back the answer to the app's read of the settled records (index `settled`,
 * key 1) until the page calls `__releaseSettled()`: the read itself is made, its
 * success handed to the app later, so the transaction is untouched.
 */
async function holdSettled(page: Page) {
  await page.addInitScript(() => {
    let release: () => void;
    const released = new Promise<void>((r) => (release = r));
    (window as unknown as { __releaseSettled: () => void }).__releaseSettled = () => release();
    const getAll = IDBIndex.prototype.getAll;
    IDBIndex.prototype.getAll = function (this: IDBIndex, query?: unknown, count?: number) {
      const request = getAll.call(this, query as IDBValidKey, count);
      if (this.name === 'settled' && query === 1) {
        let handler: ((e: Event) => void) | null = null;
        Object.defineProperty(request, 'onsuccess', { configurable: true, get: () => handler, set: (h) => (handler = h) });
        request.addEventListener('success', (e) => void released.then(() => handler?.call(request, e)));
      }
      return request;
    };
  });
}

const author = { name: '王五', role: '值班' };

/** Three incidents closed long ago, planted as an earlier build kept them. */
async function plantClosed(page: Page) {
  const logs: [string, object[]][] = [];
  for (let n = 0; n < 3; n++) {
    const at = new Date(Date.UTC(2025, 2, 3 + 7 * n, 2)).toISOString().replace('.000Z', 'Z');
    const later = new Date(Date.UTC(2025, 2, 3 + 7 * n, 5)).toISOString().replace('.000Z', 'Z');
    logs.push([`s${n}`, [
      { id: `s${n}-e0`, occurred_at: at, recorded_at: at, author, kind: { type: 'Opened', facts: storedFacts(`已结束的事件${n}`, at), plan_id: 'bank-depository', plan_version: '1' } },
      { id: `s${n}-e1`, occurred_at: later, recorded_at: later, author, kind: { type: 'ServiceRestored', note: '' } },
      { id: `s${n}-e2`, occurred_at: later, recorded_at: later, author, kind: { type: 'Closed', note: '处置完毕' } },
    ]]);
  }
  await page.evaluate((logs) => {
    localStorage.clear();
    localStorage.setItem('incident-desk:schema', '1');
    localStorage.setItem('incident-desk:setting:operator', JSON.stringify({ name: '王五', role: '值班' }));
    for (const [id, events] of logs) localStorage.setItem(`incident-desk:incident:${id}`, JSON.stringify({ schema: 1, data: { id, events } }));
  }, logs);
}

/** Whether every stored incident record is marked settled (closed, its figures kept). */
const allSettled = async (page: Page) => {
  const { incidents } = await dumpIdb(page);
  return incidents.length === 3 && incidents.every(([, v]) => (v as { settled?: number }).settled === 1);
};

test('closed incidents read after the first screen are said to be coming, then listed and counted', async ({ page }) => {
  await freezeAt(page, '2026-11-23T10:00:00');
  await page.goto('/');
  await plantClosed(page);
  // The first start moves them in and reads them whole (no figures yet); their figures are then kept.
  await page.reload();
  await expect(page.getByTestId('incident-row')).toHaveCount(3);
  await expect.poll(() => allSettled(page), { timeout: 20_000 }).toBe(true);

  // The next start leaves them out; their read is held back here.
  await holdSettled(page);
  await page.reload();
  await opened(page);
  await expect(page.getByTestId('list-settling')).toHaveText('正在读取本机已结束的事件……');
  await expect(page.getByTestId('dashboard-settling')).toHaveText('已结束事件的统计正在读取，读入后计入。');
  await expect(page.getByText('本机尚无事件记录', { exact: false })).toHaveCount(0);
  await expect(page.getByTestId('drills-left-out'), 'no "0 real incidents" while they are coming').toHaveCount(0);
  await expect(page.getByTestId('incident-row')).toHaveCount(0);
  // An incident's page opened meanwhile says it is being read, not that it is not here.
  await page.goto('/#/incident/s1');
  await expect(page.getByTestId('incident-reading')).toBeVisible();
  await expect(page.getByTestId('incident-missing')).toHaveCount(0);

  // Once the read is answered: the page shows the incident, the list and the dashboard have them all.
  await page.evaluate(() => (window as unknown as { __releaseSettled: () => void }).__releaseSettled());
  await expect(page.getByRole('heading', { name: '已结束的事件1' })).toBeVisible();
  await page.goto('/#/');
  await expect(page.getByTestId('incident-row')).toHaveCount(3);
  await expect(page.getByTestId('list-settling')).toHaveCount(0);
  await expect(page.getByTestId('dashboard-settling')).toHaveCount(0);
  await expect(page.getByTestId('drills-left-out')).toContainText('共 3 个真实事件');
});
