import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Installation } from '../../../../main/update/installation.ts';
import {
  CHECK_EVERY_MS,
  FIRST_CHECK_AFTER_MS,
  describeUpdatePlan,
  updateFeedUrl,
  updatePlan,
  type UpdatePlanInput,
} from '../../../../main/update/update-plan.ts';

const FEED = 'https://updates.region.example.dk/workbench/';

/** A packaged NSIS installation with the feed configured: the one case that checks. */
const input = (changes: Partial<UpdatePlanInput> = {}): UpdatePlanInput => ({
  updateUrl: FEED,
  isPackaged: true,
  installation: 'nsis',
  ...changes,
});

describe('the update plan', () => {
  it('checks the configured feed, after start-up and then every few hours', () => {
    expect(updatePlan(input())).toEqual({
      kind: 'check',
      feed: { provider: 'generic', url: FEED },
      firstCheckAfterMs: FIRST_CHECK_AFTER_MS,
      checkEveryMs: CHECK_EVERY_MS,
    });
    expect(FIRST_CHECK_AFTER_MS).toBeGreaterThanOrEqual(30_000);
    expect(CHECK_EVERY_MS).toBe(4 * 60 * 60 * 1000);
  });

  it.each<Installation>(['nsis', 'mac-app', 'appimage'])(
    'checks where electron-updater can install the update (%s)',
    (installation) => {
      expect(updatePlan(input({ installation })).kind).toBe('check');
    },
  );

  it.each([
    ['windows-other', 'not-nsis'],
    ['linux-package', 'linux-package'],
    ['other', 'unsupported-installation'],
  ] as const)('is off where someone else updates the app (%s)', (installation, reason) => {
    expect(updatePlan(input({ installation }))).toEqual({ kind: 'off', reason });
  });

  it('is off unless an administrator configured a feed (null, missing, empty or blank)', () => {
    for (const updateUrl of [null, undefined, '', '   '])
      expect(updatePlan(input({ updateUrl }))).toEqual({ kind: 'off', reason: 'not-configured' });
  });

  it('is off in a development run', () => {
    expect(updatePlan(input({ isPackaged: false }))).toEqual({
      kind: 'off',
      reason: 'development',
    });
  });

  it('reports a refused address before anything about the machine', () => {
    expect(
      updatePlan({ updateUrl: 'http://x.example/', isPackaged: false, installation: 'other' }),
    ).toEqual({ kind: 'off', reason: 'invalid-url', urlProblem: 'not-https' });
  });
});

describe('the feed address', () => {
  it.each([
    ['http://updates.example.dk/', 'not-https'],
    ['http://127.0.0.1:8080/', 'not-https'],
    ['javascript:alert(1)', 'not-https'],
    ['file:///C:/updates/', 'not-https'],
    ['ftp://updates.example.dk/', 'not-https'],
    ['data:text/plain,latest', 'not-https'],
    ['https://admin:secret@updates.example.dk/', 'credentials'],
    ['https://admin@updates.example.dk/', 'credentials'],
    ['https://:secret@updates.example.dk/', 'credentials'],
    ['https://updates.example.dk/?sig=abc123', 'query-or-fragment'],
    ['https://updates.example.dk/?', 'query-or-fragment'],
    ['https://updates.example.dk/#latest', 'query-or-fragment'],
    ['https://updates.example.dk/#', 'query-or-fragment'],
    ['updates.example.dk', 'malformed'],
    ['//updates.example.dk/', 'malformed'],
    ['https://', 'malformed'],
    ['https://upd\nates.example.dk/', 'malformed'],
    ['https://updates.example.dk/\tx', 'malformed'],
    ['https://updates.example.dk/\u2028', 'malformed'],
    ['https://updates.example.dk/\u0000', 'malformed'],
    [`https://updates.example.dk/${'a'.repeat(2000)}`, 'too-long'],
  ])('refuses %j (%s)', (raw, problem) => {
    expect(updateFeedUrl(raw)).toEqual({ ok: false, problem });
    expect(updatePlan(input({ updateUrl: raw }))).toEqual({
      kind: 'off',
      reason: 'invalid-url',
      urlProblem: problem,
    });
  });

  it('refuses anything but a string', () => {
    for (const raw of [42, true, {}, [FEED], new URL(FEED), () => FEED])
      expect(updateFeedUrl(raw)).toEqual({ ok: false, problem: 'not-a-string' });
  });

  it('accepts an https folder, normalised as the URL parser writes it', () => {
    expect(updateFeedUrl('HTTPS://Updates.Example.DK:8443/Workbench')).toEqual({
      ok: true,
      url: 'https://updates.example.dk:8443/Workbench',
    });
    expect(updateFeedUrl('https://10.1.2.3/opdateringer/')).toEqual({
      ok: true,
      url: 'https://10.1.2.3/opdateringer/',
    });
  });

  it('never throws, and accepts only https without credentials, query or fragment', () => {
    const candidates = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.webUrl({ validSchemes: ['https'] }),
      fc.webUrl().map((url) => url.replace('//', '//user:pass@')),
    );
    fc.assert(
      fc.property(candidates, (raw) => {
        const result = updateFeedUrl(raw);
        if (!result.ok) return;
        const url = new URL(result.url);
        expect(url.protocol).toBe('https:');
        expect([url.username, url.password, url.search, url.hash]).toEqual(['', '', '', '']);
      }),
    );
  });
});

describe('the log line', () => {
  it('names the feed and the schedule when checking', () => {
    expect(describeUpdatePlan(updatePlan(input()))).toBe(
      `update: checking ${FEED} in 60 s, then every 4 h`,
    );
  });

  it('says why updates are off, and never repeats a refused address', () => {
    const plan = updatePlan(input({ updateUrl: 'https://admin:hemmelig@updates.example.dk/' }));
    const line = describeUpdatePlan(plan);
    expect(line).toMatch(/^update: automatic updates off: .*updateUrl.*\(credentials\)$/);
    expect(line).not.toContain('hemmelig');
    expect(describeUpdatePlan(updatePlan(input({ installation: 'windows-other' })))).toContain(
      'MSI',
    );
  });
});
