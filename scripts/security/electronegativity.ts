/**
 * Electronegativity's findings, read from its SARIF report and held against
 * the reviewed accepted findings. Plain functions, so what `npm run security`
 * lets through is itself tested.
 */
import { z } from 'zod';

/** One thing the scanner reports. */
export interface Finding {
  /** The check's id as the tool names it, e.g. `CONTEXT_ISOLATION_JS_CHECK`. */
  readonly check: string;
  /** Path relative to the scanned folder, `/`-separated; null for checks about the whole app. */
  readonly file: string | null;
  /** From 1; 1 for checks about the whole app. */
  readonly line: number;
  /** What the check looks for, in the tool's words. */
  readonly message: string;
  /** The flagged line, trimmed with inner whitespace collapsed; '' when there is no line. */
  readonly source: string;
}

/** A finding someone reviewed and accepted, located by its text rather than its line number. */
export interface AcceptedFinding {
  readonly check: string;
  readonly file: string | null;
  /** The flagged line as in `Finding.source` (indentation and spacing do not matter). */
  readonly match: string;
  /** Why it is safe, in one line. */
  readonly reason: string;
}

/**
 * SARIF rather than CSV: the tool writes its CSV header and rows with two
 * racing asynchronous writes, and its SARIF in one. Only the fields read here
 * are checked; a report without them is an error, not an empty scan.
 */
const sarifLocation = z.object({
  physicalLocation: z.object({
    artifactLocation: z.object({ uri: z.string() }),
    region: z.object({ startLine: z.number().int().min(1) }),
  }),
});
const sarifSchema = z.object({
  runs: z.tuple([
    z.object({
      results: z.array(
        z.object({
          ruleId: z.string().min(1),
          message: z.object({ text: z.string() }),
          locations: z.tuple([sarifLocation], sarifLocation),
        }),
      ),
    }),
  ]),
});

/** The tool writes `file:///` as the location of checks about the whole app. */
const WHOLE_APP_URI = 'file:///';

/** A line as compared: trimmed, inner whitespace collapsed, so re-indenting changes nothing. */
export function normalizeSource(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/**
 * The findings in a SARIF report written with relative paths. `readSource`
 * gives a scanned file's text (null if unreadable), so each finding carries
 * the line it flags: SARIF has only the line number.
 */
export function parseSarif(sarif: string, readSource: (file: string) => string | null): Finding[] {
  const report = sarifSchema.parse(JSON.parse(sarif));
  const lines = new Map<string, readonly string[] | null>();
  const linesOf = (file: string): readonly string[] | null => {
    if (!lines.has(file)) lines.set(file, readSource(file)?.split(/\r?\n/) ?? null);
    return lines.get(file) ?? null;
  };
  return report.runs[0].results.map((result) => {
    const [{ physicalLocation: location }] = result.locations;
    const uri = location.artifactLocation.uri;
    const file = uri === WHOLE_APP_URI ? null : uri.replaceAll('\\', '/');
    const line = location.region.startLine;
    const text = file === null ? '' : linesOf(file)?.[line - 1];
    if (text === undefined)
      throw new Error(`${result.ruleId}: ${file}:${line} is not in the scanned files`);
    return {
      check: result.ruleId,
      file,
      line,
      message: result.message.text,
      source: normalizeSource(text),
    };
  });
}

const acceptedSchema = z.array(
  z.strictObject({
    check: z.string().regex(/^[A-Z0-9_]+$/),
    file: z.string().min(1).nullable(),
    match: z.string(),
    reason: z.string().trim().min(10),
  }),
);

/** The accepted-findings file; a malformed entry is an error, never silently ignored. */
export function parseAcceptedFindings(json: unknown): AcceptedFinding[] {
  return acceptedSchema.parse(json);
}

/** Whether `entry` covers `finding`: same check, same file, same flagged text. */
export function isAcceptedAs(finding: Finding, entry: AcceptedFinding): boolean {
  return (
    finding.check === entry.check &&
    finding.file === entry.file &&
    finding.source === normalizeSource(entry.match)
  );
}

export interface Comparison {
  /** Findings no accepted entry covers: each fails the scan. */
  readonly unaccepted: readonly Finding[];
  readonly accepted: readonly Finding[];
  /** Accepted entries that no finding matches any more. */
  readonly stale: readonly AcceptedFinding[];
}

/**
 * One entry accepts every finding of its check on the same text in the same
 * file: the text, not the line number, is what was reviewed.
 */
export function compareWithAccepted(
  findings: readonly Finding[],
  acceptedEntries: readonly AcceptedFinding[],
): Comparison {
  const used = new Set<AcceptedFinding>();
  const unaccepted: Finding[] = [];
  const accepted: Finding[] = [];
  for (const finding of findings) {
    const entry = acceptedEntries.find((candidate) => isAcceptedAs(finding, candidate));
    if (entry) {
      used.add(entry);
      accepted.push(finding);
    } else unaccepted.push(finding);
  }
  return { unaccepted, accepted, stale: acceptedEntries.filter((entry) => !used.has(entry)) };
}

/**
 * Checks the canary (test/security/canary/) must trip: one per insecure option
 * or call it makes. A scan that misses any of them proves nothing about the app.
 */
export const CANARY_CHECKS: readonly string[] = [
  'NODE_INTEGRATION_JS_CHECK',
  'CONTEXT_ISOLATION_JS_CHECK',
  'SANDBOX_JS_CHECK',
  'WEB_SECURITY_JS_CHECK',
  'INSECURE_CONTENT_JS_CHECK',
  'EXPERIMENTAL_FEATURES_JS_CHECK',
  'BLINK_FEATURES_JS_CHECK',
  'OPEN_EXTERNAL_JS_CHECK',
  'HTTP_RESOURCES_JS_CHECK',
  'CUSTOM_ARGUMENTS_JS_CHECK',
  'CERTIFICATE_VERIFY_PROC_JS_CHECK',
  'CERTIFICATE_ERROR_EVENT_JS_CHECK',
  'SECURITY_WARNINGS_DISABLED_JS_CHECK',
  'LIMIT_NAVIGATION_GLOBAL_CHECK',
  'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
];

/** The expected checks the scan did not report. */
export function missingChecks(findings: readonly Finding[], expected: readonly string[]): string[] {
  const found = new Set(findings.map((finding) => finding.check));
  return expected.filter((check) => !found.has(check));
}

/** One line: check, where, what, and the flagged text. */
export function findingLine(finding: Finding): string {
  const where = finding.file === null ? '(whole app)' : `${finding.file}:${finding.line}`;
  const text = finding.source ? ` — ${finding.source}` : '';
  return `${finding.check}  ${where}  ${finding.message}${text}`;
}

/** One line naming a stale entry, for the reviewer to remove it. */
export function staleLine(entry: AcceptedFinding): string {
  const where = entry.file ?? '(whole app)';
  return `${entry.check}  ${where}${entry.match ? ` — ${normalizeSource(entry.match)}` : ''}`;
}

/**
 * `file:line` of each `eng-disable` comment: the tool drops findings those
 * name before writing its report, so they would bypass the reviewed file.
 */
export function engDisableLines(file: string, text: string): string[] {
  return text
    .split(/\r?\n/)
    .flatMap((line, index) => (/eng-disable/i.test(line) ? [`${file}:${index + 1}`] : []));
}
