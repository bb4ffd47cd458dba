import {
  createLocalJWKSet,
  decodeJwt,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import { FutAccessClaimsSchema, type FutAccessClaims } from '../../../shared/auth/fut-claims.ts';

/** Why a bearer token was not accepted: each a 401 that asks the user to sign in again. */
export type TokenRefusalReason =
  | 'missing'
  | 'malformed'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'bad-claims';

export type TokenCheck =
  | { readonly ok: true; readonly claims: FutAccessClaims & JWTPayload }
  | { readonly ok: false; readonly reason: TokenRefusalReason; readonly detail: string };

export interface AccessTokenTrust {
  /** The provider's issuer, exactly as in its discovery document. */
  readonly issuer: string;
  /** The FHIR back end's audience (a resource URL or identifier). */
  readonly audience: string;
  /** The provider's signing keys: jose's `createRemoteJWKSet(jwks_uri)` or `createLocalJWKSet`. */
  readonly keys: JWTVerifyGetKey;
  /** Epoch ms; the server's clock (moved with the run's clock in tests). */
  readonly now?: () => number;
  /** Clock skew allowed between provider and server, in seconds (default 30). */
  readonly clockToleranceSeconds?: number;
}

/** Asymmetric signatures only: `none` and shared-secret algorithms are never accepted. */
const ALGORITHMS = ['ES256', 'ES384', 'RS256', 'RS384', 'RS512', 'PS256', 'EdDSA'];

function refusal(reason: TokenRefusalReason, detail: string): TokenCheck {
  return { ok: false, reason, detail: detail.slice(0, 300) };
}

/**
 * Checks a request's `Authorization` header: a JWT bearer token signed by one
 * of the provider's keys, from its issuer, for this audience, within its
 * lifetime, carrying FUT's claims. Never throws; a refusal names why (for
 * the log and the 401's OperationOutcome, never the token itself).
 */
export function createAccessTokenVerifier(
  trust: AccessTokenTrust,
): (authorization: string | undefined) => Promise<TokenCheck> {
  return async (authorization) => {
    const match = /^Bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)$/.exec(
      authorization?.trim() ?? '',
    );
    if (!authorization) return refusal('missing', 'no bearer token');
    if (!match?.[1]) return refusal('malformed', 'not a bearer JWT');
    const options: JWTVerifyOptions = {
      issuer: trust.issuer,
      audience: trust.audience,
      algorithms: ALGORITHMS,
      clockTolerance: trust.clockToleranceSeconds ?? 30,
      requiredClaims: ['exp', 'sub'],
      ...(trust.now ? { currentDate: new Date(trust.now()) } : {}),
    };
    let payload: JWTPayload;
    try {
      payload = (await jwtVerify(match[1], trust.keys, options)).payload;
    } catch (error) {
      return refusal(reasonOf(error), error instanceof Error ? error.message : String(error));
    }
    const claims = FutAccessClaimsSchema.safeParse(payload);
    if (!claims.success) {
      const issue = claims.error.issues[0];
      return refusal(
        'bad-claims',
        `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
      );
    }
    return { ok: true, claims: { ...payload, ...claims.data } };
  };
}

function reasonOf(error: unknown): TokenRefusalReason {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'iss':
        return 'wrong-issuer';
      case 'aud':
        return 'wrong-audience';
      case 'nbf':
      case 'iat':
        return 'not-yet-valid';
      default:
        return 'bad-claims';
    }
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JOSEAlgNotAllowed
  )
    return 'bad-signature';
  return 'malformed';
}

/** A provider the back end trusts, with its public keys as data (it crosses a process boundary). */
export interface TrustedIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly jwks: JSONWebKeySet;
}

/**
 * One verifier for several trusted providers (the demo provider and a
 * configured one): the token's unverified `iss` only picks which provider's
 * keys and audience to check it against; an issuer not trusted is refused.
 */
export function createTrustVerifier(
  trusted: readonly TrustedIssuer[],
  now?: () => number,
): (authorization: string | undefined) => Promise<TokenCheck> {
  const verifiers = new Map(
    trusted.map((trust) => [
      trust.issuer,
      createAccessTokenVerifier({
        issuer: trust.issuer,
        audience: trust.audience,
        keys: createLocalJWKSet(trust.jwks),
        ...(now ? { now } : {}),
      }),
    ]),
  );
  return async (authorization) => {
    const token = /^Bearer (\S+)$/.exec(authorization?.trim() ?? '')?.[1];
    if (!authorization) return refusal('missing', 'no bearer token');
    let issuer: unknown;
    try {
      issuer = decodeJwt(token ?? '').iss;
    } catch {
      return refusal('malformed', 'not a bearer JWT');
    }
    const verify = typeof issuer === 'string' ? verifiers.get(issuer) : undefined;
    if (!verify) return refusal('wrong-issuer', 'not an issuer this server trusts');
    return verify(authorization);
  };
}
