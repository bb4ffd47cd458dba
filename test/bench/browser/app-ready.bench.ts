import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { startHarness } from '../../harness/server/harness-server.ts';
import { launchChromium } from '../support/chromium.ts';
import {
  collectSamples,
  figure,
  percentile,
  recordFigure,
  SAMPLES,
  WARMUPS,
} from '../support/figures.ts';

test('renderer time to app-ready in headless Chromium', async () => {
  const userDataDir = await mkdtemp(join(tmpdir(), 'workbench-bench-'));
  const harness = await startHarness({ userDataDir });
  const browser = await launchChromium();
  try {
    // The first screen is the persona choice, which is ready once the demo back end has answered.
    expect(await harness.backendReady).not.toBeNull();
    const samples = await collectSamples(async () => {
      // A fresh context each time: a cold page with an empty HTTP cache, as at a real start.
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(harness.url);
      await page.locator('html[data-app-ready="true"]').waitFor();
      const readyAt = await page.evaluate(
        () => performance.getEntriesByName('app-ready')[0]?.startTime ?? Number.NaN,
      );
      await context.close();
      return readyAt;
    });
    expect(samples.every(Number.isFinite)).toBe(true);
    await recordFigure(
      figure(
        'renderer time to app-ready (sign-in screen, harness, headless Chromium)',
        percentile(samples, 95),
        'ms',
        `p95 of ${SAMPLES} cold page loads after ${WARMUPS} warm-ups, navigation start → app-ready mark`,
        {
          limit: 1000,
          kind: 'max',
        },
      ),
    );
  } finally {
    await browser.close();
    await harness.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
});
