import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCpr } from '../../../../shared/domain/cpr.ts';
import {
  parseLaunchArgs,
  parseLaunchUrl,
  type LaunchParse,
} from '../../../../main/launch/launch-request.ts';

/** Real CPRs: a real birth date in the century the 7th digit and year give (not all pass modulus 11). */
const validCpr = fc
  .tuple(
    fc.integer({ min: 1, max: 28 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 9999 }),
  )
  .map(
    ([day, month, yy, serial]) =>
      [day, month, yy].map((n) => String(n).padStart(2, '0')).join('') +
      String(serial).padStart(4, '0'),
  );
const teamId = fc.stringMatching(/^[A-Za-z0-9\-.]{1,64}$/);
const url = (query: string) => `nordjysk-workbench://citizen?${query}`;

/** Whatever the input, a parse is a clean refusal or a launch with a real CPR: never a throw. */
function expectCleanOutcome(outcome: LaunchParse | null): void {
  if (outcome === null || !outcome.ok) return;
  expect(outcome.launch.cpr).toMatch(/^\d{10}$/);
  expect(parseCpr(outcome.launch.cpr)).not.toBeNull();
}

describe('a context launch URL', () => {
  it('opens the citizen named by a valid CPR, with or without the dash and a team', () => {
    fc.assert(
      fc.property(validCpr, fc.boolean(), fc.option(teamId), (cpr, dash, team) => {
        const written = dash ? `${cpr.slice(0, 6)}-${cpr.slice(6)}` : cpr;
        const outcome = parseLaunchUrl(
          url(`cpr=${written}${team === null ? '' : `&team=${encodeURIComponent(team)}`}`),
        );
        expect(outcome).toEqual({
          ok: true,
          launch: { kind: 'open-citizen', cpr, teamId: team },
        });
      }),
    );
  });

  it('ignores parameters it does not know', () => {
    fc.assert(
      fc.property(
        validCpr,
        fc.dictionary(
          fc.stringMatching(/^[a-z]{1,10}$/).filter((key) => key !== 'cpr' && key !== 'team'),
          fc.stringMatching(/^[A-Za-z0-9]{0,20}$/),
        ),
        (cpr, extra) => {
          const query = new URLSearchParams({ ...extra, cpr }).toString();
          expect(parseLaunchUrl(url(query))).toMatchObject({ ok: true, launch: { cpr } });
        },
      ),
    );
  });

  it.each([
    ['another scheme', 'https://citizen?cpr=0101011234', 'unknown-target'],
    ['a file URL', 'file:///etc/passwd', 'unknown-target'],
    ['javascript', 'javascript:alert(1)', 'unknown-target'],
    ['another target', 'nordjysk-workbench://approve?cpr=0101011234', 'unknown-target'],
    ['a path', 'nordjysk-workbench://citizen/../../x?cpr=0101011234', 'unknown-target'],
    ['an encoded path', 'nordjysk-workbench://citizen/%2e%2e/x?cpr=0101011234', 'unknown-target'],
    ['credentials', 'nordjysk-workbench://u:p@citizen?cpr=0101011234', 'malformed'],
    ['a port', 'nordjysk-workbench://citizen:8080?cpr=0101011234', 'malformed'],
    ['a fragment', 'nordjysk-workbench://citizen?cpr=0101011234#x', 'malformed'],
    ['CRLF', 'nordjysk-workbench://citizen?cpr=0101011234\r\nX: y', 'malformed'],
    ['a NUL', 'nordjysk-workbench://citizen?cpr=0101011234\u0000', 'malformed'],
    ['no CPR', 'nordjysk-workbench://citizen?team=t1', 'missing-cpr'],
    ['an empty CPR', 'nordjysk-workbench://citizen?cpr=', 'missing-cpr'],
    ['a repeated CPR', 'nordjysk-workbench://citizen?cpr=0101011234&cpr=0202021234', 'repeated'],
    ['a repeated team', 'nordjysk-workbench://citizen?cpr=0101011234&team=a&team=b', 'repeated'],
    ['a 31st of February', 'nordjysk-workbench://citizen?cpr=3102011234', 'invalid-cpr'],
    ['month 13', 'nordjysk-workbench://citizen?cpr=0113011234', 'invalid-cpr'],
    ['nine digits', 'nordjysk-workbench://citizen?cpr=010101123', 'invalid-cpr'],
    ['eleven digits', 'nordjysk-workbench://citizen?cpr=01010112345', 'invalid-cpr'],
    ['spaces', 'nordjysk-workbench://citizen?cpr=010101%201234', 'invalid-cpr'],
    ['Arabic-Indic digits', 'nordjysk-workbench://citizen?cpr=٠١٠١٠١١٢٣٤', 'invalid-cpr'],
    ['full-width digits', 'nordjysk-workbench://citizen?cpr=０１０１０１１２３４', 'invalid-cpr'],
    [
      'a team with a slash',
      'nordjysk-workbench://citizen?cpr=0101011234&team=a%2Fb',
      'invalid-team',
    ],
    [
      'an over-long team',
      `nordjysk-workbench://citizen?cpr=0101011234&team=${'a'.repeat(65)}`,
      'invalid-team',
    ],
    [
      'an over-long URL',
      `nordjysk-workbench://citizen?cpr=0101011234&x=${'a'.repeat(600)}`,
      'too-long',
    ],
    ['not a URL', 'nordjysk-workbench', 'malformed'],
  ])('refuses %s', (_what, raw, reason) => {
    expect(parseLaunchUrl(raw)).toEqual({ ok: false, reason });
  });

  it('never throws and never lets anything but a real CPR through, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (raw) => {
        expectCleanOutcome(parseLaunchUrl(raw));
        expectCleanOutcome(parseLaunchUrl(`nordjysk-workbench://citizen?cpr=${raw}`));
        expectCleanOutcome(parseLaunchArgs(['app', raw]));
        expectCleanOutcome(parseLaunchArgs(['app', `--cpr=${raw}`]));
      }),
      { numRuns: 500 },
    );
  });
});

describe('a context launch in command-line arguments', () => {
  it('is none for a plain start, with Chromium switches or other arguments', () => {
    expect(parseLaunchArgs([])).toBeNull();
    expect(
      parseLaunchArgs(['/opt/workbench/workbench', '--allow-file-access', '--no-sandbox', '.']),
    ).toBeNull();
    expect(parseLaunchArgs(['workbench.exe', 'https://evil.example/?cpr=0101011234'])).toBeNull();
  });

  it('takes a protocol URL passed as an argument (Windows, Linux)', () => {
    expect(
      parseLaunchArgs(['workbench.exe', '--flag', 'nordjysk-workbench://citizen?cpr=010101-1234']),
    ).toEqual({ ok: true, launch: { kind: 'open-citizen', cpr: '0101011234', teamId: null } });
  });

  it('takes --cpr and --team', () => {
    expect(parseLaunchArgs(['workbench', '--cpr=0101011234', '--team=team-1'])).toEqual({
      ok: true,
      launch: { kind: 'open-citizen', cpr: '0101011234', teamId: 'team-1' },
    });
  });

  it.each([
    ['a team without a CPR', ['w', '--team=team-1'], 'missing-cpr'],
    ['two CPRs', ['w', '--cpr=0101011234', '--cpr=0202021234'], 'repeated'],
    [
      'two URLs',
      [
        'w',
        'nordjysk-workbench://citizen?cpr=0101011234',
        'nordjysk-workbench://citizen?cpr=0202021234',
      ],
      'repeated',
    ],
    [
      'a URL and flags',
      ['w', 'nordjysk-workbench://citizen?cpr=0101011234', '--team=t'],
      'repeated',
    ],
    ['CRLF in a flag', ['w', '--cpr=0101011234\r\n'], 'malformed'],
    ['an over-long flag', ['w', `--team=${'a'.repeat(300)}`], 'too-long'],
    ['a path as CPR', ['w', '--cpr=../../etc/passwd'], 'invalid-cpr'],
  ])('refuses %s', (_what, argv, reason) => {
    expect(parseLaunchArgs(argv)).toEqual({ ok: false, reason });
  });
});
