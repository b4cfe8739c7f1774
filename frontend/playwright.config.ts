import { defineConfig } from '@playwright/test';
import { chromiumPath } from './e2e/chromium';

// End-to-end tests of the real application: e2e/global-setup.ts starts the built backend jar
// (with this dashboard inside) on a free port and a fresh embedded database under target/,
// and stops it afterwards. Playwright drives Debian's Chromium; it never downloads a browser.
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'target/e2e-results',
  globalSetup: './e2e/global-setup.ts',
  // the scenarios share one application and run in order, one at a time
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: process.env.BOTDECK_E2E_URL,
    viewport: { width: 1366, height: 900 },
    colorScheme: 'dark',
    timezoneId: 'UTC',
    locale: 'en-US',
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
