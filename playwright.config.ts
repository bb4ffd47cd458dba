import { defineConfig } from '@playwright/test';

/** Debian's Chromium; Playwright never downloads a browser here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  // Every sign-in starts a full first sync of the persona's scope in the background (a worker
  // sealing thousands of resources); on a 2-core CI machine with two workers that competes with
  // the page, so the budget per test and per expectation is generous. Speed is measured in
  // `npm run bench`, not here.
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: true,
  reporter: [['list']],
  outputDir: 'test-results',
  projects: [
    {
      name: 'e2e',
      testDir: 'test/e2e',
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
        viewport: { width: 1366, height: 860 },
        locale: 'da-DK',
        // The clinic's time zone: dates, day boundaries and daylight-saving changes as users see them.
        timezoneId: 'Europe/Copenhagen',
        trace: 'retain-on-failure',
      },
    },
    {
      name: 'electron',
      testDir: 'test/electron',
    },
  ],
});
