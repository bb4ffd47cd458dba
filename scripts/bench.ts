/**
 * `npm run bench`: production build, then every benchmark under test/bench/
 * one after another (Vitest's bench runner; browser figures via
 * playwright-core in Debian Chromium), then a table and bench-results.json.
 * Exits non-zero when a figure misses its budget.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchFigure } from '../test/bench/support/figures.ts';
import { CHROMIUM_PATH } from '../playwright.config.ts';
import { chromiumProblem } from './check-chromium.ts';

const root = join(import.meta.dirname, '..');

// The browser benchmarks need Chromium: say so once, before the build.
const noChromium = chromiumProblem(CHROMIUM_PATH);
if (noChromium) {
  console.error(`bench: ${noChromium}`);
  process.exit(1);
}
const figuresFile = join(root, 'out/bench/figures.jsonl');

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(
      `bench: ${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`,
    );
    process.exit(result.status ?? 1);
  }
}

run('npm', ['run', '--silent', 'build']);
await mkdir(join(root, 'out/bench'), { recursive: true });
await rm(figuresFile, { force: true });
run(
  'npx',
  ['vitest', 'bench', '--run', '--no-file-parallelism', '--maxWorkers=1', ...process.argv.slice(2)],
  {
    ...process.env,
    BENCH_FIGURES_FILE: figuresFile,
    NODE_ENV: 'production',
  },
);

const figures = (await readFile(figuresFile, 'utf8').catch(() => ''))
  .split('\n')
  .filter((line) => line.trim().length > 0)
  .map((line) => JSON.parse(line) as BenchFigure);

await writeFile(join(root, 'bench-results.json'), `${JSON.stringify(figures, null, 2)}\n`, 'utf8');

const rows = figures.map((f) => [
  f.name,
  `${f.value} ${f.unit}`,
  f.budget === null ? '—' : `${f.budget} ${f.unit}`,
  f.pass === null ? 'reported' : f.pass ? 'pass' : 'FAIL',
]);
const header = ['figure', 'value', 'budget', 'result'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');
console.log(
  `\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`,
);
console.log(`bench-results.json: ${figures.length} figures`);
if (figures.some((f) => f.pass === false)) {
  console.error('bench: at least one figure missed its budget');
  process.exit(1);
}
