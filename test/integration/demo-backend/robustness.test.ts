import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startDemoBackend } from '../../../main/demo-backend/start-server.ts';
import { FHIR_JSON, useDemoBackend } from './support/demo-backend.ts';

/** Bad input is answered with a 4xx OperationOutcome, and the server keeps answering. */

const fhir = useDemoBackend();

async function stillAnswering(): Promise<void> {
  expect((await fhir.request('task', '/Task/task-1')).status).toBe(200);
}

function rawRequest(options: {
  path: string;
  headers: Record<string, string>;
  body?: string;
}): Promise<number> {
  const url = new URL(fhir.backend.origin);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: url.hostname, port: url.port, method: 'POST', ...options },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

describe('malformed input', () => {
  it.each([
    [
      'malformed JSON',
      '/Task',
      { method: 'POST', headers: FHIR_JSON, body: '{"resourceType":"Task",' },
      400,
    ],
    ['a JSON array', '/Task', { method: 'POST', headers: FHIR_JSON, body: '[]' }, 400],
    [
      'the wrong resource type',
      '/Task',
      { method: 'POST', headers: FHIR_JSON, body: '{"resourceType":"Patient"}' },
      400,
    ],
    [
      'the wrong content type',
      '/Task',
      { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' },
      415,
    ],
    ['an empty body', '/Task', { method: 'POST', headers: FHIR_JSON }, 400],
    ['XML only accepted', '/Task/task-1', { headers: { accept: 'application/fhir+xml' } }, 406],
    [
      'a bad If-Match',
      '/Task/task-1',
      {
        method: 'PATCH',
        headers: { 'content-type': 'application/json-patch+json', 'if-match': 'v1' },
        body: '[]',
      },
      400,
    ],
    [
      'a patch that is not an array',
      '/Task/task-1',
      { method: 'PATCH', headers: { 'content-type': 'application/json-patch+json' }, body: '{}' },
      400,
    ],
  ] as const)('refuses %s', async (_case, path, init, status) => {
    const answer = await fhir.request('task', path, init);
    expect(answer.status).toBe(status);
    expect(answer.json()).toMatchObject({ resourceType: 'OperationOutcome' });
    await stillAnswering();
  });

  it('refuses an unknown service and a non-FHIR path', async () => {
    const unknown = await fetch(`${fhir.backend.origin}/billing/fhir/Invoice`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ resourceType: 'OperationOutcome' });
    expect((await fetch(`${fhir.backend.origin}/`)).status).toBe(404);
    await stillAnswering();
  });

  it('refuses a body over the limit with 413', async () => {
    // A small limit, so the whole body is written before the answer comes (no reset races).
    const small = await startDemoBackend({ resources: [], maxBodyBytes: 1024 });
    try {
      const body = JSON.stringify({ resourceType: 'Task', note: [{ text: 'x'.repeat(2048) }] });
      const answer = await fetch(`${small.serviceBaseUrls.task ?? ''}/Task`, {
        method: 'POST',
        headers: FHIR_JSON,
        body,
      });
      expect(answer.status).toBe(413);
      expect(await answer.json()).toMatchObject({ resourceType: 'OperationOutcome' });
      expect((await fetch(`${small.serviceBaseUrls.task ?? ''}/metadata`)).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const status = await rawRequest({
      path: '/task/fhir/Task',
      headers: { ...FHIR_JSON, host: 'evil.example:80' },
      body: '{}',
    });
    expect(status).toBe(403);
    await stillAnswering();
  });

  it('listens on the loopback interface only', () => {
    expect(fhir.backend.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
