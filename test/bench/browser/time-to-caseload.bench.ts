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

test('harness time to caseload (signed-in coordinator, default dataset)', async () => {
  const userDataDir = await mkdtemp(join(tmpdir(), 'workbench-bench-'));
  const harness = await startHarness({ userDataDir });
  const browser = await launchChromium();
  try {
    expect(await harness.backendReady).not.toBeNull();
    // The largest demo caseload; main keeps the session, so each cold page opens straight on it.
    harness.runtime.services.sessions.signIn('coordinator');
    const samples = await collectSamples(async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(harness.url);
      await page.waitForFunction(
        () => performance.getEntriesByName('caseload-rendered').length > 0,
        undefined,
        { timeout: 30_000 },
      );
      const renderedAt = await page.evaluate(
        () => performance.getEntriesByName('caseload-rendered')[0]?.startTime ?? Number.NaN,
      );
      await context.close();
      return renderedAt;
    });
    expect(samples.every(Number.isFinite)).toBe(true);
    await recordFigure(
      figure(
        'harness time to caseload (coordinator, default dataset, headless Chromium)',
        percentile(samples, 95),
        'ms',
        `p95 of ${SAMPLES} cold page loads after ${WARMUPS} warm-ups, navigation start → caseload rows rendered`,
        { limit: 2000, kind: 'max' },
      ),
    );
  } finally {
    await browser.close();
    await harness.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
});
