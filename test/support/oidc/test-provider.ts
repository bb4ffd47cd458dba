import { exportJWK, generateKeyPair, type JSONWebKeySet } from 'jose';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type Koa from 'koa';
import type { AddressInfo } from 'node:net';
import Provider, {
  errors,
  interactionPolicy,
  type Configuration,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import { makeTestTls } from './test-ca.ts';
import { TEST_USERS, type TestMembership, type TestUser } from './test-users.ts';

/** The FHIR back end the access tokens are for (their `aud`). */
export const TEST_RESOURCE = 'https://fhir.test/';
/** The resource server's one scope; the app asks for it. */
export const TEST_SCOPE = 'fhir';
export const TEST_CLIENT_ID = 'nordjysk-workbench';
/** The token request parameter naming the care team a token is for (main/auth/msal sends it). */
export const CONTEXT_PARAMETER = 'care_team_id';

export interface TestProviderOptions {
  readonly users?: readonly TestUser[];
  /** Lifetime of an access token, in seconds (FUT's are minutes). */
  readonly accessTokenTtlSeconds?: number;
}

export interface TestProvider {
  /** `https://localhost:<port>`: the authority for msal-node. */
  readonly issuer: string;
  readonly jwksUri: string;
  /** The throwaway CA that signed the provider's certificate: what the client must trust. */
  readonly caPem: string;
  /** The provider's public signing keys, as served at `jwksUri`. */
  readonly jwks: JSONWebKeySet;
  readonly clientId: string;
  readonly resource: string;
  readonly users: readonly TestUser[];
  /** Token requests seen at the token endpoint: grant type and the context asked for. */
  readonly tokenRequests: readonly {
    readonly grantType: string;
    readonly careTeamId: string | null;
  }[];
  close(): Promise<void>;
}

/**
 * A real OpenID provider (`oidc-provider`) on https://localhost with a
 * certificate from a CA made for this run, standing in for FUT's: a public
 * native client (no secret, PKCE required, loopback redirect on any port per
 * RFC 8252), authorization code and refresh tokens, the provider's own login
 * form (devInteractions: the login is a test user's id, any password),
 * RP-initiated logout, and JWT access tokens for one FHIR resource carrying
 * FUT's claims for the care team asked for in the token request.
 */
export async function startTestProvider(options: TestProviderOptions = {}): Promise<TestProvider> {
  const users = options.users ?? TEST_USERS;
  const tls = await makeTestTls();
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `test-${randomBytes(4).toString('hex')}`;
  const signingKey = { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' };
  const jwks: JSONWebKeySet = {
    keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }],
  };

  const server = createServer({ key: tls.key, cert: tls.cert });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `https://localhost:${(server.address() as AddressInfo).port}`;
  const tokenRequests: { grantType: string; careTeamId: string | null }[] = [];

  const provider = new Provider(
    issuer,
    configuration({
      users,
      signingKey,
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 600,
      onTokenRequest: (request) => tokenRequests.push(request),
    }),
  );
  provider.use(honourOfflineAccess);
  // The provider's own log of unexpected errors would otherwise go nowhere.
  provider.on('server_error', (_ctx, error) => console.error('test provider:', error));
  const handle = provider.callback();
  server.on('request', (request, response) => void handle(request, response));

  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    caPem: tls.caPem,
    jwks,
    clientId: TEST_CLIENT_ID,
    resource: TEST_RESOURCE,
    users,
    tokenRequests,
    close: () => closeServer(server),
  };
}

function configuration(setup: {
  readonly users: readonly TestUser[];
  readonly signingKey: Record<string, unknown>;
  readonly accessTokenTtlSeconds: number;
  readonly onTokenRequest: (request: { grantType: string; careTeamId: string | null }) => void;
}): Configuration {
  const userById = new Map(setup.users.map((user) => [user.sub, user]));
  return {
    clients: [
      {
        client_id: TEST_CLIENT_ID,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        // RFC 8252 §7.3: a native client's loopback redirect matches on any port.
        redirect_uris: ['http://127.0.0.1'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        id_token_signed_response_alg: 'ES256',
        // Every ID token says when the user last typed a password (the app tells a real login from a silent one).
        require_auth_time: true,
      },
    ],
    jwks: { keys: [setup.signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    ttl: {
      AccessToken: setup.accessTokenTtlSeconds,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      IdToken: 3600,
      RefreshToken: 3600,
    },
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'] },
    // Profile claims in the ID token even when an access token is issued (msal reads the user's name from it).
    conformIdTokenClaims: false,
    interactions: { policy: firstPartyPolicy() },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.body = page(
            'Logout Request',
            `${form}<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>`,
          );
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.body = page('Sign-out Success', '<h1>Sign-out Success</h1>');
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => TEST_RESOURCE,
        // The resource granted at authorization is the one every refresh is for, without a `resource` parameter.
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== TEST_RESOURCE) throw new errors.InvalidTarget();
          return {
            scope: TEST_SCOPE,
            audience: TEST_RESOURCE,
            accessTokenTTL: setup.accessTokenTtlSeconds,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
    findAccount: (_ctx, sub) => {
      const user = userById.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, name: user.name, email: user.email, preferred_username: user.email }),
      };
    },
    // A first-party app: the user is never asked to consent, so the login form is the only page.
    loadExistingGrant: async (ctx) => {
      const { Grant } = ctx.oidc.provider;
      const session = ctx.oidc.session;
      const client = ctx.oidc.client;
      if (!session?.accountId || !client) return undefined;
      const existing = session.grantIdFor(client.clientId);
      if (existing) {
        const found = await Grant.find(existing);
        if (found?.accountId === session.accountId) return found;
      }
      const grant = new Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile email offline_access');
      // msal-node always asks for a few Entra ID token claims (`claims` parameter); granted, never issued.
      grant.addOIDCClaims([...ctx.oidc.requestParamClaims]);
      grant.addResourceScope(TEST_RESOURCE, TEST_SCOPE);
      await grant.save();
      return grant;
    },
    // A refresh token lives only as long as the user's session at the provider: signing out there ends it.
    expiresWithSession: () => true,
    // Checked here, before the refresh token is rotated: a refused context must not cost the user the session.
    rotateRefreshToken: (ctx) => {
      membershipFor(ctx, userOf(ctx, userById));
      return true;
    },
    extraTokenClaims: (ctx, token) => {
      const user = userById.get('accountId' in token ? token.accountId : '');
      if (!user) return undefined;
      const membership = membershipFor(ctx, user);
      setup.onTokenRequest({
        grantType:
          typeof ctx.oidc.params?.grant_type === 'string' ? ctx.oidc.params.grant_type : '',
        careTeamId: requestedCareTeam(ctx),
      });
      return {
        user_type: 'PRACTITIONER',
        name: user.name,
        context: {
          care_team_id: membership.careTeamId,
          organization_id: membership.organizationId,
        },
        realm_access: { roles: [...membership.roles] },
      };
    },
  };
}

/**
 * oidc-provider asks a native client's user to confirm on every sign-in
 * (`native_client_prompt`) and whenever `prompt=consent` is sent; FUT's
 * provider does neither for the region's own apps, so the login form is the
 * one page the user sees.
 */
function firstPartyPolicy(): interactionPolicy.DefaultPolicy {
  const policy = interactionPolicy.base();
  const consent = policy.get('consent');
  consent?.checks.remove('native_client_prompt');
  consent?.checks.remove('consent_prompt');
  return policy;
}

/**
 * oidc-provider drops `offline_access` from an authorization request without
 * `prompt=consent` (OIDC Core §11; lib/actions/authorization/scopes.js), and
 * then refuses msal-node's refresh requests, which always ask for it
 * ("refresh token missing requested scope"). Providers like FUT's honour it
 * as asked; so does this one, by adding the prompt (which asks nothing, see
 * firstPartyPolicy).
 */
async function honourOfflineAccess(ctx: Koa.Context, next: Koa.Next): Promise<void> {
  const scope = typeof ctx.query.scope === 'string' ? ctx.query.scope.split(' ') : [];
  if (
    ctx.method === 'GET' &&
    ctx.path === '/auth' &&
    !ctx.query.prompt &&
    scope.includes('offline_access')
  )
    ctx.query = { ...ctx.query, prompt: 'consent' };
  await next();
}

function userOf(ctx: KoaContextWithOIDC, users: ReadonlyMap<string, TestUser>): TestUser {
  const user = users.get(ctx.oidc.entities.Account?.accountId ?? '');
  if (!user) throw new errors.InvalidGrant('unknown account');
  return user;
}

/**
 * The care team named in the token request's body. oidc-provider keeps the
 * whole parsed body on `ctx.oidc.body` (lib/shared/selective_body.js) while
 * `ctx.oidc.params` holds only the parameters the grant declares, and
 * `extraParams` extends the authorization endpoints only, not the token
 * endpoint (lib/actions/token.js); its types omit `body`.
 */
function requestedCareTeam(ctx: KoaContextWithOIDC): string | null {
  const body = (ctx.oidc as { body?: Record<string, unknown> }).body;
  const value = body?.[CONTEXT_PARAMETER];
  return typeof value === 'string' ? value : null;
}

/** The membership the token is for: the one asked for, or the user's first. */
function membershipFor(ctx: KoaContextWithOIDC, user: TestUser): TestMembership {
  const asked = requestedCareTeam(ctx);
  if (asked === null) return user.memberships[0];
  const membership = user.memberships.find((candidate) => candidate.careTeamId === asked);
  if (!membership) throw new errors.InvalidRequest('the user is not a member of that care team');
  return membership;
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
