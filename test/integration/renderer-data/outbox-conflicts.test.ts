import type { ClinicalImpression, Observation, Task } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CachedResource } from '../../../renderer/data/cache/contracts.ts';
import { FhirError } from '../../../renderer/data/fhir/fhir-error.ts';
import type { SubmitMeasurementPayload } from '../../../renderer/data/outbox/entries.ts';
import {
  drainFully,
  newDevice,
  startOutboxWorld,
  type Device,
  type OutboxWorld,
} from './outbox-fixture.ts';
import { searchAll, readPath } from '../../support/fhir-paths.ts';

// Two workstations (two encrypted caches, two senders) change the same resources on the real
// demo back end through the real gateway; the second sees the conflict and its policy applies.
let world: OutboxWorld;
const devices: Device[] = [];

beforeAll(async () => {
  world = await startOutboxWorld({ seed: 11, citizens: 12 });
}, 60_000);

afterAll(async () => {
  for (const device of devices) await device.close();
  await world.settle();
  await world.close();
});

async function device(author?: string): Promise<Device> {
  const made = await newDevice(world, author ? { author } : {});
  devices.push(made);
  return made;
}

let nextTask = 0;
function openTask(): string {
  const id = world.openTaskIds[nextTask++];
  if (!id) throw new Error('The dataset has too few open tasks for this test.');
  return id;
}

async function serverTask(id: string): Promise<Task & { id: string }> {
  return (await readPath(world.admin, `Task/${id}`)) as unknown as Task & { id: string };
}

async function cachedVersion(device: Device, type: 'Task' | 'Observation', id: string) {
  const cached = await device.handle.resources.get<CachedResource>(type, id);
  const version = cached?.meta?.versionId;
  if (!version) throw new Error(`${type}/${id} is not cached`);
  return version;
}

describe('outbox conflicts between two clients', () => {
  it('the gateway forwards If-Match: a stale version is refused with 412', async () => {
    const id = openTask();
    const task = await serverTask(id);
    const stale = Number(task.meta?.versionId) - 1;
    const error = await world.admin
      .send('PATCH', `Task/${id}`, {
        body: [{ op: 'add', path: '/description', value: 'x' }],
        contentType: 'application/json-patch+json',
        headers: { 'if-match': `W/"${stale}"` },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FhirError);
    expect((error as FhirError).status).toBe(412);
    expect((await serverTask(id)).meta?.versionId).toBe(task.meta?.versionId);
  });

  it('a task a colleague completed is not overwritten: the entry needs attention and says why', async () => {
    const id = openTask();
    const first = await device('Practitioner/colleague');
    const second = await device('Practitioner/me');
    await first.cacheFromServer([`Task/${id}`]);
    await second.cacheFromServer([`Task/${id}`]);
    await first.writes.acknowledgeTask(id, await cachedVersion(first, 'Task', id));
    await second.writes.addTaskNote(id, await cachedVersion(second, 'Task', id), 'Ringet op.');
    await second.writes.acknowledgeTask(id, await cachedVersion(second, 'Task', id));
    await drainFully(first);
    const completed = await serverTask(id);
    expect(completed.status).toBe('completed');
    expect(completed.owner?.reference).toBe('Practitioner/colleague');

    await drainFully(second);
    const after = await serverTask(id);
    // The note merged (fields do not overlap); the acknowledgement did not overwrite the colleague's.
    expect(after.note?.map((n) => n.text)).toEqual(['Ringet op.']);
    expect(after.owner?.reference).toBe('Practitioner/colleague');
    const [entry, ...rest] = await second.controller.list();
    expect(rest).toEqual([]);
    expect(entry?.kind).toBe('acknowledge-task');
    expect(entry?.status).toBe('needs-attention');
    expect(entry?.conflict).toBe('task-completed-by-colleague');
    expect(entry?.problem).toMatch(/completed by someone else/);
    expect(second.controller.state()).toMatchObject({ unsent: 1, needsAttention: 1 });
  });

  it('two notes on the same task version are merged, in order, neither overwritten', async () => {
    const id = openTask();
    const first = await device();
    const second = await device();
    await first.cacheFromServer([`Task/${id}`]);
    await second.cacheFromServer([`Task/${id}`]);
    const before = (await serverTask(id)).note?.map((n) => n.text) ?? [];
    await first.writes.addTaskNote(id, await cachedVersion(first, 'Task', id), 'Note fra A: æøå');
    await second.writes.addTaskNote(id, await cachedVersion(second, 'Task', id), 'Note fra B');
    await second.writes.addTaskNote(id, await cachedVersion(second, 'Task', id), 'B igen');
    await drainFully(first);
    await drainFully(second);
    const after = await serverTask(id);
    expect(after.note?.map((n) => n.text)).toEqual([
      ...before,
      'Note fra A: æøå',
      'Note fra B',
      'B igen',
    ]);
    expect(after.status).not.toBe('completed');
    expect(await second.controller.list()).toEqual([]);
    // The second client's cache now holds the server's merged version.
    const cached = await second.handle.resources.get<Task & { id: string }>('Task', id);
    expect(cached?.meta?.versionId).toBe(after.meta?.versionId);
    expect(cached?.note?.map((n) => n.text)).toEqual(after.note?.map((n) => n.text));
  });

  it('an acknowledgement against an older version merges when the colleague only added a note', async () => {
    const id = openTask();
    const first = await device();
    const second = await device('Practitioner/me');
    await first.cacheFromServer([`Task/${id}`]);
    await second.cacheFromServer([`Task/${id}`]);
    await first.writes.addTaskNote(id, await cachedVersion(first, 'Task', id), 'Kun en note');
    await second.writes.acknowledgeTask(id, await cachedVersion(second, 'Task', id));
    await drainFully(first);
    await drainFully(second);
    const after = await serverTask(id);
    expect(after.status).toBe('completed');
    expect(after.note?.map((n) => n.text)).toContain('Kun en note');
    expect(await second.controller.list()).toEqual([]);
  });

  it('a wrong measurement is corrected with $set-measurement-validity, not changed', async () => {
    const target = world.episodes[0];
    if (!target) throw new Error('no episode');
    const nurse = await device('Practitioner/nurse');
    const { observationId } = await nurse.writes.registerMeasurement({
      patientId: target.patientId,
      episodeOfCareId: target.episodeId,
      codeKey: 'weight',
      values: [812.5],
      effective: '2026-11-26T09:30:00Z',
    });
    // Registered offline: visible in the cache at once, with a local id.
    expect(observationId).toMatch(/^local-/);
    expect(await nurse.handle.resources.get('Observation', observationId)).toBeDefined();
    const [queued] = await nurse.handle.outbox.list();
    const identifier = (queued?.payload as SubmitMeasurementPayload).identifier;
    expect(identifier).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    await drainFully(nurse);
    expect(await nurse.handle.resources.get('Observation', observationId)).toBeUndefined();
    const found = (await searchAll(
      world.admin,
      `Observation?identifier=${encodeURIComponent(`urn:ietf:rfc:3986|${identifier}`)}`,
    )) as unknown as (Observation & { id: string })[];
    expect(found).toHaveLength(1);
    const [stored] = found;
    expect(stored?.valueQuantity?.value).toBe(812.5);
    const id = stored?.id ?? '';
    const cached = await nurse.handle.resources.get<Observation & { id: string }>(
      'Observation',
      id,
    );
    expect(cached?.meta?.versionId).toBe(stored?.meta?.versionId);

    // A colleague's workstation invalidates it too, from its own cache; both go through.
    const colleague = await device('Practitioner/colleague');
    await colleague.cacheFromServer([`Observation/${id}`]);
    await nurse.writes.invalidateMeasurement(
      id,
      await cachedVersion(nurse, 'Observation', id),
      'invalidated-is-not-fulfillment',
    );
    expect(
      (await nurse.handle.resources.get<Observation & { id: string }>('Observation', id))?.status,
    ).toBe('entered-in-error');
    await drainFully(nurse);
    const invalid = (await readPath(world.admin, `Observation/${id}`)) as unknown as Observation;
    expect(invalid.status).toBe('entered-in-error');
    expect(Number(invalid.meta?.versionId)).toBe(Number(stored?.meta?.versionId) + 1);
    const impressions = (await searchAll(
      world.admin,
      `ClinicalImpression?investigation=Observation/${id}`,
    )) as unknown as ClinicalImpression[];
    expect(impressions.map((i) => i.status)).toEqual(['completed']);
    expect(await nurse.controller.list()).toEqual([]);

    await colleague.writes.invalidateMeasurement(
      id,
      await cachedVersion(colleague, 'Observation', id),
      'invalidated-fulfills',
    );
    await drainFully(colleague);
    const both = (await searchAll(
      world.admin,
      `ClinicalImpression?investigation=Observation/${id}`,
    )) as unknown as ClinicalImpression[];
    // The server keeps one validity impression in force: the earlier one is entered-in-error.
    expect(both.map((i) => i.status).sort()).toEqual(['completed', 'entered-in-error']);
    expect(await colleague.controller.list()).toEqual([]);
  });
});

describe('refusals', () => {
  it('a 4xx validation error keeps the entry with the server’s words; discard rolls the local change back', async () => {
    const [one, two] = world.episodes;
    if (!one || !two || one.patientId === two.patientId) throw new Error('need two patients');
    const nurse = await device();
    const { observationId } = await nurse.writes.registerMeasurement({
      // The episode is another citizen's: FUT refuses the submission.
      patientId: two.patientId,
      episodeOfCareId: one.episodeId,
      codeKey: 'pulse',
      values: [72],
      effective: '2026-11-26T08:00:00Z',
    });
    const state = await nurse.controller.sendNow();
    expect(state).toMatchObject({ unsent: 1, needsAttention: 1, sending: false });
    expect(state.lastError).toMatch(/is not Patient\//);
    const [entry] = await nurse.controller.list();
    expect(entry).toMatchObject({
      kind: 'submit-measurement',
      status: 'needs-attention',
      patientId: two.patientId,
      attempts: 1,
      conflict: null,
    });
    expect(entry?.problem).toMatch(
      new RegExp(`EpisodeOfCare/${one.episodeId} is not Patient/${two.patientId}'s`),
    );
    // Kept: a later sendNow does not drop it or resend it.
    nurse.clock += 3_600_000;
    await nurse.controller.sendNow();
    expect((await nurse.controller.list()).map((e) => [e.id, e.attempts])).toEqual([
      [entry?.id, 1],
    ]);
    expect(await nurse.handle.resources.get('Observation', observationId)).toBeDefined();

    await nurse.controller.discard(entry?.id ?? '');
    expect(await nurse.controller.list()).toEqual([]);
    expect(await nurse.handle.resources.get('Observation', observationId)).toBeUndefined();
    expect(nurse.controller.state()).toMatchObject({ unsent: 0, needsAttention: 0 });
  });

  it('discarding a task note restores the cached task as it was', async () => {
    const id = openTask();
    const nurse = await device();
    await nurse.cacheFromServer([`Task/${id}`]);
    const version = await cachedVersion(nurse, 'Task', id);
    await nurse.writes.addTaskNote(id, version, 'Forkert note');
    const changed = await nurse.handle.resources.get<Task & { id: string }>('Task', id);
    expect(changed?.note?.at(-1)?.text).toBe('Forkert note');
    const [entry] = await nurse.controller.list();
    await nurse.controller.discard(entry?.id ?? '');
    const restored = await nurse.handle.resources.get<Task & { id: string }>('Task', id);
    expect(restored?.meta?.versionId).toBe(version);
    expect(restored?.note?.map((n) => n.text) ?? []).not.toContain('Forkert note');
  });

  it('bad input is refused before anything is stored, and a stale version is refused', async () => {
    const nurse = await device();
    const target = world.episodes[0];
    if (!target) throw new Error('no episode');
    await expect(
      nurse.writes.registerMeasurement({
        patientId: target.patientId,
        episodeOfCareId: target.episodeId,
        codeKey: 'homeBloodPressure',
        values: [140],
        effective: '2026-11-26T08:00:00Z',
      }),
    ).rejects.toMatchObject({ name: 'ClinicalWriteError', code: 'invalid-input' });
    await expect(
      nurse.writes.registerMeasurement({
        patientId: target.patientId,
        episodeOfCareId: target.episodeId,
        codeKey: 'pulse',
        values: [72.5],
        effective: '2026-11-26T08:00:00Z',
      }),
    ).rejects.toMatchObject({ code: 'invalid-input' });
    // An unsent measurement is discarded, not invalidated.
    const { observationId } = await nurse.writes.registerMeasurement({
      patientId: target.patientId,
      episodeOfCareId: target.episodeId,
      codeKey: 'pulse',
      values: [72],
      effective: '2026-11-26T08:00:00Z',
    });
    const local = await nurse.handle.resources.get<CachedResource>('Observation', observationId);
    await expect(
      nurse.writes.invalidateMeasurement(
        observationId,
        local?.meta?.versionId ?? '',
        'invalidated-fulfills',
      ),
    ).rejects.toMatchObject({ code: 'invalid-input' });
    const [unsent] = await nurse.controller.list();
    await nurse.controller.discard(unsent?.id ?? '');
    const id = openTask();
    await nurse.cacheFromServer([`Task/${id}`]);
    await expect(nurse.writes.acknowledgeTask(id, '999')).rejects.toMatchObject({
      name: 'StaleBaseError',
    });
    expect(await nurse.controller.list()).toEqual([]);
  });
});
