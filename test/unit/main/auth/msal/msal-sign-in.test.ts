import { describe, expect, it, vi } from 'vitest';
import {
  createMsalSignIn,
  type MsalSignInDeps,
} from '../../../../../main/auth/msal/msal-sign-in.ts';
import { SignInError, type SignInFailure } from '../../../../../main/auth/msal/sign-in-errors.ts';
import { createTokenCachePlugin } from '../../../../../main/auth/msal/token-cache-plugin.ts';
import { FAKE_AUTHORITY, FAKE_SUB, fakeOidcNetwork } from './fake-oidc-network.ts';

/**
 * The sign-in's own decisions around msal-node, with the provider's HTTP
 * side faked and the browser answering the redirect at once. The real
 * provider and browser are in test/integration/auth/msal-flow.test.ts.
 */
function setup(deps: Partial<MsalSignInDeps> = {}) {
  const network = fakeOidcNetwork();
  const opened: string[] = [];
  const log: string[] = [];
  const browser = {
    /** The user's browser: goes to the provider, which answers the redirect with a code. */
    open: (url: string): Promise<void> => {
      opened.push(url);
      const request = new URL(url);
      if (request.pathname.endsWith('/logout')) return Promise.resolve();
      network.nonce = request.searchParams.get('nonce') ?? undefined;
      void fetch(request.searchParams.get('redirect_uri')!, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ code: 'the-code', state: request.searchParams.get('state')! }),
      }).catch(() => undefined);
      return Promise.resolve();
    },
  };
  const signIn = createMsalSignIn(
    { kind: 'fut', authority: FAKE_AUTHORITY, clientId: 'workbench', scopes: ['fhir'] },
    {
      openBrowser: (url) => browser.open(url),
      cachePlugin: createTokenCachePlugin({
        persistent: false,
        file: '/nowhere/token-cache.json',
        cipher: {
          encrypt: () => Promise.resolve(Buffer.alloc(0)),
          decrypt: () => Promise.resolve(''),
        },
        log: () => undefined,
      }),
      log: (line) => log.push(line),
      networkClient: network.client,
      ...deps,
    },
  );
  return { signIn, network, opened, log, browser };
}

async function reasonOf(promise: Promise<unknown>): Promise<SignInFailure> {
  const error: unknown = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SignInError);
  return (error as SignInError).reason;
}

const contextPosts = (network: ReturnType<typeof fakeOidcNetwork>) =>
  network.posts.map((post) => post.body.get('care_team_id'));

describe('the msal sign-in', () => {
  it('signs in through the browser and says the login was fresh', async () => {
    const { signIn, opened } = setup();
    const result = await signIn.signInInteractive();
    expect(result.account).toEqual({
      homeAccountId: FAKE_SUB,
      username: 'mette@rn.test',
      name: 'Mette Kjærsgaard',
    });
    expect(result.freshLogin).toBe(true);
    expect(result.authenticatedAt).toBeInstanceOf(Date);
    expect(result.token).toMatchObject({
      homeAccountId: FAKE_SUB,
      careTeamId: null,
      origin: 'interactive',
    });
    expect(new URL(opened[0]!).searchParams.get('redirect_uri')).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+$/,
    );
    signIn.dispose();
  });

  it('tells a pass-through on an older login from a fresh one, and refuses it when a login was required', async () => {
    const { signIn, network, opened } = setup();
    network.authTimeAgoSeconds = 600;
    await expect(signIn.signInInteractive()).resolves.toMatchObject({ freshLogin: false });

    expect(await reasonOf(signIn.signInInteractive({ forceLogin: true }))).toBe(
      'not-reauthenticated',
    );
    expect(new URL(opened.at(-1)!).searchParams.get('max_age')).toBe('0');
    signIn.dispose();
  });

  it('reports a browser that cannot be opened', async () => {
    const { signIn } = setup({ openBrowser: () => Promise.reject(new Error('no browser')) });
    expect(await reasonOf(signIn.signInInteractive())).toBe('browser-failed');
  });

  it('asks for a care team’s context in the refresh, and holds the token per team', async () => {
    const { signIn, network } = setup();
    await signIn.signInInteractive();
    const [first, again] = await Promise.all([
      signIn.tokenForCareTeam(FAKE_SUB, 'team-2'),
      signIn.tokenForCareTeam(FAKE_SUB, 'team-2'),
    ]);
    expect(again).toBe(first);
    await expect(signIn.tokenForCareTeam(FAKE_SUB, 'team-2')).resolves.toBe(first);
    expect(first).toMatchObject({ careTeamId: 'team-2', origin: 'silent' });
    expect(contextPosts(network)).toEqual([null, 'team-2']);
    signIn.dispose();
  });

  it('refuses a token the provider issued for another context', async () => {
    const { signIn, network } = setup();
    await signIn.signInInteractive();
    network.careTeamOverride = 'team-someone-else';
    expect(await reasonOf(signIn.tokenForCareTeam(FAKE_SUB, 'team-2'))).toBe('context-refused');
    signIn.dispose();
  });

  it('refuses what is not a care team id, and accounts it does not have, without asking the provider', async () => {
    const { signIn, network } = setup();
    await signIn.signInInteractive();
    const before = network.posts.length;
    expect(await reasonOf(signIn.tokenForCareTeam(FAKE_SUB, 'team with spaces'))).toBe(
      'context-refused',
    );
    expect(await reasonOf(signIn.renew('nobody'))).toBe('unknown-account');
    expect(await reasonOf(signIn.signOut('nobody'))).toBe('unknown-account');
    expect(network.posts.length).toBe(before);
    signIn.dispose();
  });

  it('lets a token go and tells the session when a background renewal fails for good', async () => {
    const onRenewalFailed = vi.fn();
    const { signIn, network } = setup({ renewBeforeExpiryMs: 599_950, onRenewalFailed });
    await signIn.signInInteractive();
    network.failNext = { status: 400, error: 'invalid_grant' };
    await vi.waitFor(() =>
      expect(onRenewalFailed).toHaveBeenCalledWith({
        homeAccountId: FAKE_SUB,
        careTeamId: null,
        reason: 'interaction-required',
      }),
    );
    signIn.dispose();
  });

  it('keeps a token and tries again while the provider is unreachable', async () => {
    const onRenewalFailed = vi.fn();
    const { signIn, network, log } = setup({ renewBeforeExpiryMs: 599_950, onRenewalFailed });
    await signIn.signInInteractive();
    network.failNext = 'unreachable';
    await vi.waitFor(() =>
      expect(log).toContain('background token renewal failed (provider-unreachable); retrying'),
    );
    expect(onRenewalFailed).not.toHaveBeenCalled();
    signIn.dispose();
  });

  it('signs out here even when the provider names no end-session address', async () => {
    const { signIn, network, opened } = setup();
    await signIn.signInInteractive();
    network.endSession = false;
    await expect(signIn.signOut(FAKE_SUB)).resolves.toEqual({ endSessionOpened: false });
    await expect(signIn.accounts()).resolves.toEqual([]);
    expect(opened).toHaveLength(1);
  });

  it('signs out here even when the browser cannot be opened for the provider', async () => {
    const { signIn, browser, log } = setup();
    await signIn.signInInteractive();
    browser.open = () => Promise.reject(new Error('no browser'));
    await expect(signIn.signOut(FAKE_SUB)).resolves.toEqual({ endSessionOpened: false });
    await expect(signIn.account(FAKE_SUB)).resolves.toBeNull();
    expect(log.at(-1)).toMatch(/browser could not be opened/);
  });
});
