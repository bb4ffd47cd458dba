import { describe, expect, it } from 'vitest';
import { createFhirClient, type FhirFetch } from '../../../../../renderer/data/fhir/fhir-client.ts';
import { FhirError } from '../../../../../renderer/data/fhir/fhir-error.ts';

interface Answer {
  readonly status?: number;
  readonly body: unknown;
}

/** A fake gateway: answers by path (after `/fhir/`), and records what was asked. */
function gateway(answers: Record<string, Answer | string>): { fetch: FhirFetch; asked: string[] } {
  const asked: string[] = [];
  const fetch: FhirFetch = (input) => {
    const path = input.slice('/fhir/'.length);
    asked.push(path);
    const answer = answers[path];
    if (answer === undefined) return Promise.resolve(new Response('', { status: 404 }));
    const text = typeof answer === 'string' ? answer : JSON.stringify(answer.body);
    const status = typeof answer === 'string' ? 200 : (answer.status ?? 200);
    return Promise.resolve(new Response(text, { status }));
  };
  return { fetch, asked };
}

function bundle(entries: unknown[], next?: string): unknown {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    entry: entries,
    ...(next !== undefined ? { link: [{ relation: 'next', url: next }] } : {}),
  };
}

async function failure(promise: Promise<unknown>): Promise<FhirError> {
  const error: unknown = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof FhirError)) throw new Error(`expected a FhirError, got ${String(error)}`);
  return error;
}

describe('FHIR client reads', () => {
  it('returns a resource of the type asked for, with its id', async () => {
    const { fetch } = gateway({ 'Patient/p1': { body: { resourceType: 'Patient', id: 'p1' } } });
    const patient = await createFhirClient(fetch).read('Patient', 'p1');
    expect(patient).toEqual({ resourceType: 'Patient', id: 'p1' });
  });

  it('refuses a resource of another type', async () => {
    const { fetch } = gateway({ 'Patient/p1': { body: { resourceType: 'Task', id: 'p1' } } });
    const error = await failure(createFhirClient(fetch).read('Patient', 'p1'));
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toContain('expected a Patient with an id, got a Task');
  });

  it('refuses a resource without an id', async () => {
    const { fetch } = gateway({ 'Patient/p1': { body: { resourceType: 'Patient' } } });
    const error = await failure(createFhirClient(fetch).read('Patient', 'p1'));
    expect(error.kind).toBe('invalid-response');
  });

  it('refuses a body that is not JSON, and one that is not a resource', async () => {
    const { fetch } = gateway({ 'Patient/p1': '<html>', 'Patient/p2': { body: { id: 'p2' } } });
    const client = createFhirClient(fetch);
    expect((await failure(client.read('Patient', 'p1'))).kind).toBe('invalid-response');
    expect((await failure(client.read('Patient', 'p2'))).kind).toBe('invalid-response');
  });

  it('reads a version through its history path', async () => {
    const { fetch, asked } = gateway({
      'Task/t1/_history/3': { body: { resourceType: 'Task', id: 't1', meta: { versionId: '3' } } },
    });
    const task = await createFhirClient(fetch).readVersion('Task', 't1', '3');
    expect(task.meta?.versionId).toBe('3');
    expect(asked).toEqual(['Task/t1/_history/3']);
  });

  it('gives the OperationOutcome diagnostics of an error answer', async () => {
    const { fetch } = gateway({
      'Patient/p1': {
        status: 404,
        body: {
          resourceType: 'OperationOutcome',
          issue: [{ diagnostics: 'No such patient' }, { details: { text: 'gone' } }],
        },
      },
    });
    const error = await failure(createFhirClient(fetch).read('Patient', 'p1'));
    expect(error).toMatchObject({
      kind: 'server',
      status: 404,
      diagnostics: 'No such patient gone',
    });
  });

  it('tells an unreadable gateway (502) from an unreachable server (503, 504)', async () => {
    const { fetch } = gateway({
      'Patient/a': { status: 502, body: null },
      'Patient/b': { status: 503, body: null },
      'Patient/c': { status: 504, body: null },
    });
    const client = createFhirClient(fetch);
    expect(await failure(client.read('Patient', 'a'))).toMatchObject({
      kind: 'invalid-response',
      status: 502,
    });
    expect(await failure(client.read('Patient', 'b'))).toMatchObject({
      kind: 'unreachable',
      status: 503,
    });
    expect(await failure(client.read('Patient', 'c'))).toMatchObject({
      kind: 'unreachable',
      status: 504,
    });
  });

  it('turns a failed fetch into an unreachable error', async () => {
    const client = createFhirClient(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await failure(client.read('Patient', 'p1'))).toMatchObject({
      kind: 'unreachable',
      status: 0,
    });
  });

  it('checks the type an operation answers with', async () => {
    const { fetch } = gateway({
      'Patient/p1/$op': { body: { resourceType: 'Parameters' } },
      'Patient/p1/$bad': { body: { resourceType: 'Patient', id: 'p1' } },
    });
    const client = createFhirClient(fetch);
    expect((await client.operation('Patient/p1/$op', 'Parameters')).resourceType).toBe(
      'Parameters',
    );
    expect((await failure(client.operation('Patient/p1/$bad', 'Parameters'))).kind).toBe(
      'invalid-response',
    );
  });
});

describe('FHIR client searches', () => {
  it('follows next links through the gateway and separates matches from includes', async () => {
    const { fetch, asked } = gateway({
      'Task?status=ready': {
        body: bundle(
          [
            { resource: { resourceType: 'Task', id: 't1' }, search: { mode: 'match' } },
            { resource: { resourceType: 'Patient', id: 'p1' }, search: { mode: 'include' } },
            { resource: { resourceType: 'OperationOutcome' }, search: { mode: 'outcome' } },
          ],
          '/fhir/Task?status=ready&page=2',
        ),
      },
      'Task?status=ready&page=2': {
        body: bundle([{ resource: { resourceType: 'Task', id: 't2' } }]),
      },
    });
    const result = await createFhirClient(fetch).search('Task', 'status=ready');
    expect(result.matches.map((task) => task.id)).toEqual(['t1', 't2']);
    expect(result.included).toEqual([{ resourceType: 'Patient', id: 'p1' }]);
    expect(asked).toEqual(['Task?status=ready', 'Task?status=ready&page=2']);
  });

  it('refuses a match of another type than searched', async () => {
    const { fetch } = gateway({
      Task: { body: bundle([{ resource: { resourceType: 'Patient', id: 'p1' } }]) },
    });
    const error = await failure(createFhirClient(fetch).search('Task', ''));
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toContain('a Task search found a Patient');
  });

  it('refuses a Bundle with an entry that is not a resource, and a body that is not a Bundle', async () => {
    const { fetch } = gateway({
      'Task?a=1': { body: bundle([{ resource: { id: 'x' } }]) },
      'Task?a=2': { body: { resourceType: 'Task', id: 't1' } },
    });
    const client = createFhirClient(fetch);
    expect((await failure(client.search('Task', 'a=1'))).kind).toBe('invalid-response');
    expect((await failure(client.search('Task', 'a=2'))).kind).toBe('invalid-response');
  });

  it('does not follow a next link that leaves the gateway', async () => {
    const { fetch, asked } = gateway({
      'Task?a=1': { body: bundle([], 'https://elsewhere.example/fhir/Task?page=2') },
    });
    const client = createFhirClient(fetch);
    const page = await client.searchPage('Task?a=1');
    expect(page).toMatchObject({ next: null, leavesGateway: true });
    expect((await client.search('Task', 'a=1')).matches).toEqual([]);
    expect(asked).toEqual(['Task?a=1', 'Task?a=1']);
  });

  it('stops a server whose next links loop or never end', async () => {
    const { fetch } = gateway({
      'Task?a=1': { body: bundle([], '/fhir/Task?a=1') },
      'Task?b=1': { body: bundle([], '/fhir/Task?b=2') },
      'Task?b=2': { body: bundle([], '/fhir/Task?b=3') },
      'Task?b=3': { body: bundle([], '/fhir/Task?b=4') },
    });
    const client = createFhirClient(fetch);
    expect((await failure(client.search('Task', 'a=1'))).kind).toBe('invalid-response');
    expect((await failure(client.search('Task', 'b=1', { maxPages: 2 }))).kind).toBe(
      'invalid-response',
    );
  });
});
