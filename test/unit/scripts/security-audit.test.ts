import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  judgeAudit,
  parseAllowlist,
  parseAuditOutput,
  type Advisory,
  type AllowedAdvisory,
} from '../../../scripts/security/npm-audit.ts';

const ROOT = join(import.meta.dirname, '../../..');
const fixture = (name: string) =>
  readFile(join(import.meta.dirname, 'security-fixtures', name), 'utf8');

const advisory = (id: number, severity: Advisory['severity'], pkg = 'test-dep-a'): Advisory => ({
  id,
  url: `https://github.com/advisories/GHSA-${id}`,
  title: `Test advisory ${id}`,
  package: pkg,
  severity,
  range: '<1.0.1',
});
const allow = (advisoryId: string, expires: string, pkg = 'test-dep-a'): AllowedAdvisory => ({
  advisory: advisoryId,
  package: pkg,
  reason: 'only reachable from code we do not call',
  expires,
});

describe('parseAuditOutput', () => {
  it('reads no advisories from npm’s report when there are none', async () => {
    expect(parseAuditOutput(await fixture('npm-audit-clean.json'))).toEqual({
      kind: 'report',
      advisories: [],
    });
  });

  it('reads each advisory once, against the package it is about, not those depending on it', async () => {
    const result = parseAuditOutput(await fixture('npm-audit-vulnerable.json'));
    expect(result.kind).toBe('report');
    if (result.kind !== 'report') return;
    expect(result.advisories.map((a) => [a.id, a.package, a.severity])).toEqual([
      [100, 'test-dep-a', 'high'],
      [101, 'test-dep-a', 'moderate'],
      [200, 'test-dep-c', 'critical'],
      [300, 'test-dep-d', 'low'],
    ]);
    expect(result.advisories[0]).toEqual(advisory(100, 'high'));
  });

  it('says why when the registry gave no report', async () => {
    expect(parseAuditOutput(await fixture('npm-audit-405.json'))).toEqual({
      kind: 'unavailable',
      reason:
        '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
    });
    const unreachable = parseAuditOutput(await fixture('npm-audit-unreachable.json'));
    expect(unreachable).toMatchObject({ kind: 'unavailable', reason: /ECONNREFUSED/ });
    expect(parseAuditOutput('')).toEqual({ kind: 'unavailable', reason: 'npm printed nothing' });
    expect(parseAuditOutput('npm ERR! boom\nmore')).toEqual({
      kind: 'unavailable',
      reason: 'npm printed no JSON: npm ERR! boom',
    });
    expect(parseAuditOutput('{"auditReportVersion": 1}')).toMatchObject({ kind: 'unavailable' });
  });
});

describe('judgeAudit', () => {
  const today = '2026-12-08';

  it('blocks high and critical advisories; moderate and low never block', () => {
    const all = [
      advisory(1, 'high'),
      advisory(2, 'critical'),
      advisory(3, 'moderate'),
      advisory(4, 'low'),
    ];
    const judged = judgeAudit(all, [], today);
    expect(judged.blocking.map((a) => a.id)).toEqual([1, 2]);
    expect(judged.minor.map((a) => a.id)).toEqual([3, 4]);
  });

  it('lets an unexpired entry allow its advisory, for its package only, through its expiry day', () => {
    const entry = allow('GHSA-1', today);
    const judged = judgeAudit(
      [advisory(1, 'high'), advisory(1, 'high', 'other-pkg')],
      [entry],
      today,
    );
    expect(judged.allowed).toEqual([advisory(1, 'high')]);
    expect(judged.blocking).toEqual([advisory(1, 'high', 'other-pkg')]);
    expect(judged.unused).toEqual([]);
  });

  it('matches an entry by the advisory’s URL, GHSA id or number', () => {
    for (const id of ['https://github.com/advisories/GHSA-7', 'GHSA-7', '7'])
      expect(judgeAudit([advisory(7, 'critical')], [allow(id, today)], today).blocking).toEqual([]);
    expect(
      judgeAudit([advisory(7, 'critical')], [allow('GHSA-77', today)], today).blocking,
    ).toHaveLength(1);
  });

  it('lets an expired entry allow nothing, and reports it', () => {
    const entry = allow('GHSA-1', '2026-12-07');
    const judged = judgeAudit([advisory(1, 'high')], [entry], today);
    expect(judged.blocking).toEqual([advisory(1, 'high')]);
    expect(judged.expired).toEqual([entry]);
    expect(judged.unused).toEqual([]);
  });

  it('reports unexpired entries that matched nothing', () => {
    const entry = allow('GHSA-9', '2027-01-31');
    expect(judgeAudit([], [entry], today).unused).toEqual([entry]);
  });
});

describe('parseAllowlist', () => {
  it('reads the reviewed file', async () => {
    const json: unknown = JSON.parse(
      await readFile(join(ROOT, 'test/security/audit-allowlist.json'), 'utf8'),
    );
    expect(() => parseAllowlist(json)).not.toThrow();
  });

  it('refuses an entry without an ISO date, a reason, or with a field it does not know', () => {
    const base = allow('GHSA-1', '2027-01-31');
    expect(() => parseAllowlist([base])).not.toThrow();
    expect(() => parseAllowlist([{ ...base, expires: '31-01-2027' }])).toThrow();
    expect(() => parseAllowlist([{ ...base, expires: '2027-02-30' }])).toThrow();
    expect(() => parseAllowlist([{ ...base, reason: '' }])).toThrow();
    expect(() => parseAllowlist([{ ...base, severity: 'high' }])).toThrow();
  });
});

describe('npm test', () => {
  it('runs npm run security early, before the build', async () => {
    const { scripts } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.security).toBe('node scripts/security.ts');
    const steps = scripts.test?.split(' && ') ?? [];
    expect(steps).toContain('npm run security');
    expect(steps.indexOf('npm run security')).toBeLessThan(steps.indexOf('npm run build'));
  });
});
