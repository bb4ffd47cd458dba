import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../harness/server/harness-server.ts';
import { SECRET_COOKIE } from '../harness/server/request-guard.ts';
import { startBuildlessHarness } from '../support/buildless-harness.ts';

// No demo back end: a caller the gateway admits gets its 503 (no FHIR server), a refused one 403.
let harness: Harness;
let dispose: () => Promise<void> = () => Promise.resolve();

beforeAll(async () => {
  ({ harness, dispose } = await startBuildlessHarness('wb-harness-fhir-caller-'));
});

afterAll(() => dispose());

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/** A raw HTTP request, so Origin and Sec-Fetch-Site are exactly what the test says. */
function getFhir(headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const { port } = new URL(harness.origin);
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'GET',
        path: '/fhir/Patient/pat-1',
        headers: { cookie: `${SECRET_COOKIE}=${harness.secret}`, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the harness’s /fhir route', () => {
  it('passes the page’s own request to the gateway, marked nosniff once', async () => {
    const answer = await getFhir({ 'sec-fetch-site': 'same-origin', origin: harness.origin });
    expect(answer.status).toBe(503);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each([
    ['a cross-site caller', { 'sec-fetch-site': 'cross-site' }],
    [
      'a same-origin claim from another Origin',
      { 'sec-fetch-site': 'same-origin', origin: 'http://127.0.0.1:1' },
    ],
    ['a null Origin', { 'sec-fetch-site': 'same-origin', origin: 'null' }],
  ])('refuses %s with 403 and an OperationOutcome', async (_who, headers) => {
    const answer = await getFhir(headers);
    expect(answer.status).toBe(403);
    expect(answer.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(JSON.parse(answer.text)).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'forbidden' }],
    });
  });
});
