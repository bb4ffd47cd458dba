import type { INetworkModule, NetworkResponse } from '@azure/msal-node';

export const FAKE_AUTHORITY = 'https://login.test/realms/ehealth';
export const FAKE_SUB = 'practitioner-1';

/** An unsigned JWT (msal-node reads ID token claims without checking a signature). */
export function fakeJwt(payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'ES256', typ: 'JWT' })}.${part(payload)}.c2lnbmF0dXJl`;
}

export interface FakeOidcNetwork {
  readonly client: INetworkModule;
  readonly gets: string[];
  readonly posts: { readonly url: string; readonly body: URLSearchParams }[];
  /** The nonce the next ID token carries (the one msal put in the authorization URL). */
  nonce: string | undefined;
  /** Answers the next token request with this OAuth error instead. */
  failNext: { readonly status: number; readonly error: string } | 'unreachable' | null;
  /** How long before the ID token the user last logged in (0: just now). */
  authTimeAgoSeconds: number;
  /** A provider that ignores the context asked for and issues this one. */
  careTeamOverride: string | null;
  /** Whether discovery names an end-session endpoint. */
  endSession: boolean;
}

/**
 * A provider's HTTP side for msal-node's network module: discovery and a
 * token endpoint that issues an ID token, a rotating refresh token and an
 * access token naming the care team asked for (`care_team_id`). Enough for
 * msal's own code paths to run without a server.
 */
export function fakeOidcNetwork(): FakeOidcNetwork {
  const gets: string[] = [];
  const posts: { url: string; body: URLSearchParams }[] = [];
  let issued = 0;
  const state: FakeOidcNetwork = {
    gets,
    posts,
    nonce: undefined,
    failNext: null,
    authTimeAgoSeconds: 0,
    careTeamOverride: null,
    endSession: true,
    client: {
      sendGetRequestAsync: <T>(url: string) => {
        gets.push(url);
        if (url !== `${FAKE_AUTHORITY}/.well-known/openid-configuration`)
          return Promise.resolve(answer<T>(404, {}));
        return Promise.resolve(
          answer<T>(200, {
            issuer: FAKE_AUTHORITY,
            authorization_endpoint: `${FAKE_AUTHORITY}/auth`,
            token_endpoint: `${FAKE_AUTHORITY}/token`,
            ...(state.endSession ? { end_session_endpoint: `${FAKE_AUTHORITY}/logout` } : {}),
            jwks_uri: `${FAKE_AUTHORITY}/jwks`,
            response_modes_supported: ['query', 'form_post'],
          }),
        );
      },
      sendPostRequestAsync: <T>(url: string, options?: { body?: string }) => {
        const body = new URLSearchParams(options?.body ?? '');
        posts.push({ url, body });
        const failure = state.failNext;
        state.failNext = null;
        if (failure === 'unreachable') return Promise.reject(new Error('connect ECONNREFUSED'));
        if (failure) return Promise.resolve(answer<T>(failure.status, { error: failure.error }));
        issued += 1;
        const now = Math.floor(Date.now() / 1000);
        return Promise.resolve(
          answer<T>(200, {
            token_type: 'Bearer',
            expires_in: 600,
            scope: 'fhir',
            refresh_token: `refresh-${issued}`,
            access_token: fakeJwt({
              sub: FAKE_SUB,
              jti: `access-${issued}`,
              context: {
                care_team_id: state.careTeamOverride ?? body.get('care_team_id') ?? 'team-default',
              },
            }),
            id_token: fakeJwt({
              iss: FAKE_AUTHORITY,
              aud: 'workbench',
              sub: FAKE_SUB,
              name: 'Mette Kjærsgaard',
              preferred_username: 'mette@rn.test',
              iat: now,
              exp: now + 600,
              auth_time: now - state.authTimeAgoSeconds,
              ...(state.nonce && body.get('grant_type') === 'authorization_code'
                ? { nonce: state.nonce }
                : {}),
            }),
          }),
        );
      },
    },
  };
  return state;
}

function answer<T>(status: number, body: unknown): NetworkResponse<T> {
  return { status, headers: { 'content-type': 'application/json' }, body: body as T };
}
