import { describe, expect, it } from 'vitest';
import {
  scoreFiles,
  scoreGroup,
  summaryLine,
  textAt,
  type AcceptedMutant,
  type MutationReport,
  type ReportMutant,
} from '../../../scripts/mutation-scores.ts';

const SOURCE = 'const a = 1;\nif (a < 2) run();\n';

/** A mutant of `a < 2` (line 2, columns 5–10, 1-based as Stryker writes them). */
const mutant = (id: string, status: string, replacement = 'a <= 2'): ReportMutant => ({
  id,
  mutatorName: 'EqualityOperator',
  replacement,
  status,
  location: { start: { line: 2, column: 5 }, end: { line: 2, column: 10 } },
});

const report = (mutants: ReportMutant[]): MutationReport => ({
  files: {
    'shared/domain/b.ts': { source: SOURCE, mutants },
    'shared/domain/a.ts': { source: SOURCE, mutants: [mutant('a1', 'Killed')] },
    'shared/fhir/c.ts': { source: SOURCE, mutants: [mutant('c1', 'Survived')] },
  },
});

const accepted: AcceptedMutant = {
  file: 'shared/domain/b.ts',
  mutator: 'EqualityOperator',
  original: 'a < 2',
  replacement: 'a <= 2',
  reason: 'a is 1',
};

describe('textAt', () => {
  it('reads the source a location covers (lines and columns from 1)', () => {
    expect(textAt(SOURCE, mutant('x', 'Killed').location)).toBe('a < 2');
    expect(textAt(SOURCE, { start: { line: 1, column: 1 }, end: { line: 2, column: 3 } })).toBe(
      'const a = 1;\nif',
    );
  });
});

describe('scoreFiles', () => {
  it('counts killed and timed-out as killed, survived and uncovered as survived, and skips the rest', () => {
    const { files } = scoreFiles(
      report([
        mutant('1', 'Killed'),
        mutant('2', 'Timeout'),
        mutant('3', 'Survived', 'a > 2'),
        mutant('4', 'NoCoverage', 'a >= 2'),
        mutant('5', 'Ignored'),
        mutant('6', 'CompileError'),
      ]),
      [],
    );
    expect(files.map((f) => f.file)).toEqual([
      'shared/domain/a.ts',
      'shared/domain/b.ts',
      'shared/fhir/c.ts',
    ]);
    expect(files[1]).toEqual({
      file: 'shared/domain/b.ts',
      score: 50,
      killed: 2,
      survived: 2,
      equivalent: 0,
    });
  });

  it('counts a surviving mutant listed as equivalent as killed, only where file, mutator, text and replacement all match', () => {
    const mutants = [
      mutant('1', 'Killed'),
      mutant('2', 'Survived'),
      mutant('3', 'Survived', 'a > 2'),
    ];
    const { files, unused } = scoreFiles(report(mutants), [
      accepted,
      { ...accepted, file: 'shared/domain/other.ts' },
      { ...accepted, original: 'a < 3' },
      { ...accepted, mutator: 'ConditionalExpression' },
    ]);
    expect(files[1]).toMatchObject({ killed: 1, survived: 1, equivalent: 1 });
    expect(files[1]?.score).toBeCloseTo(66.7, 5);
    expect(unused).toHaveLength(3);
  });

  it('with `within`, matches only a mutant on a line containing that text', () => {
    const mutants = [mutant('1', 'Survived')];
    expect(scoreFiles(report(mutants), [{ ...accepted, within: 'if (a' }]).files[1]).toMatchObject({
      equivalent: 1,
    });
    expect(
      scoreFiles(report(mutants), [{ ...accepted, within: 'const a' }]).files[1],
    ).toMatchObject({
      equivalent: 0,
      survived: 1,
    });
  });

  it('does not count a killed mutant as equivalent, and says when a listed one matched nothing', () => {
    const { files, unused } = scoreFiles(report([mutant('1', 'Killed')]), [accepted]);
    expect(files[1]).toMatchObject({ killed: 1, survived: 0, equivalent: 0, score: 100 });
    expect(unused).toEqual([accepted]);
  });

  it('has no score for a file without a mutant that counts', () => {
    const { files } = scoreFiles(report([mutant('1', 'Ignored')]), []);
    expect(files[1]?.score).toBeNull();
  });
});

describe('scoreGroup', () => {
  const { files } = scoreFiles(report([mutant('1', 'Killed'), mutant('2', 'Survived')]), [
    accepted,
  ]);

  it('sums the files under a folder (not a folder whose name merely starts the same)', () => {
    const domain = scoreGroup(
      [...files, { ...files[0]!, file: 'shared/domainx/d.ts' }],
      'shared/domain',
      90,
    );
    expect(domain).toMatchObject({ file: 'shared/domain/', killed: 2, survived: 0, equivalent: 1 });
    expect(domain.score).toBe(100);
    expect(domain.pass).toBe(true);
  });

  it('fails below its threshold and passes at it', () => {
    expect(scoreGroup(files, 'shared/fhir', 1).pass).toBe(false);
    const half = scoreFiles(
      report([mutant('1', 'Killed'), mutant('2', 'Survived', 'x')]),
      [],
    ).files;
    expect(scoreGroup(half, 'shared/domain', 66.7)).toMatchObject({ score: 66.7, pass: true });
    expect(scoreGroup(half, 'shared/domain', 66.8).pass).toBe(false);
  });
});

describe('summaryLine', () => {
  it('gives path, score and counts on one line', () => {
    const line = summaryLine(
      { file: 'shared/domain/cpr.ts', score: 91.25, killed: 84, survived: 8, equivalent: 2 },
      24,
    );
    expect(line).toBe('shared/domain/cpr.ts       91.3 %  killed 84, survived 8, equivalent 2');
    expect(
      summaryLine({ file: 'x.ts', score: null, killed: 0, survived: 0, equivalent: 0 }, 4),
    ).toContain('n/a');
  });
});
