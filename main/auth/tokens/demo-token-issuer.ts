import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet } from 'jose';
import { randomUUID } from 'node:crypto';
import type { FutContext } from '../../../shared/auth/fut-claims.ts';

/** The demo provider's issuer: what the demo back end trusts besides a configured provider. */
export const DEMO_ISSUER = 'urn:nordjysk-workbench:demo-provider';
/** The demo back end's audience, as FUT's services are one audience. */
export const DEMO_AUDIENCE = 'urn:nordjysk-workbench:demo-fhir';

export interface DemoTokenRequest {
  /** The Practitioner's logical id. */
  readonly sub: string;
  readonly name: string;
  readonly context: FutContext;
  /** FUT privileges (`realm_access.roles`). */
  readonly roles: readonly string[];
}

export interface DemoTokenIssuer {
  /** The public key set the demo back end verifies with. */
  readonly jwks: JSONWebKeySet;
  issue(request: DemoTokenRequest): Promise<{ readonly token: string; readonly expiresAt: number }>;
}

/**
 * Signs demo personas' access tokens with a key made for this run (never
 * stored), in FUT's claim shape, so the demo back end checks a persona's
 * requests exactly as it checks a real provider's: signature, issuer,
 * audience, expiry, context.
 */
export async function createDemoTokenIssuer(options: {
  readonly now: () => number;
  /** Seconds a token lives (FUT's are minutes). */
  readonly lifetimeSeconds?: number;
}): Promise<DemoTokenIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const lifetime = options.lifetimeSeconds ?? 15 * 60;
  return {
    jwks: { keys: [publicJwk] },
    issue: async (request) => {
      const issuedAt = Math.floor(options.now() / 1000);
      const expiresAt = issuedAt + lifetime;
      const token = await new SignJWT({
        user_type: 'PRACTITIONER',
        name: request.name,
        context: request.context,
        realm_access: { roles: [...request.roles] },
      })
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
        .setIssuer(DEMO_ISSUER)
        .setAudience(DEMO_AUDIENCE)
        .setSubject(request.sub)
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt)
        .setJti(randomUUID())
        .sign(privateKey);
      return { token, expiresAt: expiresAt * 1000 };
    },
  };
}
