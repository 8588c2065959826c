// Records as evidence: an entry altered outside the app is found and named, and the finding stays in the log.
import { test, expect } from '@playwright/test';
import { freezeAt, signIn, recordIncident, incidentIdOf } from './helpers';
import { deleteIncidentIdb, eventsOf, incidentIds, putIdb, withoutIndexedDB } from './idb_helpers';

for (const engine of ['IndexedDB', 'localStorage'] as const) {
  test(`${engine}: an entry edited in storage is named on the next start and the finding is kept`, async ({ page }) => {
    if (engine === 'localStorage') await withoutIndexedDB(page);
    await freezeAt(page, '2026-11-23T10:03:00');
    await page.goto('/');
    await signIn(page);
    await recordIncident(page, { title: '校验测试', discovered: '2026-11-23T10:02', started: '2026-11-23T10:01', phenomenon: '系统异常' });
    const id = incidentIdOf(page);
    await page.getByTestId('add-note').click();
    await page.getByLabel('处置情况 *').fill('已电话通知郑商所');
    await page.getByRole('button', { name: '保存记录' }).click();
    await expect(page.getByTestId('record-saved')).toHaveText('已记录');
    await expect(page.getByTestId('integrity')).toContainText('记录完整：2 条，校验值');

    // Someone edits the note with the browser's developer tools.
    if (engine === 'IndexedDB') {
      const events = await eventsOf(page, id);
      const [position, note] = events.find(([, v]) => v.event.includes('已电话通知郑商所'))!;
      expect(position).toBe(1);
      await putIdb(page, 'events', [id, position], { ...note, event: note.event.replace('已电话通知郑商所', '未通知郑商所') });
    } else {
      await page.evaluate(() => {
        const key = Object.keys(localStorage).find((k) => k.startsWith('incident-desk:incident:'))!;
        localStorage.setItem(key, localStorage.getItem(key)!.replace('已电话通知郑商所', '未通知郑商所'));
      });
    }
    await page.reload();
    await expect(page.getByTestId('integrity')).toContainText('记录曾在应用之外被改动：第 2 条与保存时的校验值不符');
    await expect(page.getByTestId('timeline')).toContainText('发现第 2 条记录在应用之外被改动');
    await expect(page.getByTestId('timeline')).toContainText('未通知郑商所');
    // Found once: the next start shows the same finding and records no other.
    await page.reload();
    await expect(page.getByTestId('integrity')).toContainText('记录曾在应用之外被改动：第 2 条与保存时的校验值不符');
    if (engine === 'IndexedDB') {
      // The finding is an entry of the log, stored like any other, once.
      const stored = (await eventsOf(page, id)).map(([, v]) => v.event);
      expect(stored.length).toBe(3);
      expect(stored[2]).toContain('IntegrityBroken');
    }

    // Reports quote the chain's last link.
    await page.getByTestId('to-form').click();
    await expect(page.getByTestId('provenance')).toContainText('校验值');
  });
}

test('a Content-Security-Policy allows only the app\'s own scripts and connections, and nothing violates it', async ({ page }) => {
  await page.addInitScript(() => {
    (window as any).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as any).__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await freezeAt(page, '2026-11-23T10:03:00');
  await page.goto('/');
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("default-src 'none'");
  expect(policy).toContain("connect-src 'self'");
  expect(policy).not.toContain('unsafe-inline');
  await signIn(page);
  await recordIncident(page, { title: '<img src=x onerror=alert(1)>', discovered: '2026-11-23T10:02', started: '2026-11-23T10:01', phenomenon: '系统异常' });
  await expect(page.getByTestId('incident-page').getByRole('heading', { level: 1 })).toHaveText('<img src=x onerror=alert(1)>');
  await page.getByTestId('to-summary').click();
  await expect(page.getByTestId('report')).toBeVisible();
  expect(await page.evaluate(() => (window as any).__csp)).toEqual([]);
});

test('an incident packet carried to another workstation: checked, previewed, merged both ways', async ({ browser, baseURL }) => {
  const { readFileSync } = await import('node:fs');
  const branch = await (await browser.newContext({ baseURL, timezoneId: 'Europe/London' })).newPage();
  await freezeAt(branch, '2026-11-23T10:03:00');
  await branch.goto('/');
  await signIn(branch, '支行甲');
  await recordIncident(branch, { title: '支行发现的中断', discovered: '2026-11-23T10:02', started: '2026-11-23T10:01', phenomenon: '系统异常' });
  const [d1] = await Promise.all([branch.waitForEvent('download'), branch.getByTestId('export-packet').click()]);
  const packet = readFileSync(await d1.path(), 'utf8');

  const head = await (await browser.newContext({ baseURL, timezoneId: 'Europe/London' })).newPage();
  await freezeAt(head, '2026-11-23T10:05:00');
  await head.goto('/');
  await signIn(head, '总行乙');
  // A packet altered on the way is refused, naming the entry.
  await head.getByTestId('import-packet').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(packet.replace('支行发现的中断', '被改过的标题')) });
  await expect(head.getByTestId('packet-message')).toContainText('第 1 条记录');
  await expect(head.getByTestId('packet-message')).toContainText('本机数据未做任何改动');
  // Hostile: not JSON at all.
  await head.getByTestId('import-packet').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('<script>alert(1)</script>') });
  await expect(head.getByTestId('packet-message')).toContainText('不是有效的事件包');

  await head.getByTestId('import-packet').setInputFiles({ name: 'p.json', mimeType: 'application/json', buffer: Buffer.from(packet) });
  await expect(head.getByTestId('packet-preview')).toContainText('本机尚无此事件，将新增');
  await head.getByTestId('confirm-packet').click();
  await expect(head.getByTestId('incident-page').getByRole('heading', { level: 1 })).toHaveText('支行发现的中断');
  await head.getByTestId('add-note').click();
  await head.getByLabel('处置情况 *').fill('总行已通知监控中心');
  await head.getByRole('button', { name: '保存记录' }).click();
  const [d2] = await Promise.all([head.waitForEvent('download'), head.getByTestId('export-packet').click()]);

  await branch.goto('/#/');
  await branch.getByTestId('import-packet').setInputFiles(await d2.path());
  await expect(branch.getByTestId('packet-preview')).toContainText('本机已有此事件，将合并');
  await branch.getByTestId('confirm-packet').click();
  await expect(branch.getByTestId('timeline')).toContainText('总行已通知监控中心');
  await expect(branch.getByTestId('integrity')).toContainText('记录完整');
});

test('a full backup restores into an empty browser and merges into a busy one without replacing anything', async ({ browser, baseURL }) => {
  const a = await (await browser.newContext({ baseURL, timezoneId: 'Europe/London' })).newPage();
  await freezeAt(a, '2026-11-23T10:03:00');
  await a.goto('/');
  await signIn(a, '甲');
  await recordIncident(a, { title: '备份中的事件', discovered: '2026-11-23T10:02', started: '2026-11-23T10:01', phenomenon: '系统异常' });
  await a.goto('/#/');
  const [d] = await Promise.all([a.waitForEvent('download'), a.getByTestId('export-backup').click()]);
  const file = await d.path();

  const b = await (await browser.newContext({ baseURL, timezoneId: 'Europe/London' })).newPage();
  await b.goto('/');
  await b.getByTestId('import-backup').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"incident-desk-backup"}') });
  await expect(b.getByTestId('backup-message')).toContainText('不是有效的备份文件');
  await b.getByTestId('import-backup').setInputFiles(file);
  await expect(b.getByTestId('backup-preview')).toContainText('备份中的事件：新增');
  await b.getByTestId('confirm-backup').click();
  await b.goto('/#/');
  await expect(b.getByTestId('incident-row')).toContainText('备份中的事件');

  // Restoring the same backup again where more was recorded since: nothing is replaced.
  await a.getByTestId('incident-row').getByRole('link').click();
  await a.getByTestId('add-note').click();
  await a.getByLabel('处置情况 *').fill('备份之后的记录');
  await a.getByRole('button', { name: '保存记录' }).click();
  await a.goto('/#/');
  await a.getByTestId('import-backup').setInputFiles(file);
  await expect(a.getByTestId('backup-preview')).toContainText('合并 0 条新记录');
  await a.getByTestId('confirm-backup').click();
  await a.getByTestId('incident-row').getByRole('link').click();
  await expect(a.getByTestId('timeline')).toContainText('备份之后的记录');
});

for (const engine of ['IndexedDB', 'localStorage'] as const) {
  test(`${engine}: an incident deleted from storage outside the app is reported on the next start`, async ({ page }) => {
    if (engine === 'localStorage') await withoutIndexedDB(page);
    await freezeAt(page, '2026-11-23T10:03:00');
    await page.goto('/');
    await signIn(page);
    await recordIncident(page, { title: '将被删除', discovered: '2026-11-23T10:02', started: '2026-11-23T10:01', phenomenon: '系统异常' });
    const id = incidentIdOf(page);
    await expect(page.getByTestId('incident-page').getByRole('heading', { level: 1 })).toHaveText('将被删除');
    if (engine === 'IndexedDB') {
      await expect.poll(() => incidentIds(page)).toEqual([id]);
      await deleteIncidentIdb(page, id);
      // The index of ids in localStorage still names it.
      expect(await page.evaluate(() => localStorage.getItem('incident-desk:index'))).toContain(id);
    } else {
      await page.evaluate(() => {
        for (const k of Object.keys(localStorage)) if (k.startsWith('incident-desk:incident:')) localStorage.removeItem(k);
      });
    }
    await page.goto('/#/');
    await page.reload();
    const alert = page.getByRole('alert').filter({ hasText: '部分已存数据无法读取' });
    await expect(alert).toContainText('在应用之外被删除或清除');
    if (engine === 'IndexedDB') await expect(alert).toContainText(`事件 ${id} 的记录已不在本机存储中（在应用之外被删除或清除）；如有备份或事件包，可从中恢复。`);
    await expect(page.getByTestId('incident-row')).toHaveCount(0);
  });
}
