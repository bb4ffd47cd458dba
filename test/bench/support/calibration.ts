import type { Browser } from 'playwright-core';
import { figure, percentile, recordFigure, type BenchFigure, type BudgetSpec } from './figures.ts';

/** Runs of the fixed workload per calibration; the median is the figure. */
export const CALIBRATION_RUNS = 7;

/** 1,500 small generated functions, parsed and compiled by the page like a chunk. */
const CALIBRATION_SCRIPT = `${Array.from(
  { length: 1500 },
  (_, i) =>
    `function f${i}(a, b) { const o = { k: a + ${i}, v: [b, ${i}] }; return o.k * 2 + o.v.length; }`,
).join('\n')}\ndocument.documentElement.dataset.calibration = String(f1499(1, 2) + f0(3, 4));`;

/**
 * A fixed workload shaped like start-up, run inside the page: parse and
 * compile a generated module, build and sort records, round-trip them
 * through JSON, then lay out and paint a styled list. Fully deterministic
 * (a seeded generator, fixed sizes), so only the machine and its load
 * change its time. Returns milliseconds from start to after the paint.
 */
function calibrationWorkload(source: string): Promise<number> {
  const started = performance.now();
  let seed = 20261207;
  const next = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  // Script parsing and compilation, as a cold page does with its chunks: an inline script runs at once.
  const script = document.createElement('script');
  script.textContent = source;
  document.head.append(script);
  let checksum = Number(document.documentElement.dataset.calibration);
  // Allocation, sorting and JSON, as the stores and queries do.
  const records = Array.from({ length: 10_000 }, (_, i) => ({
    id: `r-${i}`,
    name: `Borger ${Math.floor(next() * 1e6)}`,
    value: next() * 200,
    flags: [next() > 0.5, next() > 0.9],
  }));
  records.sort((a, b) => a.value - b.value || (a.id < b.id ? -1 : 1));
  const parsed = JSON.parse(JSON.stringify(records)) as typeof records;
  checksum += parsed.length;
  // Style, layout and paint, as the first view does.
  const host = document.createElement('div');
  host.style.cssText = 'display:grid;grid-template-columns:repeat(6,1fr);gap:4px;width:1200px';
  for (let i = 0; i < 1000; i++) {
    const cell = document.createElement('div');
    cell.textContent = parsed[i]?.name ?? '';
    cell.style.cssText = `padding:${i % 7}px;border:1px solid #ccc;font:${12 + (i % 5)}px sans-serif`;
    host.append(cell);
  }
  document.body.append(host);
  for (const width of [1200, 900, 1100]) {
    host.style.width = `${width}px`;
    checksum += host.offsetHeight;
  }
  if (!Number.isFinite(checksum)) throw new Error('The calibration workload did not run.');
  return new Promise((resolve) => {
    requestAnimationFrame(() =>
      setTimeout(() => {
        host.remove();
        resolve(performance.now() - started);
      }, 0),
    );
  });
}

/**
 * Times the fixed workload in `browser`, each run in a fresh context (as a
 * cold page load is), and returns the median in milliseconds. Start-up
 * figures divided by it compare across machines of one kind.
 */
export async function measureCalibration(browser: Browser): Promise<number> {
  const runs: number[] = [];
  for (let i = -1; i < CALIBRATION_RUNS; i++) {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.setContent('<!doctype html><html><body></body></html>');
      const ms = await page.evaluate(calibrationWorkload, CALIBRATION_SCRIPT);
      if (i >= 0) runs.push(ms);
    } finally {
      await context.close();
    }
  }
  return percentile(runs, 50);
}

export const CALIBRATION_METHOD = `median of ${CALIBRATION_RUNS} runs after 1 warm-up, each in a fresh context: compile 1,500 generated functions, sort and JSON round-trip 10k records, lay out and paint 1,000 styled cells`;

/** Records the calibration figure itself (reported, no budget). */
export function recordCalibration(calibrationMs: number): Promise<BenchFigure> {
  return recordFigure(
    figure(
      'calibration: fixed workload (headless Chromium)',
      calibrationMs,
      'ms',
      CALIBRATION_METHOD,
    ),
  );
}

/** Records `valueMs` (a start-up figure's p95) as a ratio to the calibration of the same run. */
export function recordCalibrationRatio(
  name: string,
  valueMs: number,
  calibrationMs: number,
): Promise<BenchFigure> {
  return recordFigure(
    figure(
      `${name} ÷ calibration`,
      valueMs / calibrationMs,
      'ratio',
      `p95 divided by the calibration workload's ${Math.round(calibrationMs)} ms (${CALIBRATION_METHOD}), same browser, same run`,
    ),
  );
}

/**
 * Records a start-up figure (p95 of `samples`, with its budget) and the same
 * p95 as a ratio to the calibration measured in the same browser and run.
 */
export async function recordStartupFigure(
  name: string,
  samples: readonly number[],
  method: string,
  budget: BudgetSpec,
  calibrationMs: number,
): Promise<void> {
  const p95 = percentile(samples, 95);
  await recordFigure(figure(name, p95, 'ms', method, budget));
  await recordCalibrationRatio(name, p95, calibrationMs);
}
