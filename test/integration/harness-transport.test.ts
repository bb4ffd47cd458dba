import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS } from '../../shared/ipc/contract.ts';
import { IPC_ERROR_CODES, IpcErrorSchema } from '../../shared/ipc/result.ts';
import type { Harness } from '../harness/server/harness-server.ts';
import { startBuildlessHarness } from '../support/buildless-harness.ts';
import { rawRequest, type RawAnswer } from '../support/raw-http.ts';
import { SECRET_COOKIE } from '../harness/server/request-guard.ts';

let harness: Harness;
let host = '';
let dispose: () => Promise<void> = () => Promise.resolve();

beforeAll(async () => {
  ({ harness, dispose } = await startBuildlessHarness('wb-harness-'));
  host = new URL(harness.origin).host;
});

afterAll(() => dispose());

/** A raw request to this test's harness. */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | Buffer,
): Promise<RawAnswer> {
  return rawRequest(harness.origin, method, path, headers, body);
}

/** What the harness page's own fetch sends. */
function fromPage(): Record<string, string> {
  return {
    host,
    origin: harness.origin,
    'x-workbench-bridge': '1',
    'content-type': 'application/json',
    cookie: `${SECRET_COOKIE}=${harness.secret}`,
  };
}

function invoke(
  channel: string,
  body: string | Buffer,
  headers: Record<string, string> = fromPage(),
): Promise<RawAnswer> {
  return send('POST', `/__workbench/invoke/${channel}`, headers, body);
}

function expectResult(answer: RawAnswer): { ok: boolean; error?: { code: string } } {
  expect(answer.status).toBe(200);
  expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(answer.headers['cache-control']).toBe('no-store');
  const result = JSON.parse(answer.text) as { ok: boolean; error?: { code: string } };
  if (!result.ok) {
    expect(IpcErrorSchema.safeParse(result.error).success).toBe(true);
    expect(IPC_ERROR_CODES).toContain(result.error?.code);
  }
  return result;
}

describe('the harness transport', () => {
  it('answers the page’s own call', async () => {
    expect(expectResult(await invoke('settings-read', '{}'))).toMatchObject({
      ok: true,
      value: { preferences: { language: 'da' }, problems: [] },
    });
  });

  it('admits the page by its secret once, as a strict HttpOnly cookie', async () => {
    const wrong = await send('GET', '/?harness-secret=nope', { host });
    expect(wrong.status).toBe(401);
    const right = await send('GET', `/?harness-secret=${harness.secret}`, { host });
    expect(right.status).toBe(303);
    expect(String(right.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it('serves the page with a CSP whose nonce admits the bridge script, and no other', async () => {
    const page = await send('GET', '/', { host, cookie: `${SECRET_COOKIE}=${harness.secret}` });
    expect(page.status).toBe(200);
    const nonce = /'nonce-([^']+)'/.exec(String(page.headers['content-security-policy']))?.[1];
    expect(nonce).toBeDefined();
    expect(page.text).toContain(`<script nonce="${nonce}" src="/__harness/bridge.js"></script>`);
    expect(page.text.match(/nonce="/g)).toHaveLength(1);
    const bridge = await send('GET', '/__harness/bridge.js', {
      host,
      cookie: `${SECRET_COOKIE}=${harness.secret}`,
    });
    expect(bridge.text).toBe('/* bridge */');
  });

  it.each([
    ['no cookie', {}],
    ['a wrong secret', { cookie: `${SECRET_COOKIE}=${'x'.repeat(32)}` }],
    ['a secret one character short', { cookie: `${SECRET_COOKIE}=SHORT` }],
    ['another cookie only', { cookie: 'other=1' }],
  ])('refuses a call with %s (401)', async (_what, cookie) => {
    const headers = fromPage();
    delete headers.cookie;
    const answer = await invoke('settings-read', '{}', { ...headers, ...cookie });
    expect(answer.status).toBe(401);
    expect(answer.text).not.toContain('"ok"');
    const page = await send('GET', '/', { host, ...cookie });
    expect(page.status).toBe(401);
  });

  it.each([
    'evil.example',
    'evil.example:{port}',
    '127.0.0.1',
    '127.0.0.1:1',
    '127.0.0.1.evil.example:{port}',
    'localhost.evil.example:{port}',
    '[::1]:{port}',
    '127.0.0.1:{port}.evil.example',
  ])('refuses the Host %s (421), secret or not', async (template) => {
    const badHost = template.replace('{port}', new URL(harness.origin).port);
    const answer = await invoke('settings-read', '{}', { ...fromPage(), host: badHost });
    expect(answer.status).toBe(421);
    expect(answer.text).not.toContain('"ok"');
  });

  it.each([
    ['no Origin', { origin: undefined }],
    ['another Origin', { origin: 'http://evil.example' }],
    ['the Origin on another port', { origin: 'http://127.0.0.1:1' }],
    ['Origin null', { origin: 'null' }],
    ['no bridge header', { 'x-workbench-bridge': undefined }],
    ['a wrong bridge header', { 'x-workbench-bridge': '0' }],
  ])('treats a call with %s as an untrusted sender', async (_what, change) => {
    const headers = Object.fromEntries(
      Object.entries({ ...fromPage(), ...change }).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    );
    const result = expectResult(await invoke('settings-update', '{"language":"en"}', headers));
    expect(result).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
    expect(expectResult(await invoke('settings-read', '{}'))).toMatchObject({
      value: { preferences: { language: 'da' } },
    });
  });

  it.each([
    ['not JSON', '{"language":'],
    ['plain text', 'hello'],
    ['an empty body', ''],
    ['JSON null', 'null'],
    ['a JSON string', '"{}"'],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])],
    ['10,000 nested arrays', `${'['.repeat(10_000)}${']'.repeat(10_000)}`],
    ['a __proto__ key', '{"__proto__":{"polluted":true}}'],
  ])('answers %s with invalid-payload', async (_what, body) => {
    for (const channel of INVOKE_CHANNELS) {
      expect(expectResult(await invoke(channel, body))).toMatchObject({
        ok: false,
        error: { code: 'invalid-payload' },
      });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a body over 1 MB and keeps answering', async () => {
    const body = JSON.stringify({ language: 'x'.repeat(2 * 1024 * 1024) });
    expect(expectResult(await invoke('settings-update', body))).toMatchObject({
      ok: false,
      error: { code: 'invalid-payload' },
    });
    expect(expectResult(await invoke('settings-read', '{}'))).toMatchObject({ ok: true });
  });

  it.each([
    ['percent-encoded hyphen', 'settings%2Dread', true],
    ['percent-encoded everything', '%73%65%74%74%69%6E%67%73%2D%72%65%61%64', true],
    ['__proto__', '__proto__', false],
    ['encoded __proto__', '%5F%5Fproto%5F%5F', false],
    ['constructor', 'constructor', false],
    ['toString', 'toString', false],
    ['a trailing segment', 'settings-read/extra', false],
    ['an encoded slash', 'settings-read%2Fextra', false],
    ['an encoded NUL', 'settings-read%00', false],
    ['a malformed escape', 'settings-read%E0%A4%A', false],
    ['an upper-case name', 'SETTINGS-READ', false],
    ['nothing', '', false],
  ])('resolves the channel path %s to %s', async (_what, channel, known) => {
    const result = expectResult(await invoke(channel, '{}'));
    if (known) expect(result).toMatchObject({ ok: true });
    else expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });

  it('never reaches a handler through a dot-segment path', async () => {
    const answer = await invoke('../../settings-read', '{}');
    expect(answer.status).not.toBe(200);
  });

  it('refuses other methods on the invoke path', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const answer = await send(method, '/__workbench/invoke/settings-read', fromPage());
      expect(answer.status).toBe(405);
    }
  });

  it.each(INVOKE_CHANNELS)(
    'answers random JSON bodies on %s with well-formed results',
    async (c) => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.json(),
            fc.string(),
            fc.constantFrom(
              '{"__proto__":{"language":"en"}}',
              '{"constructor":{"prototype":{"polluted":true}}}',
              '{"language":"da","language":"en","x":1}',
            ),
          ),
          async (body) => {
            expectResult(await invoke(c, body));
          },
        ),
        { numRuns: 40 },
      );
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );
});
