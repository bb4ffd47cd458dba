import type { Appointment, Bundle, Task } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { useDemoBackend, withBody } from './support/demo-backend.ts';
import { task } from './support/fut-fixtures.ts';

/** Versioned writes, conditional create and server-set meta, over HTTP. */

const fhir = useDemoBackend();
const JSON_PATCH = { 'content-type': 'application/json-patch+json' };

describe('writes', () => {
  it('creates with server id, version 1, server time, Location and ETag', async () => {
    const before = Date.now();
    const answer = await fhir.request(
      'task',
      '/Task',
      withBody('POST', {
        ...task('client-id', 'pat-1', 'eoc-1', 'team-1'),
        meta: { versionId: '7', lastUpdated: '2001-01-01T00:00:00Z' },
      }),
    );
    expect(answer.status).toBe(201);
    const created = answer.json<Task>();
    expect(created.id).not.toBe('client-id');
    expect(created.meta?.versionId).toBe('1');
    expect(Date.parse(created.meta?.lastUpdated ?? '')).toBeGreaterThanOrEqual(before - 1);
    expect(answer.headers.get('etag')).toBe('W/"1"');
    expect(answer.headers.get('location')).toBe(
      `${fhir.backend.serviceBaseUrls.task}/Task/${created.id ?? ''}/_history/1`,
    );
  });

  it('refuses a stale If-Match with 412 and accepts the current one (PUT)', async () => {
    const current = (await fhir.request('patient', '/Appointment/appt-1')).json<Appointment>();
    expect(current.meta?.versionId).toBe('1');
    const changed = { ...current, status: 'cancelled' as const };
    const ok = await fhir.request(
      'patient',
      '/Appointment/appt-1',
      withBody('PUT', changed, { 'if-match': 'W/"1"' }),
    );
    expect(ok.status).toBe(200);
    expect(ok.json<Appointment>().meta?.versionId).toBe('2');
    expect(ok.headers.get('etag')).toBe('W/"2"');
    const stale = await fhir.request(
      'patient',
      '/Appointment/appt-1',
      withBody('PUT', { ...changed, status: 'booked' }, { 'if-match': 'W/"1"' }),
    );
    expect(stale.status).toBe(412);
    expect(stale.json()).toMatchObject({ resourceType: 'OperationOutcome' });
    expect((await fhir.request('patient', '/Appointment/appt-1')).json<Appointment>().status).toBe(
      'cancelled',
    );
    const old = await fhir.request('patient', '/Appointment/appt-1/_history/1');
    expect(old.json<Appointment>().status).toBe('booked');
  });

  it('patches with JSON Patch and If-Match (stale → 412)', async () => {
    const patch = [{ op: 'replace', path: '/status', value: 'in-progress' }];
    const stale = await fhir.request('task', '/Task/task-2', {
      method: 'PATCH',
      headers: { ...JSON_PATCH, 'if-match': 'W/"9"' },
      body: JSON.stringify(patch),
    });
    expect(stale.status).toBe(412);
    const ok = await fhir.request('task', '/Task/task-2', {
      method: 'PATCH',
      headers: { ...JSON_PATCH, 'if-match': 'W/"1"' },
      body: JSON.stringify(patch),
    });
    expect(ok.status).toBe(200);
    expect(ok.json<Task>()).toMatchObject({ status: 'in-progress', meta: { versionId: '2' } });
    const bad = await fhir.request('task', '/Task/task-2', {
      method: 'PATCH',
      headers: JSON_PATCH,
      body: JSON.stringify([{ op: 'replace', path: '/id', value: 'other' }]),
    });
    expect(bad.status).toBe(422);
  });

  it('does not duplicate on conditional create (If-None-Exist)', async () => {
    const body = {
      ...task('x', 'pat-2', 'eoc-2', 'team-2'),
      identifier: [{ system: 'urn:ietf:rfc:3986', value: 'urn:uuid:outbox-42' }],
    };
    const header = { 'if-none-exist': 'identifier=urn:ietf:rfc:3986|urn:uuid:outbox-42' };
    const first = await fhir.request('task', '/Task', withBody('POST', body, header));
    const second = await fhir.request('task', '/Task', withBody('POST', body, header));
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.json<Task>().id).toBe(first.json<Task>().id);
    const found = (
      await fhir.request('task', '/Task?identifier=urn:ietf:rfc:3986|urn:uuid:outbox-42')
    ).json<Bundle>();
    expect(found.total).toBe(1);
  });

  it('does not create by PUT to an unknown id (405)', async () => {
    const appointment = {
      resourceType: 'Appointment',
      id: 'nope',
      status: 'proposed',
      participant: [{ actor: { reference: 'Patient/pat-1' }, status: 'accepted' }],
    };
    const unknown = await fhir.request(
      'patient',
      '/Appointment/nope',
      withBody('PUT', appointment),
    );
    expect(unknown.status).toBe(405);
    expect((await fhir.request('patient', '/Appointment/nope')).status).toBe(404);
  });

  it('refuses a resource that belongs on another service', async () => {
    const annotation = {
      resourceType: 'Communication',
      status: 'completed',
      meta: {
        profile: ['http://ehealth.sundhed.dk/fhir/StructureDefinition/ehealth-communication'],
      },
    };
    const answer = await fhir.request('patient', '/Communication', withBody('POST', annotation));
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/belongs on FUT's measurement service/);
  });

  it('refuses structurally invalid resources', async () => {
    const answer = await fhir.request(
      'task',
      '/Task',
      withBody('POST', {
        ...task('x', 'pat-1', 'eoc-1', 'team-1'),
        authoredOn: 'yesterday',
        colour: 'red',
      }),
    );
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/authoredOn|colour/);
  });

  it('deletes where FUT allows it (messages)', async () => {
    expect(
      (await fhir.request('patient', '/Communication/msg-2', { method: 'DELETE' })).status,
    ).toBe(200);
    expect((await fhir.request('patient', '/Communication/msg-2')).status).toBe(404);
  });
});
