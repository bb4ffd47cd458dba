import fc from 'fast-check';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  createAccessTokenVerifier,
  type AccessTokenTrust,
} from '../../../../../main/demo-backend/access/verify-token.ts';
import {
  createDemoTokenIssuer,
  DEMO_AUDIENCE,
  DEMO_ISSUER,
  type DemoTokenRequest,
} from '../../../../../main/auth/tokens/demo-token-issuer.ts';

const NOW = Date.parse('2026-12-08T09:00:00Z');
const REQUEST: DemoTokenRequest = {
  sub: 'practitioner-lung-nurse',
  name: 'Mette Sygeplejerske',
  context: { care_team_id: 'team-lung', organization_id: 'organization-auh' },
  roles: ['CarePlan.read', 'Task.write'],
};

async function setUp(now = NOW) {
  const issuer = await createDemoTokenIssuer({ now: () => now, lifetimeSeconds: 600 });
  const trust: AccessTokenTrust = {
    issuer: DEMO_ISSUER,
    audience: DEMO_AUDIENCE,
    keys: createLocalJWKSet(issuer.jwks),
    now: () => NOW,
  };
  return { issuer, trust, verify: createAccessTokenVerifier(trust) };
}

/** The token with its payload replaced, the signature kept. */
function withPayload(token: string, change: (payload: Record<string, unknown>) => void): string {
  const [header, payload, signature] = token.split('.');
  const decoded = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<
    string,
    unknown
  >;
  change(decoded);
  return `${header}.${Buffer.from(JSON.stringify(decoded)).toString('base64url')}.${signature}`;
}

describe('the access-token check', () => {
  it('accepts a demo token and gives its FUT claims', async () => {
    const { issuer, verify } = await setUp();
    const { token, expiresAt } = await issuer.issue(REQUEST);
    expect(expiresAt).toBe(NOW + 600_000);
    const check = await verify(`Bearer ${token}`);
    expect(check).toMatchObject({
      ok: true,
      claims: {
        iss: DEMO_ISSUER,
        aud: DEMO_AUDIENCE,
        sub: 'practitioner-lung-nurse',
        user_type: 'PRACTITIONER',
        context: { care_team_id: 'team-lung', organization_id: 'organization-auh' },
        realm_access: { roles: ['CarePlan.read', 'Task.write'] },
      },
    });
  });

  it.each([
    ['no header', undefined, 'missing'],
    ['an empty header', '', 'missing'],
    ['Basic credentials', 'Basic bWV0dGU6aGVtbWVsaWc=', 'malformed'],
    ['a bearer that is not a JWT', 'Bearer abc.def', 'malformed'],
    ['a JWT of garbage', 'Bearer aaa.bbb.ccc', 'malformed'],
  ])('refuses %s', async (_what, header, reason) => {
    const { verify } = await setUp();
    expect(await verify(header)).toMatchObject({ ok: false, reason });
  });

  it('refuses a token whose claims were changed after signing (tampered)', async () => {
    const { issuer, verify } = await setUp();
    const { token } = await issuer.issue(REQUEST);
    const tampered = withPayload(token, (payload) => {
      payload.context = { care_team_id: 'team-heart' };
    });
    expect(await verify(`Bearer ${tampered}`)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses a token signed by another key with the same issuer', async () => {
    const { verify } = await setUp();
    const stranger = await createDemoTokenIssuer({ now: () => NOW });
    const { token } = await stranger.issue(REQUEST);
    expect(await verify(`Bearer ${token}`)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('refuses an expired token, allowing 30 s of clock skew', async () => {
    // Issued 620 s before the server's now with a 600 s lifetime: 20 s past expiry, within skew.
    const late = await setUp(NOW - 620_000);
    expect(await late.verify(`Bearer ${(await late.issuer.issue(REQUEST)).token}`)).toMatchObject({
      ok: true,
    });
    const expired = await setUp(NOW - 640_000);
    expect(
      await expired.verify(`Bearer ${(await expired.issuer.issue(REQUEST)).token}`),
    ).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('refuses a token from another issuer or for another audience', async () => {
    const { issuer, trust } = await setUp();
    const { token } = await issuer.issue(REQUEST);
    expect(
      await createAccessTokenVerifier({ ...trust, issuer: 'https://idp.example.dk' })(
        `Bearer ${token}`,
      ),
    ).toMatchObject({ ok: false, reason: 'wrong-issuer' });
    expect(
      await createAccessTokenVerifier({ ...trust, audience: 'https://other.example.dk/fhir' })(
        `Bearer ${token}`,
      ),
    ).toMatchObject({ ok: false, reason: 'wrong-audience' });
  });

  it('refuses an unsigned token and one signed with a shared secret', async () => {
    const { issuer, verify } = await setUp();
    const unsecured = new UnsecuredJWT({ user_type: 'PRACTITIONER', context: {} })
      .setIssuer(DEMO_ISSUER)
      .setAudience(DEMO_AUDIENCE)
      .setSubject('x')
      .setExpirationTime(NOW / 1000 + 60)
      .encode();
    expect((await verify(`Bearer ${unsecured}`)).ok).toBe(false);
    // Algorithm confusion: the public key's bytes used as an HMAC secret.
    const secret = new TextEncoder().encode(JSON.stringify(issuer.jwks.keys[0]));
    const hmac = await new SignJWT({ user_type: 'PRACTITIONER', context: {} })
      .setProtectedHeader({ alg: 'HS256', kid: issuer.jwks.keys[0]?.kid ?? '' })
      .setIssuer(DEMO_ISSUER)
      .setAudience(DEMO_AUDIENCE)
      .setSubject('x')
      .setExpirationTime(NOW / 1000 + 60)
      .sign(secret);
    expect(await verify(`Bearer ${hmac}`)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it.each([
    ['no user_type', { context: {} }],
    ['no context', { user_type: 'PRACTITIONER' }],
    ['an unknown user_type', { user_type: 'ROBOT', context: {} }],
    ['a context that is not an object', { user_type: 'PRACTITIONER', context: 'team-lung' }],
  ])('refuses a well-signed token with %s', async (_what, claims) => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const verify = createAccessTokenVerifier({
      issuer: DEMO_ISSUER,
      audience: DEMO_AUDIENCE,
      keys: createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), alg: 'ES256' }] }),
      now: () => NOW,
    });
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(DEMO_ISSUER)
      .setAudience(DEMO_AUDIENCE)
      .setSubject('practitioner-lung-nurse')
      .setExpirationTime(NOW / 1000 + 60)
      .sign(privateKey);
    expect(await verify(`Bearer ${token}`)).toMatchObject({ ok: false, reason: 'bad-claims' });
  });

  it('never throws, whatever the header holds', async () => {
    const { verify } = await setUp();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.string().map((text) => `Bearer ${text}`),
          fc
            .tuple(fc.base64String(), fc.base64String(), fc.base64String())
            .map((parts) => `Bearer ${parts.join('.').replaceAll('=', '')}`),
        ),
        async (header) => {
          const check = await verify(header);
          expect(check.ok).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });
});
