import { IDBObjectStore } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { CacheQuotaError } from '../../../../../renderer/data/cache/cache-errors.ts';
import type { CachedResource } from '../../../../../renderer/data/cache/contracts.ts';
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

type Mode = 'abort' | 'throw';

/**
 * Makes IndexedDB refuse writes to `store` as a full disk does: the
 * transaction aborts with QuotaExceededError (what browsers do), or the put
 * itself throws it.
 */
function fillDisk(store: string, mode: Mode) {
  const spies = (['put', 'add'] as const).map((method) => {
    const real = IDBObjectStore.prototype[method];
    return vi.spyOn(IDBObjectStore.prototype, method).mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (this.name !== store) return real.apply(this, args);
      if (mode === 'throw')
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      const request = real.apply(this, args);
      (this.transaction as unknown as { _abort(name: string): void })._abort('QuotaExceededError');
      return request;
    });
  });
  return {
    mockRestore() {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

describe('a full disk', () => {
  for (const mode of ['abort', 'throw'] as const) {
    it(`turns QuotaExceededError (${mode}) into CacheQuotaError and writes nothing of the call`, async () => {
      const cache = await open(freshEnv(), await makeKeys());
      await cache.resources.upsert([task('t0', 'p1', 'e1')]);
      const spy = fillDisk('buckets', mode);
      // Resources are written before buckets in the same transaction.
      const error = await cache.resources
        .upsert([task('t1', 'p1', 'e1'), observation('o1', 'p1', 'e1', '2026-11-18T08:00:00Z')])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CacheQuotaError);
      expect((error as Error).message).toMatch(/offline cache is full/);
      spy.mockRestore();
      expect(await cache.resources.get('Task', 't1')).toBeUndefined();
      expect(await cache.resources.get('Observation', 'o1')).toBeUndefined();
      expect(await cache.resources.get('Task', 't0')).toBeDefined();

      // The outbox: the local change and the entry, or neither.
      const outboxSpy = fillDisk('outbox', mode);
      const change = {
        ...task('t0', 'p1', 'e1'),
        meta: meta('local-a'),
        status: 'completed',
      } as CachedResource;
      await expect(
        cache.outbox.enqueue(
          { resource: change, expectedVersionId: '1' },
          {
            kind: 'patch-task',
            resourceType: 'Task',
            resourceId: 't0',
            baseVersionId: '1',
            payload: {},
          },
        ),
      ).rejects.toBeInstanceOf(CacheQuotaError);
      outboxSpy.mockRestore();
      expect((await cache.resources.get('Task', 't0'))?.meta?.versionId).toBe('1');
      expect(await cache.outbox.count()).toBe(0);

      // Once there is room again, the same write succeeds.
      expect((await cache.resources.upsert([task('t1', 'p1', 'e1')])).written).toBe(1);
      cache.close();
    });
  }

  it('sync state too', async () => {
    const cache = await open(freshEnv(), await makeKeys());
    const spy = fillDisk('syncState', 'abort');
    await expect(cache.resources.setSyncState('Task:x', 'y')).rejects.toBeInstanceOf(
      CacheQuotaError,
    );
    spy.mockRestore();
    expect(await cache.resources.getSyncState('Task:x')).toBeUndefined();
    cache.close();
  });
});

describe('concurrent writers of the same Observation buckets', () => {
  it('lose nothing: each write re-reads a bucket that changed under it', async () => {
    const cache = await open(freshEnv(), await makeKeys());
    const batches: CachedResource[][] = [];
    for (let b = 0; b < 6; b += 1) {
      const batch: CachedResource[] = [];
      for (let i = 0; i < 10; i += 1)
        batch.push(observation(`o-${b}-${i}`, 'p1', 'e1', `2026-11-${16 + (i % 5)}T0${b}:00:00Z`));
      batches.push(batch);
    }
    const results = await Promise.all(batches.map((batch) => cache.resources.upsert(batch)));
    expect(results.reduce((sum, r) => sum + r.written, 0)).toBe(60);
    const stored = await cache.resources.byEpisode('Observation', ['e1']);
    expect(stored.map((o) => o.id).sort()).toEqual(
      batches
        .flat()
        .map((o) => o.id)
        .sort(),
    );
    cache.close();
  });
});

describe('retention', () => {
  it('removes citizens no longer on the caseload, keeping what unsent entries change', async () => {
    const cache = await open(freshEnv(), await makeKeys());
    const org = {
      resourceType: 'Organization',
      id: 'org1',
      meta: meta('1'),
      name: 'Aalborg Kommune',
    } as CachedResource;
    const episodeOnlyTask = {
      ...task('t-eo', 'x', 'e2'),
      for: undefined,
    } as unknown as CachedResource;
    await cache.resources.upsert([
      org,
      patient('p1'),
      patient('p2'),
      patient('p3'),
      episode('e1', 'p1'),
      episode('e2', 'p2'),
      episode('e3', 'p3'),
      task('t1', 'p1', 'e1'),
      task('t2', 'p2', 'e2'),
      task('t3', 'p3', 'e3'),
      episodeOnlyTask,
      observation('o1', 'p1', 'e1', '2026-11-18T08:00:00Z'),
      observation('o2', 'p2', 'e2', '2026-11-18T08:00:00Z'),
      observation('o2b', 'p2', 'e2', '2026-10-18T08:00:00Z'),
      observation('o3', 'p3', 'e3', '2026-11-18T08:00:00Z'),
    ]);
    // An unsent change for p3's task and a measurement for p3.
    const t3 = { ...task('t3', 'p3', 'e3'), meta: meta('local-a') } as CachedResource;
    await cache.outbox.enqueue(
      { resource: t3, expectedVersionId: '1' },
      {
        kind: 'patch-task',
        resourceType: 'Task',
        resourceId: 't3',
        baseVersionId: '1',
        payload: {},
      },
    );
    const o9 = observation('local-o9', 'p3', 'e3', '2026-11-19T08:00:00Z', 'local-1');
    await cache.outbox.enqueue(
      { resource: o9, expectedVersionId: null },
      {
        kind: 'submit-measurement',
        resourceType: 'Observation',
        resourceId: 'local-o9',
        baseVersionId: null,
        payload: {},
      },
    );

    const report = await cache.retainPatients(['p1']);
    // p2, p3, e2, e3, t2 and the episode-only task of e2; o2 and o2b (two weeks).
    expect(report).toEqual({ resources: 6, observations: 2, keptForOutbox: 2 });
    const ids = async (
      type: 'Patient' | 'Task' | 'EpisodeOfCare' | 'Observation' | 'Organization',
    ) => (await cache.resources.all(type)).map((r) => r.id).sort();
    expect(await ids('Organization')).toEqual(['org1']);
    expect(await ids('Patient')).toEqual(['p1']);
    expect(await ids('EpisodeOfCare')).toEqual(['e1']);
    expect(await ids('Task')).toEqual(['t1', 't3']);
    expect(await ids('Observation')).toEqual(['local-o9', 'o1', 'o3']);
    // Nothing left to remove for the same set.
    expect(await cache.retainPatients(['p1'])).toEqual({
      resources: 0,
      observations: 0,
      keptForOutbox: 2,
    });
    cache.close();
  });
});
