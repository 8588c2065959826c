// End-to-end tests: the release build in dist/ (make dist), served on loopback,
// driven in Debian's Chromium. Playwright's own browser downloads are never used
// (the machine cannot reach their host), hence executablePath.
import { defineConfig } from '@playwright/test';

// E2E_PORT lets two checkouts test side by side without sharing a server.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const BASE_URL = `http://127.0.0.1:${PORT}`;
/** pouchdb-server for tests/e2e/sync.spec.ts (not 5987: the browser tests' own). */
export const COUCH_PORT = Number(process.env.E2E_COUCH_PORT ?? 5988);
/** Where it keeps its databases (so a test can stop and start it), and its pid for that. */
export const COUCH_DIR = `/tmp/incident-desk-e2e-couch-${COUCH_PORT}`;
export const COUCH_PIDFILE = `${COUCH_DIR}.pid`;

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
  webServer: [
    {
      command: `node scripts/serve.mjs dist ${PORT}`,
      url: BASE_URL,
      // /couch/ forwarded to the sync tests' server, as an intranet web server would.
      env: { COUCH_PROXY: `http://127.0.0.1:${COUCH_PORT}` },
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
      stdout: 'pipe',
    },
    {
      // The sync tests' CouchDB: pouchdb-server on a fresh directory, stopped with the run (sync.spec.ts).
      command: `node scripts/with_couch.mjs node -e "setInterval(() => {}, 1 << 30)"`,
      url: `http://127.0.0.1:${COUCH_PORT}/with-couch-ready`,
      env: { COUCH_PORT: String(COUCH_PORT), COUCH_DIR, COUCH_PIDFILE },
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
