import { appendFile } from 'node:fs/promises';

/** One line of bench-results.json. `budget` and `pass` are null for a figure that is only reported. */
export interface BenchFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly budget: number | null;
  readonly pass: boolean | null;
  /** How the value was obtained, e.g. "p95 of 20 samples after 3 warm-ups". */
  readonly method: string;
}

export interface BudgetSpec {
  readonly limit: number;
  /** 'max': the value must stay at or below the limit; 'min': at or above it. */
  readonly kind: 'max' | 'min';
}

/** Fixed method for every benchmark (issue #2): at least 3 warm-ups and 20 samples. */
export const WARMUPS = 3;
export const SAMPLES = 20;

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? Number.NaN;
}

export function figure(
  name: string,
  value: number,
  unit: string,
  method: string,
  budget?: BudgetSpec,
): BenchFigure {
  const rounded = Math.round(value * 100) / 100;
  if (!budget) return { name, value: rounded, unit, budget: null, pass: null, method };
  const pass = budget.kind === 'max' ? value <= budget.limit : value >= budget.limit;
  return { name, value: rounded, unit, budget: budget.limit, pass, method };
}

/**
 * Hands a figure to `npm run bench` (which collects them into
 * bench-results.json) and prints it, so a bench file run alone still shows it.
 */
export async function recordFigure(entry: BenchFigure): Promise<BenchFigure> {
  const file = process.env.BENCH_FIGURES_FILE;
  if (file) await appendFile(file, `${JSON.stringify(entry)}\n`, 'utf8');
  console.log(
    `[bench] ${entry.name}: ${entry.value} ${entry.unit}${entry.budget === null ? '' : ` (budget ${entry.budget}, ${entry.pass ? 'pass' : 'FAIL'})`}`,
  );
  return entry;
}

/** Runs `sample` WARMUPS times unrecorded, then SAMPLES times, returning the recorded values. */
export async function collectSamples(
  sample: (index: number) => Promise<number>,
  samples = SAMPLES,
): Promise<number[]> {
  for (let i = 0; i < WARMUPS; i++) await sample(-1 - i);
  const values: number[] = [];
  for (let i = 0; i < samples; i++) values.push(await sample(i));
  return values;
}
