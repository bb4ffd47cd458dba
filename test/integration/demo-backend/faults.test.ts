import type { Bundle, Task } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import { useDemoBackend, withBody } from './support/demo-backend.ts';
import { task } from './support/fut-fixtures.ts';

/** Every fault type is observable by a client, set programmatically or through the admin endpoint. */

const fhir = useDemoBackend();
afterEach(() => {
  fhir.backend.faults.clear();
  fhir.backend.faults.setLatency(0);
});

let serial = 0;
function newTask(): { body: RequestInit; identifier: string } {
  const identifier = `urn:uuid:fault-${++serial}`;
  const body = withBody('POST', {
    ...task('x', 'pat-1', 'eoc-1', 'team-1'),
    identifier: [{ system: 'urn:ietf:rfc:3986', value: identifier }],
  });
  return { body, identifier };
}

async function storedCount(identifier: string): Promise<number> {
  const bundle = (
    await fhir.request('task', `/Task?identifier=urn:ietf:rfc:3986|${identifier}`)
  ).json<Bundle>();
  return bundle.total ?? -1;
}

function admin(method: string, body?: unknown, token = fhir.backend.adminToken): Promise<Response> {
  return fetch(`${fhir.backend.origin}/__admin/faults`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('injected faults', () => {
  it('adds latency to matching requests', async () => {
    fhir.backend.faults.add({
      kind: 'latency',
      latencyMs: 150,
      times: 1,
      match: { resourceType: 'Task' },
    });
    const started = performance.now();
    expect((await fhir.request('task', '/Task/task-1')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it('answers with a malformed body (the write is stored)', async () => {
    fhir.backend.faults.add({ kind: 'malformed-body', times: 1 });
    const { body, identifier } = newTask();
    const answer = await fhir.request('task', '/Task', body);
    expect(answer.status).toBe(201);
    expect(() => answer.json()).toThrow();
    expect(await storedCount(identifier)).toBe(1);
  });

  it('drops the connection before handling the request', async () => {
    fhir.backend.faults.add({ kind: 'drop-connection', times: 1, match: { method: 'POST' } });
    const { body, identifier } = newTask();
    await expect(fhir.request('task', '/Task', body)).rejects.toThrow();
    expect(await storedCount(identifier)).toBe(0);
  });

  it('answers HTTP 500 without handling the request', async () => {
    fhir.backend.faults.add({ kind: 'http-500', times: 1, match: { interaction: 'create' } });
    const { body, identifier } = newTask();
    const answer = await fhir.request('task', '/Task', body);
    expect(answer.status).toBe(500);
    expect(answer.json()).toMatchObject({ resourceType: 'OperationOutcome' });
    expect(await storedCount(identifier)).toBe(0);
  });

  it('never answers on timeout, and keeps answering others', async () => {
    fhir.backend.faults.add({ kind: 'timeout', times: 1, match: { interaction: 'read' } });
    const held = fhir.request('task', '/Task/task-1', { signal: AbortSignal.timeout(300) });
    await expect(held).rejects.toThrow(/aborted|timeout/i);
    expect((await fhir.request('task', '/Task/task-1')).status).toBe(200);
  });

  it('delivers a request twice (two Tasks from one POST)', async () => {
    fhir.backend.faults.add({ kind: 'duplicate-delivery', times: 1 });
    const { body, identifier } = newTask();
    expect((await fhir.request('task', '/Task', body)).status).toBe(201);
    expect(await storedCount(identifier)).toBe(2);
  });

  it('commits, then drops the answer', async () => {
    fhir.backend.faults.add({ kind: 'commit-then-drop', times: 1 });
    const { body, identifier } = newTask();
    await expect(fhir.request('task', '/Task', body)).rejects.toThrow();
    expect(await storedCount(identifier)).toBe(1);
  });

  it('is set through the admin endpoint with the per-run token only', async () => {
    expect((await admin('POST', { faults: [{ kind: 'http-500' }] }, 'wrong-token')).status).toBe(
      401,
    );
    const added = await admin('POST', {
      faults: [{ kind: 'http-500', times: 2, match: { pathIncludes: '/Task/task-2' } }],
    });
    expect(added.status).toBe(200);
    expect((await fhir.request('task', '/Task/task-2')).status).toBe(500);
    expect((await fhir.request('task', '/Task/task-1')).status).toBe(200);
    const listed = (await (await admin('GET')).json()) as { faults: { remaining: number }[] };
    expect(listed.faults).toEqual([expect.objectContaining({ remaining: 1 })]);
    expect((await fhir.request('task', '/Task/task-2')).status).toBe(500);
    expect((await fhir.request('task', '/Task/task-2')).json<Task>().id).toBe('task-2');
    expect((await admin('POST', { faults: [{ kind: 'nonsense' }] })).status).toBe(400);
    expect((await admin('POST', { faults: [{ kind: 'timeout' }] })).status).toBe(200);
    expect((await admin('DELETE')).status).toBe(200);
    expect((await fhir.request('task', '/Task/task-1')).status).toBe(200);
  });
});
