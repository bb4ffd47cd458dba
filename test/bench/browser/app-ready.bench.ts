import { expect, test } from 'vitest';
import {
  collectSamples,
  figure,
  percentile,
  recordFigure,
  SAMPLES,
  WARMUPS,
} from '../support/figures.ts';
import { coldLoadUntilMark, withHarnessAndBrowser } from '../support/harness-browser.ts';

test('renderer time to app-ready in headless Chromium', async () => {
  await withHarnessAndBrowser(async (harness, browser) => {
    // The first screen is the persona choice, ready once the demo back end has answered.
    const samples = await collectSamples(() =>
      coldLoadUntilMark(browser, harness.url, 'app-ready'),
    );
    expect(samples.every(Number.isFinite)).toBe(true);
    await recordFigure(
      figure(
        'renderer time to app-ready (sign-in screen, harness, headless Chromium)',
        percentile(samples, 95),
        'ms',
        `p95 of ${SAMPLES} cold page loads after ${WARMUPS} warm-ups, navigation start → app-ready mark`,
        { limit: 1000, kind: 'max' },
      ),
    );
  });
}, 300_000);
