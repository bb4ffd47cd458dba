import {
  ClientAuthError,
  ClientAuthErrorCodes,
  CryptoProvider,
  ProtocolMode,
  PublicClientApplication,
  ResponseMode,
  TokenCacheContext,
  type AccountInfo,
  type AuthorizationCodeRequest,
  type AuthorizationUrlRequest,
  type ICachePlugin,
  type NodeSystemOptions,
  type SilentFlowRequest,
} from '@azure/msal-node';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { msalConfiguration, type SignInConfig } from '../../../../main/auth/msal/sign-in-config.ts';
import { failureOf } from '../../../../main/auth/msal/sign-in-errors.ts';
import { createTokenCachePlugin } from '../../../../main/auth/msal/token-cache-plugin.ts';
import { FAKE_AUTHORITY, FAKE_SUB, fakeOidcNetwork } from './msal/fake-oidc-network.ts';

/**
 * A canary for `@azure/msal-node`: the public-client API main/auth/msal uses,
 * checked by what it does (against a provider's HTTP side played by a fake
 * network module) and, through `satisfies`, by type. If an msal-node upgrade
 * breaks this file, read main/auth/msal/browser-sign-in.ts and msal-sign-in.ts
 * before anything else. `acquireTokenInteractive` is deliberately not used:
 * msal-node 7 builds its own loopback client for it (no app-supplied one).
 */

const CONFIG: SignInConfig = {
  kind: 'fut',
  authority: FAKE_AUTHORITY,
  clientId: 'workbench',
  scopes: ['fhir'],
};
const REDIRECT_URI = 'http://127.0.0.1:50123';

function client(plugin?: ICachePlugin) {
  const network = fakeOidcNetwork();
  const calls: string[] = [];
  const cachePlugin =
    plugin ??
    createTokenCachePlugin({
      persistent: false,
      file: '/nowhere/token-cache.json',
      cipher: {
        encrypt: () => Promise.resolve(Buffer.alloc(0)),
        decrypt: () => Promise.resolve(''),
      },
      log: () => undefined,
    });
  const recording: ICachePlugin = {
    beforeCacheAccess: async (context) => {
      calls.push('before');
      expect(context).toBeInstanceOf(TokenCacheContext);
      await cachePlugin.beforeCacheAccess(context);
    },
    afterCacheAccess: async (context) => {
      calls.push(context.cacheHasChanged ? 'after:changed' : 'after');
      await cachePlugin.afterCacheAccess(context);
    },
  };
  const pca = new PublicClientApplication(
    msalConfiguration(CONFIG, {
      cachePlugin: recording,
      networkClient: network.client,
      log: () => undefined,
    }),
  );
  return { pca, network, calls };
}

/** Runs the code flow as main/auth/msal/browser-sign-in.ts does, up to the signed-in account. */
async function signedIn() {
  const setup = client();
  const crypto = new CryptoProvider();
  const { verifier, challenge } = await crypto.generatePkceCodes();
  const state = crypto.createNewGuid();
  const nonce = crypto.createNewGuid();
  const urlRequest = {
    scopes: ['fhir'],
    redirectUri: REDIRECT_URI,
    codeChallenge: challenge,
    codeChallengeMethod: 'S256',
    state,
    nonce,
    responseMode: ResponseMode.FORM_POST,
    loginHint: 'mette@rn.test',
    extraQueryParameters: { max_age: '0' },
  } satisfies AuthorizationUrlRequest;
  const url = new URL(await setup.pca.getAuthCodeUrl(urlRequest));
  setup.network.nonce = nonce;
  const codeRequest = {
    code: 'the-code',
    codeVerifier: verifier,
    redirectUri: REDIRECT_URI,
    scopes: ['fhir'],
    state,
    nonce,
  } satisfies AuthorizationCodeRequest;
  return { ...setup, url, verifier, challenge, state, codeRequest };
}

describe('the msal-node public-client API the sign-in relies on', () => {
  it('has the protocol modes and the form_post response mode by these names', () => {
    const oidc: NonNullable<NodeSystemOptions['protocolMode']> = 'OIDC';
    expect(ProtocolMode.OIDC).toBe(oidc);
    expect(ProtocolMode.AAD).toBe('AAD');
    expect(ResponseMode.FORM_POST).toBe('form_post');
  });

  it('makes PKCE codes: an S256 challenge of a high-entropy verifier', async () => {
    const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
    expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'));
  });

  it('builds the authorization URL from the provider’s own discovery, with every parameter sent', async () => {
    const { url, network, challenge, state } = await signedIn();
    expect(network.gets).toEqual([`${FAKE_AUTHORITY}/.well-known/openid-configuration`]);
    expect(`${url.origin}${url.pathname}`).toBe(`${FAKE_AUTHORITY}/auth`);
    const query = url.searchParams;
    expect(query.get('client_id')).toBe('workbench');
    expect(query.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(query.get('response_type')).toBe('code');
    expect(query.get('response_mode')).toBe('form_post');
    expect(query.get('code_challenge')).toBe(challenge);
    expect(query.get('code_challenge_method')).toBe('S256');
    expect(query.get('state')).toBe(state);
    expect(query.get('max_age')).toBe('0');
    expect(query.get('login_hint')).toBe('mette@rn.test');
    expect(query.get('scope')?.split(' ')).toEqual(
      expect.arrayContaining(['fhir', 'openid', 'offline_access']),
    );
  });

  it('refuses an answer whose state is not the request’s, before any token request', async () => {
    const { pca, network, codeRequest } = await signedIn();
    const error: unknown = await pca
      .acquireTokenByCode(codeRequest, { code: 'the-code', state: 'forged' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ClientAuthError);
    expect((error as ClientAuthError).errorCode).toBe(ClientAuthErrorCodes.stateMismatch);
    expect(failureOf(error, 'interactive')).toBe('state-mismatch');
    expect(network.posts).toEqual([]);
  });

  it('exchanges the code with the verifier and caches the account through the plugin', async () => {
    const { pca, network, codeRequest, verifier, state, calls } = await signedIn();
    const result = await pca.acquireTokenByCode(codeRequest, { code: 'the-code', state });

    expect(Object.fromEntries(network.posts[0]!.body)).toMatchObject({
      grant_type: 'authorization_code',
      code: 'the-code',
      code_verifier: verifier,
      redirect_uri: REDIRECT_URI,
    });
    expect(result.account?.homeAccountId).toBe(FAKE_SUB);
    expect(result.account?.username).toBe('mette@rn.test');
    expect(result.expiresOn).toBeInstanceOf(Date);
    expect(result.idTokenClaims).toHaveProperty('auth_time');
    expect(calls).toContain('after:changed');
  });

  it('lists accounts, finds one by its home id, refreshes with extra body parameters, removes it', async () => {
    const { pca, network, codeRequest, state } = await signedIn();
    await pca.acquireTokenByCode(codeRequest, { code: 'the-code', state });
    const cache = pca.getTokenCache();

    const accounts: AccountInfo[] = await cache.getAllAccounts();
    expect(accounts.map((account) => account.homeAccountId)).toEqual([FAKE_SUB]);
    const account = (await cache.getAccountByHomeId(FAKE_SUB))!;
    expect(account.idToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    await expect(cache.getAccountByHomeId('someone-else')).resolves.toBeNull();

    const silent = {
      account,
      scopes: ['fhir'],
      forceRefresh: true,
      extraParameters: { care_team_id: 'team-2' },
    } satisfies SilentFlowRequest;
    const renewed = await pca.acquireTokenSilent(silent);
    expect(Object.fromEntries(network.posts.at(-1)!.body)).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: 'refresh-1',
      care_team_id: 'team-2',
    });
    expect(renewed.fromCache).toBe(false);
    // The rotated refresh token is the one the next renewal sends.
    await pca.acquireTokenSilent({ account, scopes: ['fhir'], forceRefresh: true });
    expect(network.posts.at(-1)!.body.get('refresh_token')).toBe('refresh-2');
    expect(network.posts.at(-1)!.body.has('care_team_id')).toBe(false);

    await cache.removeAccount(account);
    await expect(cache.getAllAccounts()).resolves.toEqual([]);
  });

  it('throws errors the sign-in can tell apart', async () => {
    const { pca, network, codeRequest, state } = await signedIn();
    await pca.acquireTokenByCode(codeRequest, { code: 'the-code', state });
    const account = (await pca.getTokenCache().getAccountByHomeId(FAKE_SUB))!;
    const attempt = (operation: 'silent' | 'context') =>
      pca
        .acquireTokenSilent({
          account,
          scopes: ['fhir'],
          forceRefresh: true,
          ...(operation === 'context' ? { extraParameters: { care_team_id: 'not-mine' } } : {}),
        })
        .then(
          () => 'no error',
          (error: unknown) => failureOf(error, operation),
        );

    network.failNext = { status: 400, error: 'invalid_request' };
    await expect(attempt('context')).resolves.toBe('context-refused');
    network.failNext = { status: 400, error: 'invalid_grant' };
    await expect(attempt('silent')).resolves.toBe('interaction-required');
    network.failNext = 'unreachable';
    await expect(attempt('silent')).resolves.toBe('provider-unreachable');
  });
});
