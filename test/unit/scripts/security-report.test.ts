import { describe, expect, it } from 'vitest';
import {
  CANARY_CHECKS,
  type AcceptedFinding,
  type Finding,
} from '../../../scripts/security/electronegativity.ts';
import type { Advisory } from '../../../scripts/security/npm-audit.ts';
import { securityReport, type SecurityInputs } from '../../../scripts/security/report.ts';

const windowFinding: Finding = {
  check: 'SANDBOX_JS_CHECK',
  file: 'main/window/create-window.ts',
  line: 31,
  message: 'Use sandbox for untrusted origins',
  source: 'const window = new BrowserWindow(',
};
const acceptedWindow: AcceptedFinding = {
  check: 'SANDBOX_JS_CHECK',
  file: 'main/window/create-window.ts',
  match: 'const window = new BrowserWindow(',
  reason: 'options come from secureWebPreferences',
};
const canaryFindings: Finding[] = CANARY_CHECKS.map((check, i) => ({
  check,
  file: 'insecure-window.ts',
  line: i + 1,
  message: 'insecure',
  source: `line ${i}`,
}));
const high: Advisory = {
  id: 100,
  url: 'https://github.com/advisories/GHSA-100',
  title: 'Test advisory 100',
  package: 'test-dep-a',
  severity: 'high',
  range: '<1.0.1',
};

const clean: SecurityInputs = {
  appLabel: 'main, preload',
  app: { ok: true, findings: [windowFinding] },
  canaryLabel: 'test/security/canary',
  canary: { ok: true, findings: canaryFindings },
  accepted: [acceptedWindow],
  engDisables: [],
  audit: { kind: 'report', advisories: [] },
  allowlist: [],
  today: '2026-12-08',
};

describe('securityReport', () => {
  it('passes when every app finding is accepted, the canary trips every check and the audit is clean', () => {
    const report = securityReport(clean);
    expect(report.problems).toEqual([]);
    expect(report.info).toEqual([
      'Electronegativity, app (main, preload): 1 findings, 1 accepted, 0 new, 0 stale',
      `Electronegativity, canary (test/security/canary): ${CANARY_CHECKS.length} findings, ${CANARY_CHECKS.length} of ${CANARY_CHECKS.length} expected checks`,
      'npm audit, runtime dependencies: 0 high/critical not allowed, 0 allowed, 0 moderate or lower (never block)',
    ]);
  });

  it('fails on a new finding, one line each with check, file:line and what', () => {
    const moved = { ...windowFinding, check: 'CONTEXT_ISOLATION_JS_CHECK' };
    const report = securityReport({
      ...clean,
      app: { ok: true, findings: [windowFinding, moved] },
    });
    expect(report.problems).toEqual([
      'new finding: CONTEXT_ISOLATION_JS_CHECK  main/window/create-window.ts:31  Use sandbox for untrusted origins — const window = new BrowserWindow(',
    ]);
  });

  it('fails on an accepted entry that no longer matches anything', () => {
    const report = securityReport({ ...clean, app: { ok: true, findings: [] } });
    expect(report.problems).toEqual([
      'stale accepted finding, remove it: SANDBOX_JS_CHECK  main/window/create-window.ts — const window = new BrowserWindow(',
    ]);
  });

  it('fails when the canary finds nothing, or misses a check it is there to trip', () => {
    expect(securityReport({ ...clean, canary: { ok: true, findings: [] } }).problems).toEqual([
      'the canary produced no findings: the scanner is not working',
    ]);
    const withoutSandbox = canaryFindings.filter((f) => f.check !== 'SANDBOX_JS_CHECK');
    expect(
      securityReport({ ...clean, canary: { ok: true, findings: withoutSandbox } }).problems,
    ).toEqual(['the canary did not trip SANDBOX_JS_CHECK']);
  });

  it('fails when a scan fails or an eng-disable comment hides findings', () => {
    const report = securityReport({
      ...clean,
      app: { ok: false, reason: 'could not parse main/a.ts: x\ncould not parse main/c.ts: y\n' },
      engDisables: ['main/b.ts:3'],
    });
    expect(report.problems).toEqual([
      'scan of the app failed: could not parse main/a.ts: x',
      'scan of the app failed: could not parse main/c.ts: y',
      'main/b.ts:3: an eng-disable comment hides findings; accept them in test/security/accepted-findings.json instead',
    ]);
  });

  it('warns in one line, without failing, when the registry gave no audit report', () => {
    const report = securityReport({
      ...clean,
      audit: { kind: 'unavailable', reason: '405 Method Not Allowed' },
    });
    expect(report.problems).toEqual([]);
    expect(report.warnings).toEqual([
      'npm audit got no report from the registry (405 Method Not Allowed): runtime dependencies were NOT checked for advisories this run',
    ]);
  });

  it('fails on a high advisory not allowed, and only warns about expired or unused entries', () => {
    const moderate: Advisory = { ...high, id: 101, severity: 'moderate' };
    const report = securityReport({
      ...clean,
      audit: { kind: 'report', advisories: [high, moderate] },
      allowlist: [
        {
          advisory: 'GHSA-100',
          package: 'test-dep-a',
          reason: 'not reachable',
          expires: '2026-12-01',
        },
        {
          advisory: 'GHSA-999',
          package: 'test-dep-z',
          reason: 'not reachable',
          expires: '2027-01-31',
        },
      ],
    });
    expect(report.problems).toEqual([
      'advisory: high  test-dep-a <1.0.1  Test advisory 100  https://github.com/advisories/GHSA-100',
    ]);
    expect(report.warnings).toEqual([
      'audit allowlist entry expired 2026-12-01 and allows nothing: GHSA-100 (test-dep-a)',
      'audit allowlist entry matched nothing: GHSA-999 (test-dep-z), until 2027-01-31',
    ]);
    expect(report.info).toContain(
      '  not blocking: moderate  test-dep-a <1.0.1  Test advisory 100  https://github.com/advisories/GHSA-100',
    );
  });
});
