/**
 * Mutation scores per file from Stryker's JSON report, with the mutants
 * accepted as equivalent (they cannot change behaviour) counted as killed.
 * Plain functions, so `npm run mutation`'s arithmetic is itself tested.
 */

/** The part of Stryker's mutation-testing-report-schema these scores read. */
export interface MutationReport {
  readonly files: Readonly<
    Record<
      string,
      {
        readonly source: string;
        readonly mutants: readonly ReportMutant[];
      }
    >
  >;
}

export interface ReportMutant {
  readonly id: string;
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  readonly location: {
    readonly start: { readonly line: number; readonly column: number };
    readonly end: { readonly line: number; readonly column: number };
  };
}

/** A surviving mutant that cannot change behaviour, named by what it changes (not by line). */
export interface AcceptedMutant {
  readonly file: string;
  readonly mutator: string;
  /** The source text the mutant replaces, exactly. */
  readonly original: string;
  readonly replacement: string;
  /** Text the mutated line must contain, where `original` alone is too common (`[]`). */
  readonly within?: string;
  readonly reason: string;
}

export interface FileScore {
  readonly file: string;
  /** Percent, one decimal; null when the file has no mutant that counts. */
  readonly score: number | null;
  /** Killed by a test, or timed out (an endless loop the tests noticed). */
  readonly killed: number;
  /** Survived or not covered by any test, and not accepted as equivalent. */
  readonly survived: number;
  readonly equivalent: number;
}

export interface GroupScore extends FileScore {
  readonly threshold: number;
  readonly pass: boolean;
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** The text between two 1-based line / column positions (Stryker's locations: columns 1-based). */
export function textAt(source: string, location: ReportMutant['location']): string {
  const lines = source.split('\n');
  const offset = (line: number, column: number) =>
    lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0) + column - 1;
  return source.slice(
    offset(location.start.line, location.start.column),
    offset(location.end.line, location.end.column),
  );
}

function isAccepted(
  file: string,
  source: string,
  mutant: ReportMutant,
  accepted: readonly AcceptedMutant[],
): AcceptedMutant | undefined {
  return accepted.find(
    (entry) =>
      entry.file === file &&
      entry.mutator === mutant.mutatorName &&
      entry.replacement === (mutant.replacement ?? '') &&
      entry.original === textAt(source, mutant.location) &&
      (entry.within === undefined ||
        (source.split('\n')[mutant.location.start.line - 1] ?? '').includes(entry.within)),
  );
}

function scoreOf(killed: number, survived: number, equivalent: number): number | null {
  const counted = killed + survived + equivalent;
  return counted === 0 ? null : Math.round(((killed + equivalent) / counted) * 1000) / 10;
}

/** Scores per file, sorted by path, and the accepted entries that matched no surviving mutant. */
export function scoreFiles(
  report: MutationReport,
  accepted: readonly AcceptedMutant[],
): { readonly files: FileScore[]; readonly unused: AcceptedMutant[] } {
  const used = new Set<AcceptedMutant>();
  const files = Object.entries(report.files)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([file, { source, mutants }]): FileScore => {
      let killed = 0;
      let survived = 0;
      let equivalent = 0;
      for (const mutant of mutants) {
        if (DETECTED.has(mutant.status)) killed += 1;
        else if (UNDETECTED.has(mutant.status)) {
          const entry = isAccepted(file, source, mutant, accepted);
          if (entry) {
            used.add(entry);
            equivalent += 1;
          } else survived += 1;
        }
      }
      return { file, score: scoreOf(killed, survived, equivalent), killed, survived, equivalent };
    });
  return { files, unused: accepted.filter((entry) => !used.has(entry)) };
}

/** The files under `folder` summed, against its threshold (percent). */
export function scoreGroup(
  files: readonly FileScore[],
  folder: string,
  threshold: number,
): GroupScore {
  const prefix = folder.endsWith('/') ? folder : `${folder}/`;
  const inside = files.filter((f) => f.file.startsWith(prefix));
  const killed = inside.reduce((sum, f) => sum + f.killed, 0);
  const survived = inside.reduce((sum, f) => sum + f.survived, 0);
  const equivalent = inside.reduce((sum, f) => sum + f.equivalent, 0);
  const score = scoreOf(killed, survived, equivalent);
  return {
    file: prefix,
    score,
    killed,
    survived,
    equivalent,
    threshold,
    pass: score === null || score >= threshold,
  };
}

/** One line per file (or folder): `path  91.3 %  killed 84, survived 8, equivalent 2`. */
export function summaryLine(score: FileScore, width: number): string {
  const value = score.score === null ? '  n/a' : `${score.score.toFixed(1).padStart(5)} %`;
  return `${score.file.padEnd(width)}  ${value}  killed ${score.killed}, survived ${score.survived}, equivalent ${score.equivalent}`;
}
