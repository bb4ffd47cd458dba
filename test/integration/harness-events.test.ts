import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuitRequestSchema } from '../../shared/ipc/schemas.ts';
import type { Harness } from '../harness/server/harness-server.ts';
import { startBuildlessHarness } from '../support/buildless-harness.ts';
import { SECRET_COOKIE } from '../harness/server/request-guard.ts';

/**
 * The harness's stand-in for `webContents.send`: main's events reach the
 * page as server-sent events on /__workbench/events, behind the same secret
 * as everything else, and only for the page's own origin.
 */

let harness: Harness;
let host = '';
let dispose: () => Promise<void> = () => Promise.resolve();

beforeAll(async () => {
  ({ harness, dispose } = await startBuildlessHarness('wb-harness-events-'));
  host = new URL(harness.origin).host;
});

afterAll(() => dispose());

/** Opens a request and resolves with the response as soon as its head arrives (the stream stays open). */
function open(path: string, headers: Record<string, string>, method = 'GET', body?: string) {
  return new Promise<IncomingMessage>((resolve, reject) => {
    const { port } = new URL(harness.origin);
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, resolve);
    req.on('error', reject);
    req.end(body);
  });
}

async function text(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a stream until `pattern` matches what arrived so far. */
function waitFor(response: IncomingMessage, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (pattern.test(seen)) {
        response.off('data', onData);
        resolve(seen);
      }
    };
    response.on('data', onData);
    response.on('error', reject);
  });
}

function cookie(): string {
  return `${SECRET_COOKIE}=${harness.secret}`;
}

async function invoke(channel: string, payload: unknown): Promise<unknown> {
  const response = await open(
    `/__workbench/invoke/${channel}`,
    {
      Host: host,
      Cookie: cookie(),
      Origin: harness.origin,
      'X-Workbench-Bridge': '1',
      'Content-Type': 'application/json',
    },
    'POST',
    JSON.stringify(payload),
  );
  return JSON.parse(await text(response)) as unknown;
}

describe('the harness event stream', () => {
  it('refuses a caller without the secret, and one from another site', async () => {
    const noSecret = await open('/__workbench/events', {
      Host: host,
      'Sec-Fetch-Site': 'same-origin',
    });
    expect(noSecret.statusCode).toBe(401);
    await text(noSecret);
    const crossSite = await open('/__workbench/events', {
      Host: host,
      Cookie: cookie(),
      'Sec-Fetch-Site': 'cross-site',
    });
    expect(crossSite.statusCode).toBe(403);
    await text(crossSite);
    expect(harness.eventListeners()).toBe(0);
  });

  it('carries main’s quit question to the listening page, and its answer lets the quit through', async () => {
    const stream = await open('/__workbench/events', {
      Host: host,
      Cookie: cookie(),
      'Sec-Fetch-Site': 'same-origin',
    });
    expect(stream.statusCode).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    await expect.poll(() => harness.eventListeners()).toBe(1);

    expect(await invoke('outbox-unsent', { count: 2 })).toEqual({ ok: true, value: {} });
    const quitsBefore = harness.quitCount();
    const arrived = waitFor(stream, /event: quit-requested\ndata: (.*)\n\n/);
    expect(harness.requestQuit()).toBe('asked');
    const data = /event: quit-requested\ndata: (.*)\n\n/.exec(await arrived)?.[1] ?? '';
    const request = QuitRequestSchema.parse(JSON.parse(data));
    expect(request.reason).toBe('quit');
    expect(harness.quitCount()).toBe(quitsBefore);

    await invoke('quit-answer', { requestId: request.requestId, answer: 'shown' });
    await invoke('quit-answer', { requestId: request.requestId, answer: 'quit' });
    await expect.poll(() => harness.quitCount()).toBe(quitsBefore + 1);

    stream.destroy();
    await expect.poll(() => harness.eventListeners()).toBe(0);
  });
});
