/**
 * What `npm run security` prints and whether it fails, from the outcomes of
 * its three parts. Every problem is one line and fails the run; warnings and
 * information do not.
 */
import {
  CANARY_CHECKS,
  compareWithAccepted,
  findingLine,
  missingChecks,
  staleLine,
  type AcceptedFinding,
  type Finding,
} from './electronegativity.ts';
import { advisoryLine, judgeAudit, type AllowedAdvisory, type AuditResult } from './npm-audit.ts';

export type ScanOutcome =
  | { readonly ok: true; readonly findings: readonly Finding[] }
  | { readonly ok: false; readonly reason: string };

export interface SecurityInputs {
  /** Names what the app scan covered, for the summary line. */
  readonly appLabel: string;
  readonly app: ScanOutcome;
  readonly canaryLabel: string;
  readonly canary: ScanOutcome;
  readonly accepted: readonly AcceptedFinding[];
  /** `file:line` of each eng-disable comment in the app's sources. */
  readonly engDisables: readonly string[];
  readonly audit: AuditResult;
  readonly allowlist: readonly AllowedAdvisory[];
  /** UTC date, YYYY-MM-DD. */
  readonly today: string;
}

export interface SecurityReport {
  readonly info: readonly string[];
  readonly warnings: readonly string[];
  readonly problems: readonly string[];
}

/** One line per thing the driver reported (one per file it could not parse). */
function failedScan(what: string, reason: string): string[] {
  return reason
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => `scan of the ${what} failed: ${line.trim()}`);
}

/** The run's lines; it fails when `problems` is not empty. */
export function securityReport(inputs: SecurityInputs): SecurityReport {
  const info: string[] = [];
  const warnings: string[] = [];
  const problems: string[] = [];

  if (inputs.app.ok) {
    const { unaccepted, accepted, stale } = compareWithAccepted(
      inputs.app.findings,
      inputs.accepted,
    );
    info.push(
      `Electronegativity, app (${inputs.appLabel}): ${inputs.app.findings.length} findings, ${accepted.length} accepted, ${unaccepted.length} new, ${stale.length} stale`,
    );
    for (const finding of unaccepted) problems.push(`new finding: ${findingLine(finding)}`);
    // Stale entries fail too: the scan is deterministic, so an entry stops
    // matching only when the code changed, and left in place it would accept
    // the same text again wherever it came back, unreviewed.
    for (const entry of stale)
      problems.push(`stale accepted finding, remove it: ${staleLine(entry)}`);
  } else problems.push(...failedScan('app', inputs.app.reason));
  for (const where of inputs.engDisables)
    problems.push(
      `${where}: an eng-disable comment hides findings; accept them in test/security/accepted-findings.json instead`,
    );

  if (inputs.canary.ok) {
    const missing = missingChecks(inputs.canary.findings, CANARY_CHECKS);
    info.push(
      `Electronegativity, canary (${inputs.canaryLabel}): ${inputs.canary.findings.length} findings, ${CANARY_CHECKS.length - missing.length} of ${CANARY_CHECKS.length} expected checks`,
    );
    if (inputs.canary.findings.length === 0)
      problems.push('the canary produced no findings: the scanner is not working');
    else for (const check of missing) problems.push(`the canary did not trip ${check}`);
  } else problems.push(...failedScan('canary', inputs.canary.reason));

  if (inputs.audit.kind === 'unavailable') {
    // A registry without the advisory endpoint (a mirror, as on the project's build machines)
    // says nothing about this repository: failing would turn every run red for it. Said loudly.
    warnings.push(
      `npm audit got no report from the registry (${inputs.audit.reason}): runtime dependencies were NOT checked for advisories this run`,
    );
  } else {
    const judged = judgeAudit(inputs.audit.advisories, inputs.allowlist, inputs.today);
    info.push(
      `npm audit, runtime dependencies: ${judged.blocking.length} high/critical not allowed, ${judged.allowed.length} allowed, ${judged.minor.length} moderate or lower (never block)`,
    );
    for (const advisory of judged.blocking) problems.push(`advisory: ${advisoryLine(advisory)}`);
    for (const advisory of judged.minor) info.push(`  not blocking: ${advisoryLine(advisory)}`);
    // Expired and unused entries only warn: an expired entry's advisory, if
    // still there, blocks by itself; whether an advisory shows at all depends
    // on the registry's database that day, not on this repository.
    for (const entry of judged.expired)
      warnings.push(
        `audit allowlist entry expired ${entry.expires} and allows nothing: ${entry.advisory} (${entry.package})`,
      );
    for (const entry of judged.unused)
      warnings.push(
        `audit allowlist entry matched nothing: ${entry.advisory} (${entry.package}), until ${entry.expires}`,
      );
  }
  return { info, warnings, problems };
}
