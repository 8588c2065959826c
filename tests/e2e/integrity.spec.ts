// Records as evidence: an entry altered outside the app is found and named, and the finding stays in the log.
import { test, expect } from '@playwright/test';
import { freezeAt, signIn, recordIncident } from './helpers';

test('an entry edited in storage is named on the next start and the finding is kept', async ({ page }) => {
  await freezeAt(page, '2026-11-23T10:03:00');
  await page.goto('/');
  await signIn(page);
  await recordIncident(page, { title: '校验测试', discovered: '2026-11-23T10:02', started: '2026-11-23T10:01', phenomenon: '系统异常' });
  await page.getByTestId('add-note').click();
  await page.getByLabel('处置情况 *').fill('已电话通知郑商所');
  await page.getByRole('button', { name: '保存记录' }).click();
  await expect(page.getByTestId('integrity')).toContainText('记录完整：2 条，校验值');

  // Someone edits the note with the browser's developer tools.
  await page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('incident-desk:incident:'))!;
    localStorage.setItem(key, localStorage.getItem(key)!.replace('已电话通知郑商所', '未通知郑商所'));
  });
  await page.reload();
  await expect(page.getByTestId('integrity')).toContainText('记录曾在应用之外被改动：第 2 条与保存时的校验值不符');
  await expect(page.getByTestId('timeline')).toContainText('发现第 2 条记录在应用之外被改动');
  await page.reload();
  await expect(page.getByTestId('integrity')).toContainText('第 2 条');

  // Reports quote the chain's last link.
  await page.getByTestId('to-form').click();
  await expect(page.getByTestId('provenance')).toContainText('校验值');
});

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
