import {
  LogLevel,
  ProtocolMode,
  type Configuration,
  type ICachePlugin,
  type INetworkModule,
} from '@azure/msal-node';
import type { SignInProvider } from '../../../shared/settings/entries.ts';

/** The machine setting `signIn` when one is configured (validated where settings are read). */
export type SignInConfig = NonNullable<SignInProvider>;

/**
 * The token request parameter that names the care team a token is for. FUT
 * sets the user's context outside FHIR and carries it in the access token's
 * `context.care_team_id` (FUT-PROFILES.md, "Context switching"); the app asks
 * for it by name when it refreshes a token for a context.
 */
export const CONTEXT_PARAMETER = 'care_team_id';

export interface MsalConfigurationParts {
  readonly cachePlugin: ICachePlugin;
  readonly networkClient: INetworkModule;
  readonly log: (message: string) => void;
}

/**
 * msal-node's configuration for a configured provider. FUT's own provider is
 * a generic OpenID provider: `protocolMode: 'OIDC'` under `system` (under
 * `auth` msal ignores it) and its host as the one known authority, so msal
 * reads the provider's own discovery document instead of Microsoft's
 * instance discovery. Entra ID keeps msal's defaults. msal logs warnings and
 * errors only, without personal data.
 */
export function msalConfiguration(
  config: SignInConfig,
  parts: MsalConfigurationParts,
): Configuration {
  const authority = trimTrailingSlash(config.authority);
  const oidc = config.kind === 'fut';
  return {
    auth: {
      clientId: config.clientId,
      authority,
      ...(oidc ? { knownAuthorities: [new URL(authority).host] } : {}),
    },
    cache: { cachePlugin: parts.cachePlugin },
    system: {
      ...(oidc ? { protocolMode: ProtocolMode.OIDC } : {}),
      networkClient: parts.networkClient,
      loggerOptions: {
        logLevel: LogLevel.Warning,
        piiLoggingEnabled: false,
        loggerCallback: (level, message, containsPii) => {
          if (!containsPii && level <= LogLevel.Warning) parts.log(`msal: ${message}`);
        },
      },
    },
  };
}

/** The extra authorization request parameters for a sign-in. */
export interface AuthorizeExtras {
  readonly prompt?: string;
  readonly extraQueryParameters?: Record<string, string>;
}

/**
 * How to make the provider ask for a login even when it has a session (to
 * unlock the app, or to add a second account on a shared workstation):
 * `max_age=0` for an OpenID provider, whose `prompt=login` may cost the
 * refresh token (OIDC Core §11 lets it drop `offline_access` unless
 * `prompt=consent`); `prompt=login` for Entra ID. Either way the ID token's
 * `auth_time` tells whether it happened.
 */
export function authorizeExtras(kind: SignInConfig['kind'], forceLogin: boolean): AuthorizeExtras {
  if (!forceLogin) return {};
  switch (kind) {
    case 'fut':
      return { extraQueryParameters: { max_age: '0' } };
    case 'entra':
      return { prompt: 'login' };
  }
}

/**
 * The token request body parameters that ask for a token in a care team's
 * context: FUT's provider issues one whose `context.care_team_id` is that
 * team. Entra ID has no such context; its tokens are the same for every team.
 */
export function contextParameters(
  kind: SignInConfig['kind'],
  careTeamId: string | null,
): Record<string, string> | undefined {
  if (careTeamId === null || kind === 'entra') return undefined;
  return { [CONTEXT_PARAMETER]: careTeamId };
}

/** Where the provider's discovery document is (Entra ID's v2.0 endpoints, as msal uses them). */
export function discoveryUrl(config: SignInConfig): string {
  const authority = trimTrailingSlash(config.authority);
  return config.kind === 'entra'
    ? `${authority}/v2.0/.well-known/openid-configuration`
    : `${authority}/.well-known/openid-configuration`;
}

/** A care team id as the app may ask for one: FHIR-id-like or a reference, short, printable. */
export function isCareTeamId(value: string): boolean {
  return /^[\x21-\x7e]{1,200}$/.test(value);
}

function trimTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
