/**
 * What main reads from tokens it holds. Main is not the resource server: it
 * never trusts these values for access (the FHIR server verifies the
 * signature); it reads them to know which context a token is for and when
 * the user last typed a password.
 */

/** A JWT's payload, unverified; null for anything that is not a JWT with a JSON object payload. */
export function jwtPayload(token: string): Readonly<Record<string, unknown>> | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return isRecord(payload) ? payload : null;
  } catch {
    return null;
  }
}

/** FUT's `context.care_team_id` in an access token; null when it names none (or is not a JWT). */
export function careTeamOfAccessToken(accessToken: string): string | null {
  const context = jwtPayload(accessToken)?.context;
  if (!isRecord(context)) return null;
  const careTeam = context.care_team_id;
  return typeof careTeam === 'string' && careTeam !== '' ? careTeam : null;
}

/** When the user last authenticated at the provider (the ID token's `auth_time`), if it says. */
export function authTimeOf(idTokenClaims: unknown): Date | null {
  if (!isRecord(idTokenClaims)) return null;
  const seconds = idTokenClaims.auth_time;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0
    ? new Date(seconds * 1000)
    : null;
}

/** `auth_time` and `iat` are whole seconds: allow for the rounding, and the provider's own work. */
export const LOGIN_SLACK_MS = 2000;

/**
 * Whether the user really logged in during this sign-in (typed a password,
 * or whatever the provider asks) rather than being let through on the
 * provider's existing session. Compared on the provider's clock alone, so a
 * workstation's wrong clock does not matter: the ID token was issued (`iat`)
 * no longer after the login (`auth_time`) than this sign-in took. No
 * `auth_time`, no proof.
 */
export function isFreshLogin(
  idTokenClaims: unknown,
  elapsedMs: number,
  slackMs: number = LOGIN_SLACK_MS,
): boolean {
  const authTime = authTimeOf(idTokenClaims);
  const issuedAt = isRecord(idTokenClaims) ? idTokenClaims.iat : undefined;
  if (authTime === null || typeof issuedAt !== 'number' || !Number.isFinite(issuedAt)) return false;
  return issuedAt * 1000 - authTime.getTime() <= Math.max(0, elapsedMs) + slackMs;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
