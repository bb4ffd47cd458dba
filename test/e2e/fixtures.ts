import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { startHarness, type Harness } from '../harness/server/harness-server.ts';

interface WorkerFixtures {
  /** One harness per worker, with its own user-data folder; pages get fresh browser contexts. */
  harness: Harness;
}

interface TestFixtures {
  /** Opens the app through the harness (secret URL) and waits for the app-ready signal. */
  openApp: (hashPath?: string) => Promise<Page>;
  /** CSP violations reported by the page during the test; expected to stay empty. */
  cspViolations: string[];
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  harness: [
    async ({}, use) => {
      const userDataDir = await mkdtemp(join(tmpdir(), 'workbench-e2e-'));
      const harness = await startHarness({ userDataDir });
      await use(harness);
      await harness.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  cspViolations: async ({ page }, use) => {
    const violations: string[] = [];
    await page.exposeFunction('__reportCspViolation', (text: string) => violations.push(text));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        const report = (window as unknown as { __reportCspViolation: (text: string) => void })
          .__reportCspViolation;
        report(
          `${event.violatedDirective} blocked ${event.blockedURI || '(inline)'} ${event.sample}`,
        );
      });
    });
    await use(violations);
  },
  openApp: async ({ page, harness }, use) => {
    await use(async (hashPath = '/caseload') => {
      await page.goto(harness.url);
      await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'true');
      // Let the start-up redirect to the caseload settle before moving on, or the two navigations race.
      await page.waitForURL(/#\/caseload$/);
      if (hashPath !== '/caseload') {
        await page.evaluate((hash) => {
          window.location.hash = hash;
        }, hashPath);
        await page.waitForURL(new RegExp(`#${hashPath}$`));
      }
      return page;
    });
  },
});

export { expect };
