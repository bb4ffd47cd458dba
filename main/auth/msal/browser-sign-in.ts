import {
  CryptoProvider,
  ResponseMode,
  type AuthenticationResult,
  type PublicClientApplication,
} from '@azure/msal-node';
import { listenForRedirect, type ReceivedAnswer, type RedirectPage } from './loopback-redirect.ts';
import { authorizeExtras, type SignInConfig } from './sign-in-config.ts';
import { failureOfAuthorizeError, SignInError, toSignInError } from './sign-in-errors.ts';

/** How long the app waits for the user to finish in the browser. */
export const DEFAULT_REDIRECT_TIMEOUT_MS = 5 * 60 * 1000;

export interface InteractiveOptions {
  /**
   * Make the provider ask for a login even when it has a session: to unlock
   * the app, or to add another account on a shared workstation. The result
   * is refused (`not-reauthenticated`) unless the provider says it did.
   */
  readonly forceLogin?: boolean;
  /** Fills in the user name on the provider's page. */
  readonly loginHint?: string;
  /** Aborting stops the wait for the browser (`cancelled`). */
  readonly signal?: AbortSignal;
}

export interface BrowserSignInSetup {
  readonly pca: PublicClientApplication;
  readonly config: SignInConfig;
  readonly openBrowser: (url: string) => Promise<void>;
  readonly redirectTimeoutMs: number;
  /** Runs the code exchange (which writes msal's cache) while no other msal cache operation runs. */
  readonly exclusive: <T>(work: () => Promise<T>) => Promise<T>;
}

/**
 * Authorization code + PKCE through the system browser, with the app's own
 * redirect address on 127.0.0.1. msal-node 7's `acquireTokenInteractive`
 * no longer takes a loopback client of the app's (it builds its own, which
 * says `localhost` in the redirect URI, cannot be cancelled or timed out,
 * and ignores an answer with a wrong `state` rather than failing), so the
 * flow is msal's own parts in its own order: `getAuthCodeUrl`, the browser,
 * then `acquireTokenByCode` with the answer as it arrived, where msal
 * compares the `state` (a mismatch fails before any token request).
 */
export async function signInThroughBrowser(
  setup: BrowserSignInSetup,
  options: InteractiveOptions,
): Promise<AuthenticationResult> {
  const { pca, config } = setup;
  const crypto = new CryptoProvider();
  const { verifier, challenge } = await crypto.generatePkceCodes();
  const state = crypto.createNewGuid();
  const nonce = crypto.createNewGuid();
  const scopes = [...config.scopes];
  const loopback = await listenForRedirect({
    expectedState: state,
    timeoutMs: setup.redirectTimeoutMs,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const redirectUri = loopback.redirectUri;
  let received: ReceivedAnswer | null = null;
  let page: RedirectPage = 'not-signed-in';
  try {
    let url: string;
    try {
      url = await pca.getAuthCodeUrl({
        scopes,
        redirectUri,
        codeChallenge: challenge,
        codeChallengeMethod: 'S256',
        state,
        nonce,
        responseMode: ResponseMode.FORM_POST,
        ...(options.loginHint ? { loginHint: options.loginHint } : {}),
        ...authorizeExtras(config.kind, options.forceLogin ?? false),
      });
    } catch (error) {
      throw toSignInError(error, 'interactive');
    }
    if (new URL(url).protocol !== 'https:')
      throw new SignInError('unexpected', 'the authorization address is not https');
    if (options.signal?.aborted) throw new SignInError('cancelled', 'cancelled before the browser');
    try {
      await setup.openBrowser(url);
    } catch {
      throw new SignInError('browser-failed', 'the system browser could not be opened');
    }
    received = await loopback.received;
    const { answer } = received;
    if (answer.error !== null) {
      if (!answer.stateMatches) {
        page = 'rejected';
        throw new SignInError('state-mismatch', 'an error answer for another sign-in');
      }
      const reason = failureOfAuthorizeError(answer.error);
      throw new SignInError(reason, `the provider answered ${errorCodeForLog(answer.error)}`);
    }
    const code = answer.code ?? '';
    try {
      const result = await setup.exclusive(() =>
        pca.acquireTokenByCode(
          { code, codeVerifier: verifier, redirectUri, scopes, state, nonce },
          { code, state: answer.state ?? '' },
        ),
      );
      page = 'signed-in';
      return result;
    } catch (error) {
      const failure = toSignInError(error, 'interactive');
      if (failure.reason === 'state-mismatch') page = 'rejected';
      throw failure;
    }
  } finally {
    received?.reply(page);
    loopback.close();
  }
}

/** An OAuth error code is a short token; anything else from the provider is not logged. */
function errorCodeForLog(error: string): string {
  return /^[a-z_]{1,64}$/.test(error) ? error : 'an unrecognised error';
}
