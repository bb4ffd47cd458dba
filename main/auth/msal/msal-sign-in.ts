import {
  PublicClientApplication,
  type AccountInfo,
  type AuthenticationResult,
  type ICachePlugin,
  type INetworkModule,
} from '@azure/msal-node';
import { createSerialQueue } from '../../keystore/key-store.ts';
import {
  DEFAULT_REDIRECT_TIMEOUT_MS,
  signInThroughBrowser,
  type InteractiveOptions,
} from './browser-sign-in.ts';
import { endSessionUrl, readDiscovery } from './end-session.ts';
import {
  afterRenewalFailure,
  DEFAULT_RENEW_BEFORE_EXPIRY_MS,
  heldTokenKey,
  needsRenewal,
  renewalDelayMs,
  type HeldToken,
} from './held-tokens.ts';
import { createHttpsNetworkClient } from './https-network-client.ts';
import {
  contextParameters,
  discoveryUrl,
  isCareTeamId,
  msalConfiguration,
  type SignInConfig,
} from './sign-in-config.ts';
import { SignInError, toSignInError, type SignInFailure } from './sign-in-errors.ts';
import { authTimeOf, careTeamOfAccessToken, isFreshLogin } from './token-claims.ts';

export type { HeldToken, InteractiveOptions, SignInConfig };

export interface MsalSignInDeps {
  /** Opens a URL in the user's browser: Electron's `shell.openExternal`; a test's Playwright page. */
  readonly openBrowser: (url: string) => Promise<void>;
  /** Where msal keeps accounts and refresh tokens (token-cache-plugin.ts). */
  readonly cachePlugin: ICachePlugin;
  /** Main's log: reasons and codes, never a token. */
  readonly log: (message: string) => void;
  /** How msal reaches the provider; default: node:https with Node's roots. */
  readonly networkClient?: INetworkModule;
  readonly now?: () => Date;
  readonly redirectTimeoutMs?: number;
  readonly renewBeforeExpiryMs?: number;
  /** A held token could not be renewed in the background and was let go. */
  readonly onRenewalFailed?: (failure: {
    readonly homeAccountId: string;
    readonly careTeamId: string | null;
    readonly reason: SignInFailure;
  }) => void;
}

/** An account on this workstation, as the user picks it. */
export interface AccountSummary {
  readonly homeAccountId: string;
  readonly username: string;
  readonly name: string | null;
}

export interface InteractiveSignIn {
  readonly account: AccountSummary;
  /** The token for the context the provider starts the user in. */
  readonly token: HeldToken;
  /** When the user last logged in at the provider (the ID token's `auth_time`), if it says. */
  readonly authenticatedAt: Date | null;
  /** True when the user logged in during this sign-in, not on an older session at the provider. */
  readonly freshLogin: boolean;
}

export interface MsalSignIn {
  /** Sign-in in the system browser (auth code + PKCE); every failure is a SignInError. */
  signInInteractive(options?: InteractiveOptions): Promise<InteractiveSignIn>;
  /** Every account signed in on this workstation; the user picks one, the app never does. */
  accounts(): Promise<readonly AccountSummary[]>;
  account(homeAccountId: string): Promise<AccountSummary | null>;
  /** A new token for the account's starting context, silently (refresh token). */
  renew(homeAccountId: string): Promise<HeldToken>;
  /** The token for a care team's context: the one held while it lasts, else a new one. */
  tokenForCareTeam(homeAccountId: string, careTeamId: string): Promise<HeldToken>;
  /** Forgets the account here and opens the provider's end-session page in the browser. */
  signOut(homeAccountId: string): Promise<{ readonly endSessionOpened: boolean }>;
  /** Stops the background renewals. */
  dispose(): void;
}

/**
 * Sign-in with `@azure/msal-node` as a public client: FUT's own OpenID
 * provider or Entra ID, per the machine setting. Main holds one access token
 * per account and context (FUT carries the care team in the token; changing
 * context means a new token) and renews each before it expires; msal holds
 * the accounts and refresh tokens in the cache plugin's store. msal cache
 * operations run one at a time: msal reloads its memory from the plugin at
 * the start of a silent call, so one overlapping another's save could lose
 * a rotated refresh token, and a provider that rotates them revokes the
 * session when an old one is used.
 */
export function createMsalSignIn(config: SignInConfig, deps: MsalSignInDeps): MsalSignIn {
  const { log } = deps;
  const now = deps.now ?? (() => new Date());
  const renewBefore = deps.renewBeforeExpiryMs ?? DEFAULT_RENEW_BEFORE_EXPIRY_MS;
  const networkClient = deps.networkClient ?? createHttpsNetworkClient();
  const pca = new PublicClientApplication(
    msalConfiguration(config, { cachePlugin: deps.cachePlugin, networkClient, log }),
  );
  const held = new Map<string, HeldToken>();
  const timers = new Map<string, NodeJS.Timeout>();
  const inFlight = new Map<string, Promise<HeldToken>>();
  const exclusive = createSerialQueue();
  let disposed = false;

  const findAccount = async (homeAccountId: string): Promise<AccountInfo> => {
    const account = await pca.getTokenCache().getAccountByHomeId(homeAccountId);
    if (!account) throw new SignInError('unknown-account', 'no such account on this workstation');
    return account;
  };

  const hold = (token: HeldToken): HeldToken => {
    if (disposed) return token;
    const key = heldTokenKey(token.homeAccountId, token.careTeamId);
    held.set(key, token);
    schedule(key, renewalDelayMs(token.expiresOn, now(), renewBefore), token);
    return token;
  };

  const forget = (homeAccountId: string): void => {
    for (const [key, token] of held) {
      if (token.homeAccountId !== homeAccountId) continue;
      held.delete(key);
      clearTimeout(timers.get(key));
      timers.delete(key);
    }
  };

  const schedule = (key: string, delayMs: number, token: HeldToken): void => {
    clearTimeout(timers.get(key));
    const timer = setTimeout(() => void renewInBackground(key, token), delayMs);
    timer.unref();
    timers.set(key, timer);
  };

  const renewInBackground = async (key: string, token: HeldToken): Promise<void> => {
    timers.delete(key);
    if (held.get(key) !== token) return;
    try {
      await refresh(token.homeAccountId, token.careTeamId);
    } catch (error) {
      const reason = toSignInError(error, token.careTeamId === null ? 'silent' : 'context').reason;
      const next = afterRenewalFailure(reason, token.expiresOn, now());
      log(
        `background token renewal failed (${reason}); ${next === 'drop' ? 'let go' : 'retrying'}`,
      );
      if (next !== 'drop') return schedule(key, next.retryInMs, token);
      held.delete(key);
      deps.onRenewalFailed?.({
        homeAccountId: token.homeAccountId,
        careTeamId: token.careTeamId,
        reason,
      });
    }
  };

  /** A new token for one account and context, through the refresh token. */
  const refresh = (homeAccountId: string, careTeamId: string | null): Promise<HeldToken> => {
    const key = heldTokenKey(homeAccountId, careTeamId);
    const running = inFlight.get(key);
    if (running) return running;
    const work = exclusive(async () => {
      const account = await findAccount(homeAccountId);
      let result: AuthenticationResult;
      try {
        result = await pca.acquireTokenSilent({
          account,
          scopes: [...config.scopes],
          forceRefresh: true,
          extraParameters: contextParameters(config.kind, careTeamId),
        });
      } catch (error) {
        throw toSignInError(error, careTeamId === null ? 'silent' : 'context');
      }
      if (careTeamId !== null && config.kind === 'fut') {
        if (careTeamOfAccessToken(result.accessToken) !== careTeamId)
          throw new SignInError('context-refused', 'the token is for another context');
      }
      const token = tokenOf(result, homeAccountId, careTeamId, 'silent');
      return hold(token);
    });
    inFlight.set(key, work);
    const clear = (): void => void inFlight.delete(key);
    work.then(clear, clear);
    return work;
  };

  const tokenOf = (
    result: AuthenticationResult,
    homeAccountId: string,
    careTeamId: string | null,
    origin: HeldToken['origin'],
  ): HeldToken => ({
    homeAccountId,
    careTeamId,
    accessToken: result.accessToken,
    expiresOn: result.expiresOn ?? now(),
    origin,
  });

  return {
    signInInteractive: async (options = {}) => {
      const startedAt = now();
      const result = await signInThroughBrowser(
        {
          pca,
          config,
          openBrowser: deps.openBrowser,
          redirectTimeoutMs: deps.redirectTimeoutMs ?? DEFAULT_REDIRECT_TIMEOUT_MS,
          exclusive,
        },
        options,
      );
      if (!result.account) throw new SignInError('unexpected', 'the sign-in named no account');
      const authenticatedAt = authTimeOf(result.idTokenClaims);
      const freshLogin = isFreshLogin(result.idTokenClaims, now().getTime() - startedAt.getTime());
      if (options.forceLogin && !freshLogin)
        throw new SignInError('not-reauthenticated', 'the provider did not ask for a login');
      const { homeAccountId } = result.account;
      return {
        account: summaryOf(result.account),
        token: hold(tokenOf(result, homeAccountId, null, 'interactive')),
        authenticatedAt,
        freshLogin,
      };
    },
    accounts: () =>
      exclusive(async () => (await pca.getTokenCache().getAllAccounts()).map(summaryOf)),
    account: (homeAccountId) =>
      exclusive(async () => {
        const account = await pca.getTokenCache().getAccountByHomeId(homeAccountId);
        return account ? summaryOf(account) : null;
      }),
    renew: (homeAccountId) => refresh(homeAccountId, null),
    tokenForCareTeam: async (homeAccountId, careTeamId) => {
      if (!isCareTeamId(careTeamId)) throw new SignInError('context-refused', 'not a care team id');
      const current = held.get(heldTokenKey(homeAccountId, careTeamId));
      if (current && !needsRenewal(current, now(), renewBefore)) return current;
      return refresh(homeAccountId, careTeamId);
    },
    signOut: async (homeAccountId) => {
      const account = await exclusive(async () => {
        const found = await findAccount(homeAccountId);
        forget(homeAccountId);
        await pca.getTokenCache().removeAccount(found);
        return found;
      });
      const discovery = await readDiscovery(networkClient, discoveryUrl(config));
      const url = endSessionUrl(discovery, {
        clientId: config.clientId,
        idTokenHint: account.idToken ?? null,
      });
      if (!url) {
        log('signed out here; the provider names no end-session address');
        return { endSessionOpened: false };
      }
      try {
        await deps.openBrowser(url);
        return { endSessionOpened: true };
      } catch {
        log('signed out here; the browser could not be opened for the provider');
        return { endSessionOpened: false };
      }
    },
    dispose: () => {
      disposed = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      held.clear();
    },
  };
}

function summaryOf(account: AccountInfo): AccountSummary {
  return {
    homeAccountId: account.homeAccountId,
    username: account.username,
    name: account.name ?? null,
  };
}
