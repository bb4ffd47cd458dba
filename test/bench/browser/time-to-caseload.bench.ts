import { expect, test } from 'vitest';
import { measureCalibration, recordStartupFigure } from '../support/calibration.ts';
import { collectSamples, SAMPLES, WARMUPS } from '../support/figures.ts';
import { coldLoadUntilMark, withHarnessAndBrowser } from '../support/harness-browser.ts';

test('harness time to caseload (signed-in coordinator, default dataset)', async () => {
  await withHarnessAndBrowser(async (harness, browser) => {
    // The largest demo caseload; main keeps the session, so each cold page opens straight on it.
    harness.runtime.services.sessions.signIn('coordinator');
    const samples = await collectSamples(() =>
      coldLoadUntilMark(browser, harness.url, 'caseload-rendered'),
    );
    expect(samples.every(Number.isFinite)).toBe(true);
    await recordStartupFigure(
      'harness time to caseload (coordinator, default dataset, headless Chromium)',
      samples,
      `p95 of ${SAMPLES} cold page loads after ${WARMUPS} warm-ups, navigation start → caseload rows rendered`,
      { limit: 2000, kind: 'max' },
      await measureCalibration(browser),
    );
  });
}, 300_000);
