import { describe, expect, it } from 'vitest';
import {
  authTimeOf,
  careTeamOfAccessToken,
  isFreshLogin,
  jwtPayload,
  LOGIN_SLACK_MS,
} from '../../../../../main/auth/msal/token-claims.ts';

const jwt = (payload: unknown): string =>
  ['{"alg":"ES256"}', JSON.stringify(payload), 'signature']
    .map((part, index) => (index < 2 ? Buffer.from(part).toString('base64url') : part))
    .join('.');

describe('reading the tokens main holds', () => {
  it('reads a JWT’s payload and nothing that is not one', () => {
    expect(jwtPayload(jwt({ sub: 'a' }))).toEqual({ sub: 'a' });
    for (const token of ['', 'opaque-token', 'a.b', 'a.b.c.d', jwt([1, 2]), jwt('text'), 'a.%%%.c'])
      expect(jwtPayload(token)).toBeNull();
  });

  it('finds FUT’s context care team in an access token', () => {
    expect(careTeamOfAccessToken(jwt({ context: { care_team_id: 'team-1' } }))).toBe('team-1');
    for (const payload of [
      {},
      { context: null },
      { context: { care_team_id: '' } },
      { context: { care_team_id: 7 } },
    ])
      expect(careTeamOfAccessToken(jwt(payload))).toBeNull();
  });

  it('reads auth_time as a date', () => {
    expect(authTimeOf({ auth_time: 1_800_000_000 })).toEqual(new Date(1_800_000_000_000));
    for (const claims of [
      undefined,
      null,
      {},
      { auth_time: '1800000000' },
      { auth_time: 0 },
      { auth_time: Number.NaN },
    ])
      expect(authTimeOf(claims)).toBeNull();
  });
});

describe('telling a fresh login from a pass-through on the provider’s session', () => {
  const issuedAt = 1_800_000_100;

  it('counts a login no longer before the ID token than the sign-in took', () => {
    expect(isFreshLogin({ auth_time: issuedAt - 30, iat: issuedAt }, 30_000)).toBe(true);
    expect(isFreshLogin({ auth_time: issuedAt, iat: issuedAt }, 0)).toBe(true);
  });

  it('allows for whole-second rounding, and no more', () => {
    const slack = LOGIN_SLACK_MS / 1000;
    expect(isFreshLogin({ auth_time: issuedAt - 10 - slack, iat: issuedAt }, 10_000)).toBe(true);
    expect(isFreshLogin({ auth_time: issuedAt - 11 - slack, iat: issuedAt }, 10_000)).toBe(false);
  });

  it('does not count a login from before the sign-in began', () => {
    expect(isFreshLogin({ auth_time: issuedAt - 600, iat: issuedAt }, 5_000)).toBe(false);
  });

  it('never counts a login without proof', () => {
    expect(isFreshLogin({ iat: issuedAt }, 5_000)).toBe(false);
    expect(isFreshLogin({ auth_time: issuedAt }, 5_000)).toBe(false);
    expect(isFreshLogin(undefined, 5_000)).toBe(false);
  });

  it('does not depend on the workstation’s clock: only the provider’s two times and the duration', () => {
    expect(isFreshLogin({ auth_time: issuedAt - 1, iat: issuedAt }, -5_000)).toBe(true);
    expect(isFreshLogin({ auth_time: issuedAt - 60, iat: issuedAt }, -5_000)).toBe(false);
  });
});
