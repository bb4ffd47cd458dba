import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import {
  startHarness,
  type Harness,
  type HarnessOptions,
} from '../../harness/server/harness-server.ts';
import { launchChromium } from './chromium.ts';

/**
 * A harness with its demo back end up, and headless Chromium, for the
 * duration of `work`; both closed afterwards whatever happens.
 */
export async function withHarnessAndBrowser<T>(
  work: (harness: Harness, browser: Browser) => Promise<T>,
  options: Omit<HarnessOptions, 'userDataDir'> = {},
): Promise<T> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'workbench-bench-'));
  const harness = await startHarness({ userDataDir, ...options });
  const browser = await launchChromium();
  try {
    if (!(await harness.backendReady))
      throw new Error('The demo back end did not start for the benchmark.');
    return await work(harness, browser);
  } finally {
    await browser.close();
    await harness.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
}

/** Opens the app in a fresh context (cold HTTP cache), waits for a performance mark and returns its time. */
export async function coldLoadUntilMark(
  browser: Browser,
  url: string,
  mark: string,
): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, mark, {
      timeout: 30_000,
    });
    return await page.evaluate(
      (name) => performance.getEntriesByName(name)[0]?.startTime ?? Number.NaN,
      mark,
    );
  } finally {
    await context.close();
  }
}
