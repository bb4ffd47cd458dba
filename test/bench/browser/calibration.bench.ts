import { expect, test } from 'vitest';
import { measureCalibration, recordCalibration } from '../support/calibration.ts';
import { launchChromium } from '../support/chromium.ts';

/**
 * The machine's speed in this run: start-up figures are also reported as
 * ratios to this, so runs on different machines of one kind compare.
 */
test('calibration: a fixed workload in headless Chromium', async () => {
  const browser = await launchChromium();
  try {
    const calibrationMs = await measureCalibration(browser);
    expect(calibrationMs).toBeGreaterThan(0);
    await recordCalibration(calibrationMs);
  } finally {
    await browser.close();
  }
}, 120_000);
