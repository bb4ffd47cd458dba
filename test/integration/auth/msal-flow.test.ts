import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHttpsNetworkClient } from '../../../main/auth/msal/https-network-client.ts';
import {
  createMsalSignIn,
  type MsalSignIn,
  type MsalSignInDeps,
  type SignInConfig,
} from '../../../main/auth/msal/msal-sign-in.ts';
import { SignInError, type SignInFailure } from '../../../main/auth/msal/sign-in-errors.ts';
import { createTokenCachePlugin } from '../../../main/auth/msal/token-cache-plugin.ts';
import { createAccessTokenVerifier } from '../../../main/demo-backend/access/verify-token.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../playwright.config.ts';
import { providerBrowser, type ProviderBrowser } from '../../support/oidc/provider-browser.ts';
import { startTestProvider, type TestProvider } from '../../support/oidc/test-provider.ts';
import { fakeSafeStorage } from '../../unit/main/keystore/fake-safe-storage.ts';

const NURSE = 'practitioner-lung-nurse';
const HOME_CARE_NURSE = 'practitioner-home-care-nurse';
const TEAM_LUNG = 'careteam-lung-aauh';
const TEAM_COPD = 'careteam-copd-telecare';

/** The SignInError reason a promise rejects with. */
async function failureOf(promise: Promise<unknown>): Promise<SignInFailure> {
  const error: unknown = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SignInError);
  return (error as SignInError).reason;
}

/**
 * The whole sign-in against a real OpenID provider (oidc-provider on
 * https://localhost, a CA made for the run) through the real msal-node, the
 * provider's login page driven in Chromium as the system browser. The steps
 * build on each other, like a day at a workstation.
 */
describe('sign-in with msal-node against a FUT-like OpenID provider', () => {
  let provider: TestProvider;
  let browser: Browser;
  let nurseTab: ProviderBrowser;
  let homeCareTab: ProviderBrowser;
  let tab: ProviderBrowser;
  let keys: ReturnType<typeof createLocalJWKSet>;
  let folder: string;
  let signIn: MsalSignIn;
  const keyring = fakeSafeStorage();
  const log: string[] = [];

  const config = (): SignInConfig => ({
    kind: 'fut',
    authority: provider.issuer,
    clientId: provider.clientId,
    scopes: ['fhir'],
  });

  /** The app as it starts: the sealed cache in the user-data folder, the provider's CA trusted. */
  const startApp = (overrides: Partial<MsalSignInDeps> = {}, file = 'token-cache.json') =>
    createMsalSignIn(config(), {
      openBrowser: (url) => tab.openBrowser(url),
      cachePlugin: createTokenCachePlugin({
        persistent: true,
        file: join(folder, file),
        cipher: {
          encrypt: (text) => Promise.resolve(keyring.encryptString(text)),
          decrypt: (sealed) => Promise.resolve().then(() => keyring.decryptString(sealed)),
        },
        log: (message) => log.push(message),
      }),
      log: (message) => log.push(message),
      networkClient: createHttpsNetworkClient({ extraCaPem: provider.caPem }),
      ...overrides,
    });

  const verified = async (accessToken: string): Promise<JWTPayload> =>
    (
      await jwtVerify(accessToken, keys, {
        issuer: provider.issuer,
        audience: provider.resource,
        algorithms: ['ES256'],
      })
    ).payload;

  beforeAll(async () => {
    [provider, browser] = await Promise.all([
      startTestProvider(),
      chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }),
    ]);
    // Two people, each in their own browser profile at the provider.
    nurseTab = await providerBrowser(await browser.newContext({ ignoreHTTPSErrors: true }));
    homeCareTab = await providerBrowser(await browser.newContext({ ignoreHTTPSErrors: true }));
    tab = nurseTab;
    const jwks = await createHttpsNetworkClient({
      extraCaPem: provider.caPem,
    }).sendGetRequestAsync<JSONWebKeySet>(provider.jwksUri);
    keys = createLocalJWKSet(jwks.body);
    folder = await mkdtemp(join(tmpdir(), 'wb-msal-'));
    signIn = startApp();
  });

  afterAll(async () => {
    signIn?.dispose();
    await browser?.close();
    await provider?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('signs in through the provider’s login page: a JWT access token with FUT’s claims', async () => {
    tab.next({ kind: 'log-in', login: NURSE });
    const result = await signIn.signInInteractive();

    expect(result.account).toEqual({
      homeAccountId: NURSE,
      username: 'mette.kjaersgaard@rn.test',
      name: 'Mette Kjærsgaard',
    });
    expect(result.freshLogin).toBe(true);
    expect(result.token.origin).toBe('interactive');
    const claims = await verified(result.token.accessToken);
    expect(claims).toMatchObject({
      sub: NURSE,
      user_type: 'PRACTITIONER',
      context: { care_team_id: TEAM_LUNG, organization_id: 'org-aauh-lung' },
      realm_access: { roles: expect.arrayContaining(['CarePlan.read']) as unknown },
    });
    // What the demo back end checks a bearer token with accepts it too.
    const check = await createAccessTokenVerifier({
      issuer: provider.issuer,
      audience: provider.resource,
      keys,
    })(`Bearer ${result.token.accessToken}`);
    expect(check.ok).toBe(true);

    const opened = new URL(tab.opened.at(-1)!);
    expect(opened.origin).toBe(provider.issuer);
    expect(opened.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(opened.searchParams.get('code_challenge_method')).toBe('S256');
    expect(opened.searchParams.get('response_mode')).toBe('form_post');
    await expect(tab.outcome()).resolves.toEqual({
      status: 200,
      text: 'Du er logget ind. Du kan lukke dette vindue.',
    });
  });

  it('renews silently: a new token, never an interactive login', async () => {
    const before = provider.tokenRequests.length;
    const first = await signIn.renew(NURSE);
    const second = await signIn.renew(NURSE);

    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.origin).toBe('silent');
    expect(decodeJwt(second.accessToken).jti).not.toBe(decodeJwt(first.accessToken).jti);
    expect(provider.tokenRequests.slice(before)).toEqual([
      { grantType: 'refresh_token', careTeamId: null },
      { grantType: 'refresh_token', careTeamId: null },
    ]);
  });

  it('changes context: a token per care team, held until it must be renewed', async () => {
    const copd = await signIn.tokenForCareTeam(NURSE, TEAM_COPD);
    expect(await verified(copd.accessToken)).toMatchObject({
      sub: NURSE,
      context: { care_team_id: TEAM_COPD, organization_id: 'org-telecare-nord' },
    });
    expect(provider.tokenRequests.at(-1)).toEqual({
      grantType: 'refresh_token',
      careTeamId: TEAM_COPD,
    });

    const requests = provider.tokenRequests.length;
    await expect(signIn.tokenForCareTeam(NURSE, TEAM_COPD)).resolves.toBe(copd);
    const lung = await signIn.tokenForCareTeam(NURSE, TEAM_LUNG);
    expect(decodeJwt(lung.accessToken).context).toMatchObject({ care_team_id: TEAM_LUNG });
    expect(provider.tokenRequests.length).toBe(requests + 1);
  });

  it('refuses a care team that is not the user’s, and the session goes on', async () => {
    expect(await failureOf(signIn.tokenForCareTeam(NURSE, 'careteam-someone-elses'))).toBe(
      'context-refused',
    );
    await expect(signIn.renew(NURSE)).resolves.toMatchObject({ homeAccountId: NURSE });
  });

  it('after a restart the account is still there, from the sealed cache on disk', async () => {
    signIn.dispose();
    signIn = startApp();

    await expect(signIn.accounts()).resolves.toEqual([
      expect.objectContaining({ homeAccountId: NURSE }),
    ]);
    expect(decodeJwt((await signIn.renew(NURSE)).accessToken).sub).toBe(NURSE);
  });

  it('renews held tokens by itself before they expire', async () => {
    signIn.dispose();
    // Tokens live 600 s here; renewing 599.5 s before expiry means half a second after each is issued.
    signIn = startApp({ renewBeforeExpiryMs: 599_500 });
    await signIn.renew(NURSE);
    const before = provider.tokenRequests.length;

    await vi.waitFor(
      () => expect(provider.tokenRequests.length).toBeGreaterThanOrEqual(before + 2),
      {
        timeout: 10_000,
      },
    );
    signIn.dispose();
    signIn = startApp();
  });

  it('holds two accounts on one workstation; the user picks the second by its id', async () => {
    tab = homeCareTab;
    tab.next({ kind: 'log-in', login: HOME_CARE_NURSE });
    const second = await signIn.signInInteractive({ forceLogin: true });
    expect(second.freshLogin).toBe(true);
    await expect(tab.outcome()).resolves.toMatchObject({ status: 200 });

    const accounts = await signIn.accounts();
    expect(accounts.map((account) => account.homeAccountId).sort()).toEqual(
      [HOME_CARE_NURSE, NURSE].sort(),
    );
    const picked = accounts.find((account) => account.homeAccountId === HOME_CARE_NURSE)!;
    await expect(signIn.account(picked.homeAccountId)).resolves.toEqual(picked);
    expect(decodeJwt((await signIn.renew(picked.homeAccountId)).accessToken).sub).toBe(
      HOME_CARE_NURSE,
    );
    expect(decodeJwt((await signIn.renew(NURSE)).accessToken).sub).toBe(NURSE);
  });

  it('renews both accounts at once without losing a rotated refresh token', async () => {
    // The provider rotates refresh tokens and ends the session when an old one is used again.
    const renewals = await Promise.all([
      signIn.renew(NURSE),
      signIn.renew(HOME_CARE_NURSE),
      signIn.tokenForCareTeam(NURSE, TEAM_COPD),
      signIn.renew(HOME_CARE_NURSE),
    ]);
    expect(renewals.map((token) => decodeJwt(token.accessToken).sub)).toEqual([
      NURSE,
      HOME_CARE_NURSE,
      NURSE,
      HOME_CARE_NURSE,
    ]);
    await expect(signIn.renew(NURSE)).resolves.toBeDefined();
    await expect(signIn.renew(HOME_CARE_NURSE)).resolves.toBeDefined();
  });

  it('signs out: the account is gone here and the session ends at the provider', async () => {
    // The cache as it was, to try the signed-out user's refresh token afterwards.
    await copyFile(join(folder, 'token-cache.json'), join(folder, 'before-sign-out.json'));
    tab.next({ kind: 'confirm-sign-out' });

    await expect(signIn.signOut(HOME_CARE_NURSE)).resolves.toEqual({ endSessionOpened: true });
    const endSession = new URL(tab.opened.at(-1)!);
    expect(`${endSession.origin}${endSession.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(endSession.searchParams.get('client_id')).toBe(provider.clientId);
    expect(decodeJwt(endSession.searchParams.get('id_token_hint')!).sub).toBe(HOME_CARE_NURSE);
    await tab.outcome();

    expect((await signIn.accounts()).map((account) => account.homeAccountId)).toEqual([NURSE]);
    expect(await failureOf(signIn.renew(HOME_CARE_NURSE))).toBe('unknown-account');
    expect(decodeJwt((await signIn.renew(NURSE)).accessToken).sub).toBe(NURSE);
    // The provider ended the session, and with it the refresh token the app had.
    const stale = startApp({}, 'before-sign-out.json');
    expect(await failureOf(stale.renew(HOME_CARE_NURSE))).toBe('interaction-required');
    stale.dispose();
  });

  it('rejects a redirect whose state is not this sign-in’s', async () => {
    tab = nurseTab;
    tab.next({ kind: 'pass-through', tamperState: 'forged-state' });

    expect(await failureOf(signIn.signInInteractive())).toBe('state-mismatch');
    const outcome = await tab.outcome();
    expect(outcome.status).toBe(400);
    expect(outcome.text).toMatch(/afvist/);
    expect((await signIn.accounts()).map((account) => account.homeAccountId)).toEqual([NURSE]);
  });

  it('reports a sign-in the user cancelled at the provider', async () => {
    tab.next({ kind: 'cancel' });

    expect(await failureOf(signIn.signInInteractive({ forceLogin: true }))).toBe('cancelled');
    await expect(tab.outcome()).resolves.toMatchObject({
      text: expect.stringMatching(/ikke logget ind/) as unknown,
    });
  });

  it('reports a provider that cannot be reached, without opening the browser', async () => {
    const port = await closedPort();
    const unreachable = createMsalSignIn(
      { ...config(), authority: `https://localhost:${port}` },
      {
        openBrowser: () => Promise.reject(new Error('the browser must not open')),
        cachePlugin: createTokenCachePlugin({
          persistent: false,
          file: join(folder, 'never-written.json'),
          cipher: {
            encrypt: () => Promise.resolve(Buffer.alloc(0)),
            decrypt: () => Promise.resolve(''),
          },
          log: () => undefined,
        }),
        log: () => undefined,
      },
    );
    expect(await failureOf(unreachable.signInInteractive())).toBe('provider-unreachable');

    await provider.close();
    expect(await failureOf(signIn.renew(NURSE))).toBe('provider-unreachable');
  });
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
