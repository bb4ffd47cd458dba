/**
 * `npm audit --omit=dev --json` (report format 2) judged against the reviewed
 * allowlist: high and critical advisories in runtime dependencies block unless
 * an unexpired entry allows them; moderate and lower never block.
 */
import { z } from 'zod';

export type Severity = 'info' | 'low' | 'moderate' | 'high' | 'critical';

/** One advisory against one package, as the registry reports it. */
export interface Advisory {
  /** The registry's advisory number (`source`). */
  readonly id: number;
  /** e.g. https://github.com/advisories/GHSA-xxxx-xxxx-xxxx */
  readonly url: string;
  readonly title: string;
  /** The package the advisory is about (not the one that depends on it). */
  readonly package: string;
  readonly severity: Severity;
  /** Vulnerable versions. */
  readonly range: string;
}

export type AuditResult =
  | { readonly kind: 'report'; readonly advisories: readonly Advisory[] }
  | { readonly kind: 'unavailable'; readonly reason: string };

const severity = z.enum(['info', 'low', 'moderate', 'high', 'critical']);

const reportSchema = z.object({
  auditReportVersion: z.literal(2),
  vulnerabilities: z.record(
    z.string(),
    z.object({
      // A string names the dependency the package is vulnerable through; that
      // dependency's own entry carries the advisory.
      via: z.array(
        z.union([
          z.string(),
          z.object({
            source: z.number(),
            name: z.string(),
            title: z.string(),
            url: z.string(),
            severity,
            range: z.string(),
          }),
        ]),
      ),
    }),
  ),
});

/** What npm prints instead of a report when the registry cannot answer. */
const errorSchema = z.object({
  message: z.string().optional(),
  error: z.object({ code: z.string().optional(), summary: z.string().optional() }).optional(),
});

/** The advisories in npm audit's JSON output, or why there is no report. */
export function parseAuditOutput(stdout: string): AuditResult {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    const first = stdout.trim().split('\n')[0] ?? '';
    return {
      kind: 'unavailable',
      reason: first ? `npm printed no JSON: ${first}` : 'npm printed nothing',
    };
  }
  const report = reportSchema.safeParse(json);
  if (!report.success) {
    const error = errorSchema.safeParse(json);
    const reason =
      (error.success &&
        (error.data.message || error.data.error?.summary || error.data.error?.code)) ||
      'npm printed JSON that is not an audit report (format 2)';
    return { kind: 'unavailable', reason };
  }
  const advisories = new Map<string, Advisory>();
  for (const vulnerability of Object.values(report.data.vulnerabilities)) {
    for (const via of vulnerability.via) {
      if (typeof via === 'string') continue;
      advisories.set(`${via.source} ${via.name}`, {
        id: via.source,
        url: via.url,
        title: via.title,
        package: via.name,
        severity: via.severity,
        range: via.range,
      });
    }
  }
  return { kind: 'report', advisories: [...advisories.values()] };
}

export interface AllowedAdvisory {
  /** The advisory's URL, its GHSA id, or the registry's number as text. */
  readonly advisory: string;
  readonly package: string;
  readonly reason: string;
  /** Last day (UTC, YYYY-MM-DD) the entry allows the advisory. */
  readonly expires: string;
}

const allowlistSchema = z.array(
  z.strictObject({
    advisory: z.string().min(1),
    package: z.string().min(1),
    reason: z.string().trim().min(10),
    expires: z.iso.date(),
  }),
);

/** The allowlist file; a malformed entry (or date) is an error, never silently ignored. */
export function parseAllowlist(json: unknown): AllowedAdvisory[] {
  return allowlistSchema.parse(json);
}

/** Whether `entry` names `advisory`, for the same package. */
export function allows(entry: AllowedAdvisory, advisory: Advisory): boolean {
  return (
    entry.package === advisory.package &&
    (entry.advisory === advisory.url ||
      entry.advisory === String(advisory.id) ||
      advisory.url.endsWith(`/${entry.advisory}`))
  );
}

export interface AuditJudgement {
  /** High or critical with no unexpired entry allowing it: each fails the run. */
  readonly blocking: readonly Advisory[];
  readonly allowed: readonly Advisory[];
  /** Moderate and lower: reported, never blocking. */
  readonly minor: readonly Advisory[];
  /** Entries past their date: they allow nothing any more. */
  readonly expired: readonly AllowedAdvisory[];
  /** Unexpired entries no advisory matched. */
  readonly unused: readonly AllowedAdvisory[];
}

const BLOCKING: ReadonlySet<Severity> = new Set(['high', 'critical']);

/** `today` is the UTC date (YYYY-MM-DD); an entry allows up to and including its `expires` day. */
export function judgeAudit(
  advisories: readonly Advisory[],
  allowlist: readonly AllowedAdvisory[],
  today: string,
): AuditJudgement {
  const expired = allowlist.filter((entry) => entry.expires < today);
  const current = allowlist.filter((entry) => entry.expires >= today);
  const used = new Set<AllowedAdvisory>();
  const blocking: Advisory[] = [];
  const allowed: Advisory[] = [];
  const minor: Advisory[] = [];
  for (const advisory of advisories) {
    if (!BLOCKING.has(advisory.severity)) {
      minor.push(advisory);
      continue;
    }
    const entry = current.find((candidate) => allows(candidate, advisory));
    if (entry) {
      used.add(entry);
      allowed.push(advisory);
    } else blocking.push(advisory);
  }
  return {
    blocking,
    allowed,
    minor,
    expired,
    unused: current.filter((entry) => !used.has(entry)),
  };
}

/** One line: severity, package, title, advisory URL. */
export function advisoryLine(advisory: Advisory): string {
  return `${advisory.severity}  ${advisory.package} ${advisory.range}  ${advisory.title}  ${advisory.url}`;
}
