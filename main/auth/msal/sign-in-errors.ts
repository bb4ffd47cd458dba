import {
  AuthError,
  ClientAuthErrorCodes,
  InteractionRequiredAuthError,
  ServerError,
} from '@azure/msal-node';

/**
 * Why a sign-in, a renewal or a sign-out did not go through: a reason code the
 * page words for the user (never a stack trace, a token or a provider's text).
 */
export type SignInFailure =
  /** The provider could not be reached (network, TLS, discovery, no answer in time). */
  | 'provider-unreachable'
  /** The user cancelled at the provider, or the app stopped waiting for the browser. */
  | 'cancelled'
  /** No answer came back from the browser in time. */
  | 'timeout'
  /** The answer in the browser was not for this sign-in (its `state` did not match). */
  | 'state-mismatch'
  /** Something answered on the redirect address that is not an authorization response. */
  | 'invalid-redirect'
  /** The provider said no (an OAuth error other than the ones named here). */
  | 'provider-refused'
  /** Nothing silent works any more (refresh token expired or revoked): sign in again. */
  | 'interaction-required'
  /** A fresh login was required, but the provider let the user through on an older one. */
  | 'not-reauthenticated'
  /** The provider would not issue a token for that care team. */
  | 'context-refused'
  /** No such account on this workstation. */
  | 'unknown-account'
  /** The system browser could not be opened. */
  | 'browser-failed'
  | 'unexpected';

/** A failed sign-in operation, with its reason code; the message is for the log only. */
export class SignInError extends Error {
  override readonly name = 'SignInError';
  readonly reason: SignInFailure;
  constructor(reason: SignInFailure, message: string = reason) {
    super(message);
    this.reason = reason;
  }
}

/** Which operation failed: the same provider error means different things in each. */
export type SignInOperation = 'interactive' | 'silent' | 'context';

const UNREACHABLE: ReadonlySet<string> = new Set([
  ClientAuthErrorCodes.networkError,
  ClientAuthErrorCodes.endpointResolutionError,
  ClientAuthErrorCodes.openIdConfigError,
  ClientAuthErrorCodes.noNetworkConnectivity,
]);

/** The reason code for whatever an msal-node call threw. */
export function failureOf(error: unknown, operation: SignInOperation): SignInFailure {
  if (error instanceof SignInError) return error.reason;
  if (!(error instanceof AuthError)) return 'unexpected';
  if (UNREACHABLE.has(error.errorCode)) return 'provider-unreachable';
  switch (error.errorCode) {
    case ClientAuthErrorCodes.stateMismatch:
    case ClientAuthErrorCodes.stateNotFound:
      return 'state-mismatch';
    case ClientAuthErrorCodes.noAccountFound:
    case ClientAuthErrorCodes.noAccountInSilentRequest:
      return 'unknown-account';
    default:
      break;
  }
  if (error instanceof InteractionRequiredAuthError) return 'interaction-required';
  if (error instanceof ServerError) {
    // A refresh token the provider no longer honours: only a new sign-in helps.
    if (error.errorCode === 'invalid_grant') return 'interaction-required';
    return operation === 'context' ? 'context-refused' : 'provider-refused';
  }
  return 'unexpected';
}

/** The reason code for an error answer at the redirect (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6). */
export function failureOfAuthorizeError(error: string): SignInFailure {
  switch (error) {
    case 'access_denied':
      return 'cancelled';
    case 'temporarily_unavailable':
      return 'provider-unreachable';
    default:
      return 'provider-refused';
  }
}

/**
 * A SignInError for what an msal-node call threw, keeping msal's error code
 * (never its message: it can carry the provider's text) for the log.
 */
export function toSignInError(error: unknown, operation: SignInOperation): SignInError {
  if (error instanceof SignInError) return error;
  const reason = failureOf(error, operation);
  const code = error instanceof AuthError ? error.errorCode : 'non-msal error';
  return new SignInError(reason, `${operation} sign-in step failed: ${reason} (${code})`);
}
