// The main flow with the keyboard alone: no mouse, no hover. Each control is
// reached with Tab (as a user would) and used with Enter or Space.
import { test, expect, type Page } from '@playwright/test';
import { freezeAt, signIn } from './helpers';

/** Press Tab until the focused element matches `selector`; fails if it is never reached. */
async function tabTo(page: Page, selector: string, max = 120) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${selector} is not reachable with Tab`);
}

test('record an incident, confirm its level and discharge a duty with the keyboard alone', async ({ page }) => {
  await freezeAt(page, '2026-11-23T09:06:00');
  await page.goto('/');
  await signIn(page);
  await tabTo(page, '[data-testid="new-incident"]');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: '登记新事件' })).toBeVisible();
  await tabTo(page, '#title');
  await page.keyboard.type('键盘登记的事件');
  // Discovery and start keep their prefilled value: now (09:06).
  await tabTo(page, 'input[name="phenomenon"]');
  await page.keyboard.press('Space');
  await tabTo(page, '[data-testid="submit-incident"]');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('incident-page')).toBeVisible();
  await page.clock.fastForward('05:00');
  await expect(page.getByTestId('level-badge')).toHaveText('Ⅲ级');

  await tabTo(page, '[data-testid="confirm-level"]');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('confirm-prompt')).toHaveCount(0);

  const notify = page.locator('[data-key="notify-parties"]');
  await tabTo(page, '[data-key="notify-parties"] [data-testid="discharge"]');
  await page.keyboard.press('Enter');
  await tabTo(page, 'form button[type="submit"]');
  await page.keyboard.press('Enter');
  await expect(notify.getByTestId('obligation-status')).toHaveText('按时完成');
  // Settled, the duty folds away; focus goes to the cockpit, where the next duty leads (after the
  // next frame; the test's clock is frozen), not to the top of the page.
  await page.clock.runFor(100);
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('cockpit');
});
