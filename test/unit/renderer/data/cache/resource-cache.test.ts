import type { Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import type { CachedResource } from '../../../../../renderer/data/cache/contracts.ts';
import { CACHED_TYPES } from '../../../../../renderer/data/cache/contracts.ts';
import { CacheInputError } from '../../../../../renderer/data/cache/cache-errors.ts';
import {
  episode,
  freshEnv,
  makeKeys,
  meta,
  observation,
  open,
  patient,
  task,
} from './cache-kit.ts';

function sample(type: (typeof CACHED_TYPES)[number], id: string): CachedResource {
  if (type === 'Patient') return patient(id);
  if (type === 'EpisodeOfCare') return episode(id, 'p1');
  if (type === 'Task') return task(id, 'p1', 'e1');
  if (type === 'Observation') return observation(id, 'p1', 'e1', '2026-11-18T08:30:00Z');
  return {
    resourceType: type,
    id,
    meta: meta('3'),
    subject: { reference: 'Patient/p1' },
    text: { status: 'generated', div: `<div>${type} æøå</div>` },
  } as unknown as CachedResource;
}

describe('ResourceCache', () => {
  it('round-trips one resource of every cached type', async () => {
    const cache = await open(freshEnv(), await makeKeys());
    const all = CACHED_TYPES.map((type) => sample(type, `${type.toLowerCase()}-1`));
    expect(await cache.resources.upsert(all)).toEqual({
      written: CACHED_TYPES.length,
      unchanged: 0,
      held: 0,
    });
    for (const resource of all) {
      expect(await cache.resources.get(resource.resourceType as never, resource.id)).toEqual(
        resource,
      );
    }
    // Another type with the same id is not found.
    expect(await cache.resources.get('Task', 'patient-1')).toBeUndefined();
    expect(await cache.resources.get('Observation', 'task-1')).toBeUndefined();
    cache.close();
  });

  it('skips the same id + versionId, rewrites a new version, and re-reads write nothing', async () => {
    const cache = await open(freshEnv(), await makeKeys());
    const batch = [
      patient('p1'),
      task('t1', 'p1', 'e1'),
      observation('o1', 'p1', 'e1', '2026-11-18T08:30:00Z'),
      observation('o2', 'p1', 'e1', '2026-11-19T08:30:00Z'),
    ];
    expect(await cache.resources.upsert(batch)).toMatchObject({ written: 4, unchanged: 0 });
    expect(await cache.resources.upsert(batch)).toMatchObject({ written: 0, unchanged: 4 });
    const changedTask = { ...task('t1', 'p1', 'e1', '2'), status: 'completed' } as CachedResource;
    const changedObs = observation('o1', 'p1', 'e1', '2026-11-18T08:30:00Z', '2', 99);
    expect(await cache.resources.upsert([changedTask, changedObs, patient('p1')])).toMatchObject({
      written: 2,
      unchanged: 1,
    });
    expect(await cache.resources.get('Task', 't1')).toEqual(changedTask);
    expect(await cache.resources.get('Observation', 'o1')).toEqual(changedObs);
    expect(await cache.resources.get('Observation', 'o2')).toEqual(batch[3]);
    // Duplicates in one call: the last one wins.
    const v3 = task('t1', 'p1', 'e1', '3');
    expect(await cache.resources.upsert([v3, changedTask])).toMatchObject({ written: 0 });
    expect((await cache.resources.get('Task', 't1'))?.meta?.versionId).toBe('2');
    cache.close();
  });

  it('answers byPatient and byEpisode per type through the typed links index', async () => {
    const cache = await open(freshEnv(), await makeKeys());
    const appointment = {
      resourceType: 'Appointment',
      id: 'a1',
      meta: meta('1'),
      status: 'booked',
      participant: [
        { actor: { reference: 'Patient/p1' }, status: 'accepted' },
        { actor: { reference: 'Patient/p2' }, status: 'accepted' },
      ],
      supportingInformation: [{ reference: 'EpisodeOfCare/e1' }],
    } as CachedResource;
    await cache.resources.upsert([
      patient('p1'),
      patient('p2'),
      episode('e1', 'p1'),
      episode('e2', 'p2'),
      task('t1', 'p1', 'e1'),
      task('t2', 'p1', 'e1'),
      task('t3', 'p2', 'e2'),
      appointment,
      observation('o1', 'p1', 'e1', '2026-11-18T08:30:00Z'),
      observation('o2', 'p2', 'e2', '2026-11-18T08:30:00Z'),
      observation('o3', 'p1', null, '2026-11-18T09:30:00Z'),
    ]);
    const ids = (rs: readonly CachedResource[]) => rs.map((r) => r.id).sort();
    expect(ids(await cache.resources.byPatient('Task', 'p1'))).toEqual(['t1', 't2']);
    expect(ids(await cache.resources.byPatient('Appointment', 'p2'))).toEqual(['a1']);
    expect(ids(await cache.resources.byPatient('Appointment', 'p1'))).toEqual(['a1']);
    expect(ids(await cache.resources.byPatient('Patient', 'p2'))).toEqual(['p2']);
    expect(ids(await cache.resources.byPatient('Observation', 'p1'))).toEqual(['o1', 'o3']);
    expect(ids(await cache.resources.byEpisode('Task', ['e1', 'e2']))).toEqual(['t1', 't2', 't3']);
    expect(ids(await cache.resources.byEpisode('Task', ['e2']))).toEqual(['t3']);
    expect(ids(await cache.resources.byEpisode('Appointment', ['e1']))).toEqual(['a1']);
    expect(ids(await cache.resources.byEpisode('EpisodeOfCare', ['e2']))).toEqual(['e2']);
    expect(ids(await cache.resources.byEpisode('Observation', ['e1']))).toEqual(['o1']);
    expect(await cache.resources.byEpisode('Task', [])).toEqual([]);
    cache.close();
  });

  it('reads Observations of episodes by clinical time across week buckets, [from, to)', async () => {
    const cache = await open(freshEnv(), await makeKeys());
    const obs: CachedResource[] = [];
    // 60 days, two a day, for two episodes.
    const start = Date.parse('2026-09-01T00:00:00Z');
    for (let day = 0; day < 60; day += 1)
      for (const [n, ep] of [
        [0, 'e1'],
        [1, 'e2'],
      ] as const) {
        const time = new Date(start + day * 86_400_000 + n * 3_600_000 + 8 * 3_600_000);
        obs.push(observation(`o-${ep}-${day}`, ep === 'e1' ? 'p1' : 'p2', ep, time.toISOString()));
      }
    expect((await cache.resources.upsert(obs)).written).toBe(120);
    const from = Date.parse('2026-09-10T00:00:00Z');
    const to = Date.parse('2026-09-24T08:00:00Z');
    const got = await cache.resources.observations(['e1'], from, to);
    const expected = obs.filter((o) => {
      const t = Date.parse((o as { effectiveDateTime: string }).effectiveDateTime);
      return o.id.startsWith('o-e1-') && t >= from && t < to;
    });
    expect(got.map((o) => o.id)).toEqual(expected.map((o) => o.id));
    expect(got).toHaveLength(14);
    expect(await cache.resources.observations(['e1', 'e2'], from, to)).toHaveLength(28);
    expect(await cache.resources.observations(['e3'], from, to)).toEqual([]);
    expect(await cache.resources.byEpisode('Observation', ['e2'])).toHaveLength(60);
    expect(await cache.resources.all('Observation')).toHaveLength(120);
    const stats = await cache.resources.stats();
    expect(stats.resources).toBe(120);
    expect(stats.bytes).toBeGreaterThan(120 * 100);
    cache.close();
  });

  it('answers measurements from the digests: the same Observations, order and values as the full read', async () => {
    const cache = await open(freshEnv(), await makeKeys());
    const obs: CachedResource[] = [];
    const start = Date.parse('2026-09-01T00:00:00Z');
    // Out of clinical order, with equal times, across weeks and two episodes.
    for (let i = 0; i < 90; i += 1) {
      const time = new Date(start + ((i * 37) % 45) * 43_200_000).toISOString();
      obs.push(
        observation(
          `o-${i}`,
          i % 3 === 0 ? 'p2' : 'p1',
          i % 3 === 0 ? 'e2' : 'e1',
          time,
          '1',
          100 + i,
        ),
      );
    }
    obs.push(observation('o-undated', 'p1', 'e1', 'not a time'));
    await cache.resources.upsert(obs);
    for (const [from, to] of [
      [Date.parse('2026-09-05T00:00:00Z'), Date.parse('2026-09-19T12:00:00Z')],
      [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
      [start, start],
    ] as const) {
      const full = await cache.resources.observations(['e1', 'e2'], from, to);
      const digested = await cache.resources.measurements(['e1', 'e2'], from, to);
      expect(digested.map((o) => o.id)).toEqual(full.map((o) => o.id));
      expect(digested).toEqual(
        full.map((o) => {
          const { id, status, code, subject, effectiveDateTime, valueQuantity } = o as Observation;
          return {
            resourceType: 'Observation',
            id,
            status,
            code,
            subject,
            effectiveDateTime,
            valueQuantity: { value: valueQuantity?.value, unit: valueQuantity?.unit },
          };
        }),
      );
    }
    expect(await cache.resources.measurements(['e1'], start, start + 86_400_000)).not.toEqual([]);
    await expect(cache.resources.measurements(['e1'], Number.NaN, start)).rejects.toBeInstanceOf(
      CacheInputError,
    );
    cache.close();
  });

  it('moves an Observation to another bucket when a new version changes its clinical time', async () => {
    const cache = await open(freshEnv(), await makeKeys());
    await cache.resources.upsert([
      observation('o1', 'p1', 'e1', '2026-09-01T08:00:00Z'),
      observation('o2', 'p1', 'e1', '2026-09-01T09:00:00Z'),
    ]);
    const moved = observation('o1', 'p1', 'e1', '2026-10-15T08:00:00Z', '2');
    expect(await cache.resources.upsert([moved])).toMatchObject({ written: 1 });
    expect((await cache.resources.all('Observation')).map((o) => o.id)).toEqual(['o2', 'o1']);
    const september = await cache.resources.observations(
      ['e1'],
      Date.parse('2026-09-01T00:00:00Z'),
      Date.parse('2026-10-01T00:00:00Z'),
    );
    expect(september.map((o) => o.id)).toEqual(['o2']);
    expect(await cache.resources.get('Observation', 'o1')).toEqual(moved);
    cache.close();
  });

  it('gives versions without decrypting, removes, and keeps sync state sealed', async () => {
    const cache = await open(freshEnv(), await makeKeys());
    await cache.resources.upsert([
      task('t1', 'p1', 'e1', '4'),
      task('t2', 'p1', 'e1', '7'),
      observation('o1', 'p1', 'e1', '2026-09-01T08:00:00Z', '2'),
      observation('o2', 'p1', 'e1', '2026-09-01T09:00:00Z', '5'),
    ]);
    expect(await cache.resources.versions('Task')).toEqual(
      new Map([
        ['t1', '4'],
        ['t2', '7'],
      ]),
    );
    expect(await cache.resources.versions('Task', ['t2', 'nope'])).toEqual(new Map([['t2', '7']]));
    expect(await cache.resources.versions('Observation', ['o1', 'o2', 'o3'])).toEqual(
      new Map([
        ['o1', '2'],
        ['o2', '5'],
      ]),
    );
    expect(await cache.resources.remove('Task', ['t1', 'nope'])).toBe(1);
    expect(await cache.resources.remove('Observation', ['o2', 'o9'])).toBe(1);
    expect(await cache.resources.get('Task', 't1')).toBeUndefined();
    expect(await cache.resources.get('Observation', 'o2')).toBeUndefined();
    expect(await cache.resources.get('Observation', 'o1')).toBeDefined();
    expect(await cache.resources.remove('Observation', ['o1'])).toBe(1);
    expect(await cache.resources.all('Observation')).toEqual([]);

    expect(await cache.resources.getSyncState('Task:team-1')).toBeUndefined();
    await cache.resources.setSyncState('Task:team-1', '2026-11-26T10:00:00Z');
    expect(await cache.resources.getSyncState('Task:team-1')).toBe('2026-11-26T10:00:00Z');
    await cache.resources.deleteSyncState('Task:team-1');
    expect(await cache.resources.getSyncState('Task:team-1')).toBeUndefined();
    cache.close();
  });

  it('refuses what it cannot store with a typed error, writing nothing', async () => {
    const cache = await open(freshEnv(), await makeKeys());
    const noVersion = { resourceType: 'Task', id: 't9', status: 'ready', intent: 'plan' };
    await expect(
      cache.resources.upsert([patient('p1'), noVersion as unknown as CachedResource]),
    ).rejects.toBeInstanceOf(CacheInputError);
    await expect(
      cache.resources.upsert([{ resourceType: 'Bundle', id: 'b', meta: meta('1') } as never]),
    ).rejects.toBeInstanceOf(CacheInputError);
    await expect(cache.resources.get('Bundle' as never, 'x')).rejects.toBeInstanceOf(
      CacheInputError,
    );
    expect((await cache.resources.stats()).resources).toBe(0);
    cache.close();
  });

  it('wipes everything and stays usable', async () => {
    const cache = await open(freshEnv(), await makeKeys());
    await cache.resources.upsert([
      patient('p1'),
      observation('o1', 'p1', 'e1', '2026-09-01T08:00:00Z'),
    ]);
    await cache.resources.setSyncState('Patient', 'x');
    await cache.resources.wipe();
    expect(await cache.resources.stats()).toEqual({ resources: 0, bytes: 0 });
    expect(await cache.resources.getSyncState('Patient')).toBeUndefined();
    await cache.resources.upsert([patient('p2')]);
    expect(await cache.resources.get('Patient', 'p2')).toBeDefined();
    cache.close();
  });
});
