import { describe, expect, it } from 'vitest';
import {
  afterRenewalFailure,
  heldTokenKey,
  needsRenewal,
  RENEWAL_RETRY_MS,
  renewalDelayMs,
  type HeldToken,
} from '../../../../../main/auth/msal/held-tokens.ts';

const NOW = new Date('2026-12-08T10:00:00Z');
const at = (ms: number): Date => new Date(NOW.getTime() + ms);
const token = (expiresInMs: number): HeldToken => ({
  homeAccountId: 'practitioner-1',
  careTeamId: 'team-1',
  accessToken: 'token',
  expiresOn: at(expiresInMs),
  origin: 'silent',
});

describe('the tokens main holds per account and context', () => {
  it('keys each account and context apart, the starting context included', () => {
    const keys = [
      heldTokenKey('a', null),
      heldTokenKey('a', 'team'),
      heldTokenKey('b', 'team'),
      heldTokenKey('a", "team', null),
      heldTokenKey('a', '"team'),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(heldTokenKey('a', 'team')).toBe(heldTokenKey('a', 'team'));
  });

  it('hands out a token only while it lasts longer than the renewal margin', () => {
    expect(needsRenewal(token(120_000), NOW, 60_000)).toBe(false);
    expect(needsRenewal(token(60_000), NOW, 60_000)).toBe(true);
    expect(needsRenewal(token(-1), NOW, 60_000)).toBe(true);
  });

  it('renews in the background the margin before expiry, at once when already due', () => {
    expect(renewalDelayMs(at(300_000), NOW, 60_000)).toBe(240_000);
    expect(renewalDelayMs(at(30_000), NOW, 60_000)).toBe(0);
    expect(renewalDelayMs(at(-30_000), NOW, 60_000)).toBe(0);
  });

  it('never asks setTimeout for more than it can wait', () => {
    expect(renewalDelayMs(at(90 * 24 * 3600 * 1000), NOW, 60_000)).toBe(2 ** 31 - 1);
  });

  it('retries while the provider is unreachable and the token lasts; lets go otherwise', () => {
    expect(afterRenewalFailure('provider-unreachable', at(300_000), NOW)).toEqual({
      retryInMs: RENEWAL_RETRY_MS,
    });
    expect(afterRenewalFailure('provider-unreachable', at(5_000), NOW)).toEqual({
      retryInMs: 5_000,
    });
    expect(afterRenewalFailure('provider-unreachable', at(0), NOW)).toBe('drop');
    for (const reason of ['interaction-required', 'context-refused', 'unknown-account'] as const)
      expect(afterRenewalFailure(reason, at(300_000), NOW)).toBe('drop');
  });
});
