import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import type { Language } from '../../shared/ipc/schemas.ts';
import { startHarness, type Harness } from '../harness/server/harness-server.ts';

interface WorkerFixtures {
  /** One harness (and demo back end) per worker, with its own user-data folder. */
  harness: Harness;
}

interface TestFixtures {
  /** Main's state reset before each test: signed out, Danish, back end reachable. */
  freshMain: undefined;
  /** Opens the app through the harness (secret URL) and waits for the app-ready signal. */
  openApp: (hashPath?: string) => Promise<Page>;
  /** Signs in as a demo persona and waits for the caseload. */
  signIn: (personaId: string) => Promise<Page>;
  /** Sets the language in main's settings before the page opens. */
  setLanguage: (language: Language) => Promise<void>;
  /** CSP violations reported by the page during the test; expected to stay empty. */
  cspViolations: string[];
  /** Adds fault rules to the demo back end (see main/demo-backend/faults); cleared after each test. */
  addFaults: (rules: readonly Record<string, unknown>[]) => Promise<void>;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  harness: [
    async ({}, use) => {
      const userDataDir = await mkdtemp(join(tmpdir(), 'workbench-e2e-'));
      const harness = await startHarness({ userDataDir });
      const backend = await harness.backendReady;
      if (!backend) throw new Error('The demo back end did not start for the e2e harness.');
      await use(harness);
      await harness.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  freshMain: [
    async ({ harness }, use) => {
      harness.runtime.services.sessions.signOut();
      await harness.runtime.services.settings.update({ language: 'da' });
      harness.runtime.gateway.setReachable(true);
      await use(undefined);
      await adminFaults(harness, 'DELETE');
    },
    { auto: true },
  ],
  addFaults: async ({ harness }, use) => {
    await use(async (rules) => {
      await adminFaults(harness, 'POST', { faults: rules });
    });
  },
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
    await use(async (hashPath = '/sign-in') => {
      await page.goto(harness.url);
      await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'true');
      if (!page.url().endsWith(`#${hashPath}`)) {
        await page.evaluate((hash) => {
          window.location.hash = hash;
        }, hashPath);
        await page.waitForURL(new RegExp(`#${hashPath}$`));
      }
      return page;
    });
  },
  signIn: async ({ page, harness }, use) => {
    await use(async (personaId) => {
      await page.goto(harness.url);
      await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'true');
      await page.evaluate((id) => {
        window.location.hash = `/sign-in?persona=${id}`;
      }, personaId);
      await page.waitForURL(/#\/caseload$/);
      await expect(page.getByTestId('caseload-grid').or(page.getByRole('alert'))).toBeVisible();
      return page;
    });
  },
  setLanguage: async ({ harness }, use) => {
    await use(async (language) => {
      await harness.runtime.services.settings.update({ language });
    });
  },
});

/** The demo back end's admin endpoint for faults (loopback, per-run token). */
async function adminFaults(
  harness: Harness,
  method: 'POST' | 'DELETE',
  body?: unknown,
): Promise<void> {
  const backend = await harness.backendReady;
  if (!backend) throw new Error('No demo back end');
  const response = await fetch(`${backend.origin}/__admin/faults`, {
    method,
    headers: { authorization: `Bearer ${backend.adminToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok)
    throw new Error(`admin faults ${method} → ${response.status} ${await response.text()}`);
}

export { expect };
