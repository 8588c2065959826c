// End-to-end tests: the release build in dist/ (make dist), served on loopback,
// driven in Debian's Chromium. Playwright's own browser downloads are never used
// (the machine cannot reach their host), hence executablePath.
import { defineConfig } from '@playwright/test';

// E2E_PORT lets two checkouts test side by side without sharing a server.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: 'tests/e2e',
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  use: {
    baseURL: BASE_URL,
    headless: true,
    locale: 'zh-CN',
    // Deliberately NOT Asia/Shanghai: the app must show Beijing time whatever the
    // workstation's zone, and the tests prove it from a UTC+0/+1 zone.
    timezoneId: 'Europe/London',
    serviceWorkers: 'allow',
    trace: 'off',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          // No sandbox as root; the rest stops Chromium phoning home on a closed network.
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `node scripts/serve.mjs dist ${PORT}`,
    url: BASE_URL,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
    stdout: 'pipe',
  },
});
