/**
 * `npm run mutation [-- --mutate <file>]`: Stryker (Vitest runner) over
 * shared/ and renderer/data/model/, then a score per file with the accepted
 * equivalent mutants (test/mutation/accepted-mutants.json) counted as killed,
 * written to out/mutation/scores.json. Exits non-zero when a folder misses its
 * threshold. Reports: out/mutation/index.html and mutation.json.
 */
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  scoreFiles,
  scoreGroup,
  summaryLine,
  type AcceptedMutant,
  type MutationReport,
} from './mutation-scores.ts';

const root = join(import.meta.dirname, '..');
const THRESHOLDS: readonly (readonly [folder: string, percent: number])[] = [
  ['shared/domain', 90],
  ['shared/fhir', 90],
  ['renderer/data/model', 80],
];

const run = spawnSync('npx', ['stryker', 'run', 'stryker.config.json', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
if (run.status !== 0) {
  console.error(`mutation: stryker exited with ${run.status ?? run.signal}`);
  process.exit(run.status ?? 1);
}

const report = JSON.parse(
  await readFile(join(root, 'out/mutation/mutation.json'), 'utf8'),
) as MutationReport;
const accepted = JSON.parse(
  await readFile(join(root, 'test/mutation/accepted-mutants.json'), 'utf8'),
) as AcceptedMutant[];
const { files, unused } = scoreFiles(report, accepted);
// A run over some files (--mutate) judges only the folders it touched.
const groups = THRESHOLDS.map(([folder, percent]) => scoreGroup(files, folder, percent)).filter(
  (group) => group.killed + group.survived + group.equivalent > 0,
);
await writeFile(
  join(root, 'out/mutation/scores.json'),
  `${JSON.stringify({ files, groups }, null, 2)}\n`,
  'utf8',
);

const width = Math.max(...files.map((f) => f.file.length), 24);
console.log(`\n${files.map((f) => summaryLine(f, width)).join('\n')}\n`);
for (const group of groups)
  console.log(
    `${summaryLine(group, width)}  (needs ${group.threshold} %: ${group.pass ? 'pass' : 'FAIL'})`,
  );
for (const entry of unused)
  console.warn(
    `mutation: accepted mutant no longer found (${entry.file}: ${entry.mutator} ${JSON.stringify(entry.original)} → ${JSON.stringify(entry.replacement)}); remove it from test/mutation/accepted-mutants.json`,
  );
console.log('out/mutation/scores.json written');
if (groups.some((group) => !group.pass)) process.exit(1);
