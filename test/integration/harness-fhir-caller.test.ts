import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../harness/server/harness-server.ts';
import { SECRET_COOKIE } from '../harness/server/request-guard.ts';
import { startBuildlessHarness } from '../support/buildless-harness.ts';
import { rawRequest, type RawAnswer } from '../support/raw-http.ts';

// No demo back end: a caller the gateway admits gets its 503 (no FHIR server), a refused one 403.
let harness: Harness;
let dispose: () => Promise<void> = () => Promise.resolve();

beforeAll(async () => {
  ({ harness, dispose } = await startBuildlessHarness('wb-harness-fhir-caller-'));
});

afterAll(() => dispose());

/** A raw request, so Origin and Sec-Fetch-Site are exactly what the test says. */
function getFhir(headers: Record<string, string>): Promise<RawAnswer> {
  return rawRequest(harness.origin, 'GET', '/fhir/Patient/pat-1', {
    cookie: `${SECRET_COOKIE}=${harness.secret}`,
    ...headers,
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
