import { expect, test } from 'vitest';
import { measureCalibration, recordStartupFigure } from '../support/calibration.ts';
import { collectSamples, SAMPLES, WARMUPS } from '../support/figures.ts';
import { coldLoadUntilMark, withHarnessAndBrowser } from '../support/harness-browser.ts';

test('renderer time to app-ready in headless Chromium', async () => {
  await withHarnessAndBrowser(async (harness, browser) => {
    // The first screen is the persona choice, ready once the demo back end has answered.
    const samples = await collectSamples(() =>
      coldLoadUntilMark(browser, harness.url, 'app-ready'),
    );
    expect(samples.every(Number.isFinite)).toBe(true);
    await recordStartupFigure(
      'renderer time to app-ready (sign-in screen, harness, headless Chromium)',
      samples,
      `p95 of ${SAMPLES} cold page loads after ${WARMUPS} warm-ups, navigation start → app-ready mark`,
      { limit: 1000, kind: 'max' },
      await measureCalibration(browser),
    );
  });
}, 300_000);
