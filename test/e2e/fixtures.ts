import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  test as base,
  expect,
  type Browser,
  type BrowserContext,
  type Page,
} from '@playwright/test';
import type { Language } from '../../shared/ipc/schemas.ts';
import { startHarness, type Harness } from '../harness/server/harness-server.ts';
import { SECRET_COOKIE } from '../harness/server/request-guard.ts';

/** How long a persona's first sign-in and first sync may take on a busy 2-core machine. */
const SAVE_STATE_MS = 150_000;

interface WorkerFixtures {
  /** One harness (and demo back end) per worker, with its own user-data folder. */
  harness: Harness;
  /** Per persona, the browser's state after its first sign-in and first sync in this worker. */
  syncedStates: SyncedStates;
}

/** A browser context's saved state: the harness's cookie and the encrypted cache (IndexedDB). */
export type SavedState = Awaited<ReturnType<BrowserContext['storageState']>>;

export interface SyncedStates {
  /** The saved state of `personaId` signed in and synced once; made on first use in the worker. */
  of(personaId: string): Promise<SavedState>;
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

interface TestOptions {
  /**
   * Start the test signed in as this persona with its first sync done: main
   * is signed in and the page's context holds the persona's synced cache
   * (the worker's saved state, sealed under the key the worker's harness
   * keeps). Seconds instead of a first sync. Null: signed out, empty.
   */
  syncedAs: string | null;
}

interface TestFixtures {
  /** With `syncedAs`: opens the app on the caseload from the synced cache and waits for its rows. */
  openSynced: () => Promise<Page>;
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

export const test = base.extend<TestOptions & TestFixtures, WorkerFixtures>({
  syncedAs: [null, { option: true }],
  syncedStates: [
    async ({ browser, harness }, use) => {
      const states = new Map<string, Promise<SavedState>>();
      await use({
        of: (personaId) => {
          let state = states.get(personaId);
          if (!state) {
            state = saveSyncedState(browser, harness, personaId);
            states.set(personaId, state);
          }
          return state;
        },
      });
    },
    { scope: 'worker' },
  ],
  // A persona's first sign-in and sync happen here, once per worker, within a budget of their own.
  storageState: [
    async ({ syncedAs, syncedStates, storageState }, use) => {
      await use(syncedAs ? await syncedStates.of(syncedAs) : storageState);
    },
    { scope: 'test', timeout: SAVE_STATE_MS + 30_000 },
  ],
  openSynced: async ({ page, harness, syncedAs }, use) => {
    await use(async () => {
      if (!syncedAs) throw new Error('openSynced needs test.use({ syncedAs: persona })');
      await page.goto(harness.url);
      await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'true');
      await page.waitForURL(/#\/caseload$/);
      await expect(page.getByTestId('caseload-grid').getByRole('row').nth(1)).toBeVisible();
      return page;
    });
  },
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
    async ({ harness, syncedAs }, use) => {
      harness.runtime.services.sessions.signOut();
      await harness.runtime.services.settings.update({ language: 'da' });
      harness.runtime.gateway.setReachable(true);
      if (syncedAs) harness.runtime.services.sessions.signIn(syncedAs);
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
      // The grid is there while its rows load (aria-busy): wait for the rows, or for why not.
      await expect(
        page
          .locator('[data-testid="caseload-grid"][aria-busy="false"]')
          .or(page.getByRole('alert')),
      ).toBeVisible();
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

/**
 * Signs `personaId` in through its sign-in link in a context of its own,
 * waits for the first sync to complete, and saves the context's state with
 * IndexedDB. Main's key store keeps the persona's cache key for the worker's
 * harness, so a context started from this state opens the same cache.
 */
async function saveSyncedState(
  browser: Browser,
  harness: Harness,
  personaId: string,
): Promise<SavedState> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    // Through the sign-in link, as a user would; main is signed in as the persona afterwards.
    harness.runtime.services.sessions.signOut();
    await signInThroughHash(page, harness, personaId);
    await expect(page.getByTestId('last-synced')).toContainText('Sidst synkroniseret', {
      timeout: SAVE_STATE_MS,
    });
    return await context.storageState({ indexedDB: true });
  } finally {
    await context.close();
  }
}

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
