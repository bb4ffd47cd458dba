import { describe, expect, it } from 'vitest';
import {
  listenForRedirect,
  readRedirect,
  type LoopbackRedirect,
  type RedirectRequest,
} from '../../../../../main/auth/msal/loopback-redirect.ts';
import { SignInError } from '../../../../../main/auth/msal/sign-in-errors.ts';
import { rawRequest } from '../../../../support/raw-http.ts';

const HOST = '127.0.0.1:50123';
const STATE = 'state-of-this-sign-in';
const FORM = 'application/x-www-form-urlencoded';

const post = (body: string, overrides: Partial<RedirectRequest> = {}): RedirectRequest => ({
  method: 'POST',
  target: '/',
  host: HOST,
  contentType: FORM,
  body,
  ...overrides,
});

describe('judging a request on the redirect address', () => {
  it('takes a form-posted code with this sign-in’s state', () => {
    expect(readRedirect(post(`code=abc&state=${STATE}`), HOST, STATE)).toEqual({
      kind: 'answer',
      answer: { code: 'abc', error: null, state: STATE, stateMatches: true },
    });
  });

  it('takes an error answer too (the user cancelled), charset or not', () => {
    expect(
      readRedirect(
        post(`error=access_denied&state=${STATE}`, { contentType: `${FORM}; charset=UTF-8` }),
        HOST,
        STATE,
      ),
    ).toEqual({
      kind: 'answer',
      answer: { code: null, error: 'access_denied', state: STATE, stateMatches: true },
    });
  });

  it('marks a missing, other or repeated state as not matching (msal then refuses it)', () => {
    for (const body of [
      'code=abc',
      'code=abc&state=other',
      `code=abc&state=${STATE}&state=${STATE}`,
    ]) {
      const verdict = readRedirect(post(body), HOST, STATE);
      expect(verdict).toMatchObject({ kind: 'answer', answer: { stateMatches: false } });
    }
  });

  it('refuses an answer carried in the URL instead of a form post', () => {
    expect(
      readRedirect(post('', { method: 'GET', target: `/?code=abc&state=${STATE}` }), HOST, STATE),
    ).toEqual({ kind: 'refuse' });
  });

  it('ignores what is not an answer, so the wait goes on', () => {
    const cases: [Partial<RedirectRequest>, number][] = [
      [{ method: 'GET', target: '/favicon.ico', body: '' }, 404],
      [{ method: 'GET', target: '/', body: '' }, 404],
      [{ target: '/elsewhere' }, 404],
      [{ method: 'PUT' }, 405],
      [{ contentType: 'application/json' }, 415],
      [{ contentType: undefined }, 415],
      [{ body: 'state=only' }, 404],
      [{ body: 'code=a&code=b' }, 404],
    ];
    for (const [overrides, status] of cases)
      expect(readRedirect(post(`code=abc&state=${STATE}`, overrides), HOST, STATE)).toEqual({
        kind: 'ignore',
        status,
      });
  });

  it('answers only to its own address: a DNS name rebound to 127.0.0.1 is refused', () => {
    for (const host of ['evil.example:50123', 'localhost:50123', '127.0.0.1:1', undefined])
      expect(readRedirect(post(`code=abc&state=${STATE}`, { host }), HOST, STATE)).toEqual({
        kind: 'ignore',
        status: 403,
      });
  });
});

describe('the loopback redirect address', () => {
  const listen = (options: { timeoutMs?: number; signal?: AbortSignal } = {}) =>
    listenForRedirect({ expectedState: STATE, timeoutMs: options.timeoutMs ?? 5000, ...options });

  const postTo = (redirect: LoopbackRedirect, body: string, headers: Record<string, string> = {}) =>
    rawRequest(redirect.redirectUri, 'POST', '/', { 'content-type': FORM, ...headers }, body);

  const reasonOf = async (promise: Promise<unknown>): Promise<string> => {
    const error: unknown = await promise.then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(SignInError);
    return (error as SignInError).reason;
  };

  it('listens on 127.0.0.1 only, on a port of its own', async () => {
    const redirect = await listen();
    expect(redirect.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    redirect.close();
  });

  it('hands over the answer and shows the outcome in the browser once it is known', async () => {
    const redirect = await listen();
    const browser = postTo(redirect, `code=the-code&state=${STATE}`);
    const { answer, reply } = await redirect.received;
    expect(answer).toEqual({ code: 'the-code', error: null, state: STATE, stateMatches: true });
    reply('signed-in');
    const page = await browser;
    expect(page.status).toBe(200);
    expect(page.text).toContain('Du er logget ind. Du kan lukke dette vindue.');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toBe("default-src 'none'");
    redirect.close();
  });

  it('shows a rejection with 400 when told the answer was refused', async () => {
    const redirect = await listen();
    const browser = postTo(redirect, 'code=x&state=forged');
    (await redirect.received).reply('rejected');
    const page = await browser;
    expect(page.status).toBe(400);
    expect(page.text).toContain('afvist');
    redirect.close();
  });

  it('keeps waiting through stray requests, and takes one answer only', async () => {
    const redirect = await listen();
    expect((await rawRequest(redirect.redirectUri, 'GET', '/favicon.ico', {})).status).toBe(404);
    expect((await postTo(redirect, STATE, { host: 'rebound.example' })).status).toBe(403);
    const first = postTo(redirect, `code=first&state=${STATE}`);
    const { answer, reply } = await redirect.received;
    expect(answer.code).toBe('first');
    reply('signed-in');
    await first;
    await expect(postTo(redirect, `code=second&state=${STATE}`)).rejects.toThrow();
    redirect.close();
  });

  it('refuses a body larger than any authorization response', async () => {
    const redirect = await listen();
    const answer = await postTo(redirect, `code=${'x'.repeat(70 * 1024)}&state=${STATE}`);
    expect(answer.status).toBe(413);
    redirect.close();
  });

  it('fails the sign-in when the answer comes in the URL', async () => {
    const redirect = await listen();
    const page = await rawRequest(redirect.redirectUri, 'GET', `/?code=x&state=${STATE}`, {});
    expect(page.status).toBe(400);
    expect(await reasonOf(redirect.received)).toBe('invalid-redirect');
    redirect.close();
  });

  it('gives up after the timeout', async () => {
    const redirect = await listen({ timeoutMs: 50 });
    expect(await reasonOf(redirect.received)).toBe('timeout');
    redirect.close();
  });

  it('stops waiting when the app cancels, even before it listened', async () => {
    const controller = new AbortController();
    const redirect = await listen({ signal: controller.signal });
    controller.abort();
    expect(await reasonOf(redirect.received)).toBe('cancelled');
    redirect.close();

    const aborted = await listen({ signal: AbortSignal.abort() });
    expect(await reasonOf(aborted.received)).toBe('cancelled');
    aborted.close();
  });

  it('tells a browser still waiting that the sign-in did not happen when closed', async () => {
    const redirect = await listen();
    const browser = postTo(redirect, `code=x&state=${STATE}`);
    await redirect.received;
    redirect.close();
    const page = await browser;
    expect(page.text).toContain('Du blev ikke logget ind');
  });
});
