import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import type { Language } from '../../shared/ipc/schemas.ts';
import { startHarness, type Harness } from '../harness/server/harness-server.ts';
import { SECRET_COOKIE } from '../harness/server/request-guard.ts';

interface WorkerFixtures {
  /** One harness (and demo back end) per worker, with its own user-data folder. */
  harness: Harness;
}

/**
 * A harness the test owns (not the worker's shared one), which it can stop
 * and start again on the same port with the same user-data folder: the same
 * origin, so the browser keeps the same IndexedDB, and the harness's key
 * store still holds the user's key. The demo back end restarts with it.
 */
export interface RestartableHarness {
  /** The harness running now. */
  current(): Harness;
  /** Stops the harness (and its demo back end) and starts a new one on the same port and folder. */
  restart(options?: { readonly reachable?: boolean }): Promise<Harness>;
  /** A FHIR search through the running harness's /fhir route (the gateway), as the page would. */
  fhir(path: string): Promise<Record<string, unknown>>;
}

interface TestFixtures {
  /** A harness of the test's own that can be restarted (see RestartableHarness). */
  restartableHarness: RestartableHarness;
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
      await signInThroughHash(page, harness, personaId);
      await expect(page.getByTestId('caseload-grid').or(page.getByRole('alert'))).toBeVisible();
      return page;
    });
  },
  restartableHarness: async ({}, use) => {
    const userDataDir = await mkdtemp(join(tmpdir(), 'workbench-e2e-restart-'));
    // The build as it is now, copied: a rebuild meanwhile must not swap the chunks under a long test.
    const build = await mkdtemp(join(tmpdir(), 'workbench-e2e-build-'));
    const root = join(import.meta.dirname, '../..');
    await cp(join(root, 'out/renderer'), join(build, 'renderer'), { recursive: true });
    await cp(join(root, 'out/harness/bridge.js'), join(build, 'bridge.js'));
    const start = async (port?: number) => {
      const started = await startHarness({
        userDataDir,
        rendererDir: join(build, 'renderer'),
        bridgeScript: join(build, 'bridge.js'),
        ...(port ? { port } : {}),
      });
      if (!(await started.backendReady)) throw new Error('The demo back end did not start.');
      return started;
    };
    let current = await start();
    const port = Number(new URL(current.origin).port);
    try {
      await use({
        current: () => current,
        restart: async (options = {}) => {
          await current.close();
          current = await start(port);
          if (options.reachable === false) current.runtime.gateway.setReachable(false);
          return current;
        },
        fhir: async (path) => {
          const response = await fetch(`${current.origin}/fhir/${path}`, {
            headers: {
              cookie: `${SECRET_COOKIE}=${current.secret}`,
              accept: 'application/fhir+json',
            },
          });
          if (!response.ok) throw new Error(`GET /fhir/${path} → ${response.status}`);
          return (await response.json()) as Record<string, unknown>;
        },
      });
    } finally {
      await current.close();
      await rm(userDataDir, { recursive: true, force: true });
      await rm(build, { recursive: true, force: true });
    }
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

/** Opens the app and signs in as a demo persona by its sign-in link; resolves on the caseload's URL. */
export async function signInThroughHash(
  page: Page,
  harness: Harness,
  personaId: string,
): Promise<void> {
  await page.goto(harness.url);
  await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'true');
  await page.evaluate((id) => {
    window.location.hash = `/sign-in?persona=${id}`;
  }, personaId);
  await page.waitForURL(/#\/caseload$/);
}
