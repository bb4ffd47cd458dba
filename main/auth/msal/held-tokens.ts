import type { SignInFailure } from './sign-in-errors.ts';

/** An access token main holds for one account in one context. */
export interface HeldToken {
  readonly homeAccountId: string;
  /** The care team the token is for; null for the context a sign-in starts in. */
  readonly careTeamId: string | null;
  readonly accessToken: string;
  readonly expiresOn: Date;
  /** `interactive` only for the token a browser sign-in returned; every renewal is `silent`. */
  readonly origin: 'interactive' | 'silent';
}

/** Renew this long before a token expires (FUT's access tokens live minutes). */
export const DEFAULT_RENEW_BEFORE_EXPIRY_MS = 60 * 1000;
/** While the provider cannot be reached, try again this often (as long as the token lasts). */
export const RENEWAL_RETRY_MS = 30 * 1000;
/** setTimeout's longest delay; a later renewal is rescheduled when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The map key for one account in one context. */
export function heldTokenKey(homeAccountId: string, careTeamId: string | null): string {
  return JSON.stringify([homeAccountId, careTeamId]);
}

/** Whether a held token is too close to its expiry to hand out (it is renewed first). */
export function needsRenewal(token: HeldToken, now: Date, renewBeforeMs: number): boolean {
  return token.expiresOn.getTime() - now.getTime() <= renewBeforeMs;
}

/** How long until a held token is renewed in the background. */
export function renewalDelayMs(expiresOn: Date, now: Date, renewBeforeMs: number): number {
  const delay = expiresOn.getTime() - renewBeforeMs - now.getTime();
  return Math.min(Math.max(0, delay), MAX_TIMER_MS);
}

/**
 * What to do when a background renewal failed: try again soon while the
 * provider is merely unreachable and the token still lasts; otherwise let the
 * token go and tell the session (sign in again, or the team is no longer
 * the user's).
 */
export function afterRenewalFailure(
  reason: SignInFailure,
  expiresOn: Date,
  now: Date,
): { readonly retryInMs: number } | 'drop' {
  const left = expiresOn.getTime() - now.getTime();
  if (reason !== 'provider-unreachable' || left <= 0) return 'drop';
  return { retryInMs: Math.min(RENEWAL_RETRY_MS, left) };
}
