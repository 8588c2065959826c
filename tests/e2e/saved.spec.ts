// "Saved" means saved (issue 14, findings 5, 6 and part of 9): a full store never gets a green
// "已记录", the banner names the incident left unsaved and retries it until space is freed; the
// calendar import is previewed, refuses a typo year unless confirmed, counts distinct dates and can
// be undone; a UTF-16 file gets an encoding hint; a huge confirmation list is refused before it
// fills the store.
//
// The storage tests run on both engines: IndexedDB (writes fail as a full disk makes them fail)
// and localStorage, which the app falls back to when the browser gives no IndexedDB.
import { test, expect, type Page } from '@playwright/test';
import { freezeAt, signIn, recordIncident } from './helpers';
import { faultyIdb, setFault, storedEvents, withoutIndexedDB, IDB_UNAVAILABLE, ON_LOCAL_STORAGE } from './idb_helpers';

type Engine = 'IndexedDB' | 'localStorage';

/** Opens the app on `engine`, ready for `fillStorage`. */
async function start(page: Page, engine: Engine) {
  if (engine === 'IndexedDB') await faultyIdb(page);
  else await withoutIndexedDB(page);
  await page.goto('/');
  if (engine === 'localStorage') {
    // It says which store it runs on, and why.
    const notice = page.getByTestId('store-notice').filter({ hasText: IDB_UNAVAILABLE });
    await expect(notice).toContainText(ON_LOCAL_STORAGE);
    await expect(notice).toContainText('如处于无痕窗口或受策略限制，请改用普通窗口。');
  } else {
    await expect(page.getByRole('alert').filter({ hasText: 'IndexedDB' })).toHaveCount(0);
  }
}

/** From now on every write to `engine` fails as a full store does, until `freeSpace`. */
async function fillStorage(page: Page, engine: Engine) {
  if (engine === 'IndexedDB') return setFault(page, '__full', true);
  await page.evaluate(() => {
    const w = window as unknown as { __full: boolean };
    w.__full = true;
    const original = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key: string, value: string) {
      if (w.__full) throw new DOMException('quota', 'QuotaExceededError');
      return original.call(this, key, value);
    };
  });
}

async function freeSpace(page: Page, engine: Engine) {
  if (engine === 'IndexedDB') return setFault(page, '__full', false);
  await page.evaluate(() => { (window as unknown as { __full: boolean }).__full = false; });
}

/** What `engine` holds of the incidents' logs, as text. */
async function stored(page: Page, engine: Engine): Promise<string> {
  if (engine === 'IndexedDB') return storedEvents(page);
  return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('incident-desk:incident:')).map((k) => localStorage.getItem(k)).join(''));
}

/** Pastes a long text into the calendar box at once (typing 8,000 lines through `fill` takes minutes). */
async function paste(page: Page, text: string) {
  await page.getByTestId('calendar-text').evaluate((el, value) => {
    (el as HTMLTextAreaElement).value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}

async function note(page: Page, text: string) {
  await page.getByTestId('add-note').click();
  await page.getByLabel('处置情况 *').fill(text);
  await page.getByRole('button', { name: '保存记录' }).click();
}

for (const engine of ['IndexedDB', 'localStorage'] as Engine[]) {
  const storageTest = test;
  storageTest(`${engine}: with storage full a note is never confirmed as saved; the banner names the incident and it is saved once space is freed`, async ({ page }) => {
    await freezeAt(page, '2026-11-23T09:20:00');
    await start(page, engine);
    await signIn(page);
    await recordIncident(page, { title: '存储已满时的记录', discovered: '2026-11-23T09:12', started: '2026-11-23T09:10', phenomenon: '系统异常' });
    await expect(page.getByTestId('level-badge')).toHaveText('Ⅲ级');
    // While storage takes it: green.
    await note(page, '已联系大商所');
    await expect(page.getByTestId('record-saved')).toHaveText('已记录');
    await expect(page.getByTestId('record-saved')).toHaveClass('saved');
    await expect(page.getByTestId('storage-error')).toHaveCount(0);
    if (engine === 'IndexedDB') {
      // Handed to the database but its transaction not yet complete: "正在保存……", not yet green.
      await setFault(page, '__hold', true);
      await note(page, '保存中的一条');
      await expect(page.getByTestId('timeline')).toContainText('保存中的一条');
      await expect(page.getByTestId('record-saved')).toHaveText('正在保存……');
      await expect(page.getByTestId('record-saved')).toHaveClass('unsaved');
      await setFault(page, '__hold', false);
      await expect(page.getByTestId('record-saved')).toHaveText('已记录');
      await expect(page.getByTestId('record-saved')).toHaveClass('saved');
      expect(await stored(page, engine)).toContain('保存中的一条');
    }

    await fillStorage(page, engine);
    await note(page, '存储满时记下的第一条');
    const saved = page.getByTestId('record-saved');
    await expect(saved).toContainText('已记在本页，但未能保存到本机');
    await expect(saved).toContainText('导出完整备份');
    await expect(saved).not.toContainText('已记录');
    await expect(saved).toHaveClass('unsaved');
    // The entry stays on the page, and the banner names the incident and counts its entries.
    await expect(page.getByTestId('timeline')).toContainText('存储满时记下的第一条');
    const banner = page.getByTestId('storage-error');
    await expect(banner.getByTestId('unsaved-incident')).toHaveText('“存储已满时的记录”：1 条记录只在本页，未能保存到本机');
    await expect(banner).toContainText('存储空间已满');
    await note(page, '存储满时记下的第二条');
    await expect(page.getByTestId('record-saved')).toHaveClass('unsaved');
    await expect(banner.getByTestId('unsaved-incident')).toHaveText('“存储已满时的记录”：2 条记录只在本页，未能保存到本机');

    // The retry runs by itself and says so; while storage stays full it keeps both entries waiting.
    await page.clock.fastForward(1000);
    await expect(banner.getByTestId('retry-status')).toContainText('正在重试…');
    await expect(banner.getByTestId('retry-status')).toContainText('已试 1 次');
    await page.clock.fastForward(10_000);
    await expect(banner.getByTestId('retry-status')).toContainText('已试 2 次');
    await expect(banner.getByTestId('unsaved-incident')).toContainText('2 条记录');
    expect(await stored(page, engine)).not.toContain('存储满时记下的第一条');

    // Space is freed (as archiving closed incidents would): the next retry saves both, visibly.
    await freeSpace(page, engine);
    await page.clock.fastForward(10_000);
    await expect(page.getByTestId('caught-up')).toContainText('已补存：“存储已满时的记录”的 2 条记录已保存到本机。');
    await expect(page.getByTestId('storage-error')).toHaveCount(0);
    // The form's amber line turns green, saying it was saved afterwards.
    await expect(page.getByTestId('record-saved')).toHaveText('已记录（已补存到本机）');
    await expect(page.getByTestId('record-saved')).toHaveClass('saved');
    expect(await stored(page, engine)).toContain('存储满时记下的第二条');
    await page.reload();
    await expect(page.getByTestId('timeline')).toContainText('存储满时记下的第一条');
    await expect(page.getByTestId('timeline')).toContainText('存储满时记下的第二条');
  });

  storageTest(`${engine}: a write that goes through elsewhere retries at once; the retry can be asked for too`, async ({ page }) => {
    await freezeAt(page, '2026-11-23T09:20:00');
    await start(page, engine);
    await signIn(page);
    await recordIncident(page, { title: '乙事件', discovered: '2026-11-23T09:12', started: '2026-11-23T09:10', phenomenon: '系统异常' });
    // The opening and its level are written first (IndexedDB confirms them a moment later): only the
    // note below is recorded while storage is full.
    await expect.poll(async () => (await stored(page, engine)).includes('Classified')).toBe(true);
    await fillStorage(page, engine);
    await note(page, '只在本页');
    await expect(page.getByTestId('unsaved-incident')).toContainText('“乙事件”：1 条记录');
    // "立即重试" while still full: tried, still waiting, nothing lost.
    await page.getByTestId('retry-now').click();
    await expect(page.getByTestId('retry-status')).toContainText('已试');
    await expect(page.getByTestId('unsaved-incident')).toContainText('1 条记录');
    // Space freed, then any save that goes through (here: the operator's name) takes the waiting entry along,
    // without waiting for the ten-second retry.
    await freeSpace(page, engine);
    await page.getByRole('button', { name: '更换' }).click();
    await page.getByLabel('姓名', { exact: true }).fill('李值班');
    await page.getByRole('button', { name: '确定' }).click();
    await expect(page.getByTestId('caught-up')).toContainText('已补存：“乙事件”的 1 条记录已保存到本机。');
    await expect(page.getByTestId('storage-error')).toHaveCount(0);
    await page.getByTestId('caught-up').getByRole('button', { name: '知道了' }).click();
    await expect(page.getByTestId('caught-up')).toHaveCount(0);
  });

  storageTest(`${engine}: a new incident opened while storage is full is named in the banner and saved once space is freed`, async ({ page }) => {
    await freezeAt(page, '2026-11-23T09:20:00');
    await start(page, engine);
    await signIn(page);
    await fillStorage(page, engine);
    await recordIncident(page, { title: '满时登记的事件', discovered: '2026-11-23T09:12', started: '2026-11-23T09:10', phenomenon: '系统异常' });
    await expect(page.getByTestId('incident-page').getByRole('heading', { level: 1 })).toHaveText('满时登记的事件');
    // Its opening entry and its first level are both waiting.
    await expect(page.getByTestId('unsaved-incident')).toHaveText('“满时登记的事件”：2 条记录只在本页，未能保存到本机');
    await freeSpace(page, engine);
    await page.clock.fastForward(11_000);
    await expect(page.getByTestId('caught-up')).toContainText('“满时登记的事件”的 2 条记录已保存到本机');
    await page.reload();
    await expect(page.getByTestId('incident-page').getByRole('heading', { level: 1 })).toHaveText('满时登记的事件');
  });
}

test('the calendar import is previewed, refuses a typo year unless confirmed, counts distinct dates, and is undone', async ({ page }) => {
  await freezeAt(page, '2026-12-01T09:00:00');
  await page.goto('/#/calendar');
  const years = page.getByTestId('calendar-years');
  await expect(years).toHaveText('2025、2026');
  await expect(page.getByTestId('calendar-coverage')).toContainText('未导入2027年的节假日安排');

  // 8,000 copies of one line, one more date, and a typo year: the preview shows it all before anything changes.
  const text = '2027-01-01,休\n'.repeat(8000) + '2027-01-02,休\n2072-01-01,休';
  await paste(page, text);
  const preview = page.getByTestId('calendar-preview');
  await expect(preview).toContainText('共 8002 行，3 个不同日期（重复的 7999 行只计一次）');
  const lines = preview.getByTestId('calendar-preview-year');
  await expect(lines).toHaveCount(2);
  await expect(lines.nth(0)).toContainText('2027年：新增 2 天，改变 0 天，不变 0 天');
  await expect(lines.nth(0)).toContainText('该年此前没有安排');
  await expect(lines.nth(1)).toContainText('2072年：新增 1 天');
  await expect(lines.nth(1)).toContainText('不在 2024–2028 年之内');
  await expect(years).toHaveText('2025、2026');

  // Not confirmed: refused whole.
  await page.getByTestId('import-calendar').click();
  await expect(page.getByTestId('calendar-result')).toContainText('未导入');
  await expect(page.getByTestId('calendar-result')).toContainText('2072 年不在 2024–2028 年之内');
  await expect(years).toHaveText('2025、2026');

  // The typo fixed: imported, counted as distinct dates.
  await paste(page, '2027-01-01,休\n'.repeat(8000) + '2027-01-02,休');
  await expect(preview.getByTestId('calendar-preview-year')).toHaveCount(1);
  await page.getByTestId('import-calendar').click();
  await expect(page.getByTestId('calendar-result')).toHaveText('已导入 2 个日期。');
  await expect(years).toHaveText('2025、2026、2027');
  await expect(page.getByTestId('calendar-coverage')).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.getItem('incident-desk:setting:calendar-extra'))).toBe('"2027-01-01,休\\n2027-01-02,休"');

  // Importing the same again changes nothing and says so.
  await page.getByTestId('calendar-text').fill('2027-01-02,休');
  await expect(preview).toContainText('导入不会改变任何日期');
  await page.getByTestId('import-calendar').click();
  await expect(page.getByTestId('calendar-result')).toContainText('没有变化');

  // Undo: the stored text from before the import comes back, and 2027 is again assumed.
  await page.reload();
  const undo = page.getByTestId('undo-calendar');
  await expect(undo).toHaveText('撤销上次导入（2027年，2 个日期）');
  await undo.click();
  await expect(page.getByTestId('calendar-result')).toContainText('已撤销上次导入（2027年，2 个日期）');
  await expect(years).toHaveText('2025、2026');
  await expect(page.getByTestId('calendar-coverage')).toContainText('未导入2027年的节假日安排');
  await expect(page.getByTestId('undo-calendar')).toHaveCount(0);
  await page.reload();
  await expect(years).toHaveText('2025、2026');
  expect(await page.evaluate(() => localStorage.getItem('incident-desk:setting:calendar-extra'))).toBe('""');

  // A far year confirmed explicitly is imported, and covers only itself: 2027 is still missing.
  await page.getByTestId('calendar-text').fill('2072-01-01,休');
  await page.getByTestId('confirm-year').getByRole('checkbox').check();
  await page.getByTestId('import-calendar').click();
  await expect(page.getByTestId('calendar-result')).toHaveText('已导入 1 个日期。');
  await expect(years).toHaveText('2025、2026、2072');
  await expect(page.getByTestId('calendar-coverage')).toContainText('未导入2027年的节假日安排');
  await page.getByTestId('undo-calendar').click();
  await expect(years).toHaveText('2025、2026');
});

test('a UTF-16 CSV gets an encoding hint, not a header message', async ({ page }) => {
  await page.goto('/#/contacts');
  const csv = '类别,单位,职务/角色,姓名,办公电话,手机,传真,邮箱\r\n交易所,上海期货交易所,值班室,张三,021-1234,,,\r\n';
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]);
  await page.getByTestId('import-csv').setInputFiles({ name: 'contacts-utf16.csv', mimeType: 'text/csv', buffer: utf16 });
  const message = page.getByTestId('contacts-message');
  await expect(message).toContainText('文件似乎是 UTF-16 编码');
  await expect(message).toContainText('CSV UTF-8');
  await expect(message).not.toContainText('表头');
});

// The room judged is localStorage's (about 5 MB): the fallback's limit, so it runs there.
test('localStorage: a 50,000-row confirmation list is refused before it fills the store; a large one is asked about first', async ({ page }) => {
  test.setTimeout(90_000);
  await freezeAt(page, '2026-11-23T10:30:00');
  await start(page, 'localStorage');
  await signIn(page, '王经办', '郑州分行营业部');
  await recordIncident(page, { title: '对账清单过大', discovered: '2026-11-23T10:02', started: '2026-11-23T10:00', phenomenon: '系统异常', futuresCompanies: '甲期货' });
  await page.getByTestId('to-transfers').click();
  // One counter transfer puts the company in the reconciliation picker.
  const form = page.getByRole('form', { name: '登记柜面转账' });
  await form.getByLabel('银转期').check();
  await form.locator('#tr-customer').fill('张三');
  await form.locator('#tr-bank-account').fill('6222020012341001');
  await form.locator('#tr-company').selectOption('甲期货');
  await form.locator('#tr-futures-account').fill('80010001');
  await form.locator('#tr-amount').fill('100');
  await form.locator('#tr-voucher').fill('V001');
  await form.locator('#tr-reviewer').fill('李复核');
  await page.getByTestId('save-transfer').click();
  await expect(page.getByTestId('transfer-saved')).toContainText('张三');
  await page.getByTestId('recon-company').selectOption('甲期货');
  const list = (n: number) => ['凭证号,期货资金账号,金额', ...Array.from({ length: n }, (_, i) => `V${String(i).padStart(6, '0')},8001${String(i).padStart(6, '0')},100.00`)].join('\n');
  const used = () => page.evaluate(() => Object.keys(localStorage).reduce((n, k) => n + k.length + (localStorage.getItem(k) ?? '').length, 0));
  const before = await used();

  await page.getByTestId('import-confirmations').setInputFiles({ name: 'huge.csv', mimeType: 'text/csv', buffer: Buffer.from(list(50_000), 'utf8') });
  // Reading 50,000 rows takes a few seconds in a debug build.
  await expect(page.getByTestId('recon-message')).toContainText('对账清单未导入：这份清单有 50000 行', { timeout: 30_000 });
  await expect(page.getByTestId('recon-message')).toContainText('放不下');
  expect(await used()).toBe(before);

  // 3,000 rows fit but take a large share: asked first; cancelling writes nothing.
  await page.getByTestId('import-confirmations').setInputFiles({ name: 'large.csv', mimeType: 'text/csv', buffer: Buffer.from(list(3_000), 'utf8') });
  const warning = page.getByTestId('recon-size-warning');
  await expect(warning).toContainText('这份清单有 3000 行');
  await expect(warning).toContainText('确定导入吗');
  await warning.getByRole('button', { name: '取消导入' }).click();
  await expect(page.getByTestId('recon-message')).toHaveText('已取消，对账清单未导入。');
  expect(await used()).toBe(before);
  // Confirmed, it is imported and saved.
  await page.getByTestId('import-confirmations').setInputFiles({ name: 'large.csv', mimeType: 'text/csv', buffer: Buffer.from(list(3_000), 'utf8') });
  await page.getByTestId('recon-import-anyway').click();
  await expect(page.getByTestId('recon-message')).toHaveText('已导入甲期货对账清单 3000 行。');
  expect(await used()).toBeGreaterThan(before + 250_000);
});
