import { describe, expect, it } from 'vitest';
import {
  CacheInputError,
  OutboxEntryNotFoundError,
} from '../../../../../renderer/data/cache/cache-errors.ts';
import {
  StaleBaseError,
  type CachedResource,
  type OutboxEntryDraft,
} from '../../../../../renderer/data/cache/contracts.ts';
import { freshEnv, makeKeys, observation, open, task } from './cache-kit.ts';

const draft = (
  resource: CachedResource,
  base: string | null,
  payload: unknown = {},
): OutboxEntryDraft => ({
  kind: resource.resourceType === 'Observation' ? 'submit-measurement' : 'add-task-note',
  resourceType: resource.resourceType as OutboxEntryDraft['resourceType'],
  resourceId: resource.id,
  baseVersionId: base,
  payload,
});

function withVersion<T extends CachedResource>(
  resource: T,
  versionId: string,
  extra: object = {},
): T {
  return { ...resource, ...extra, meta: { ...resource.meta, versionId } };
}

async function setup() {
  const cache = await open(freshEnv(), await makeKeys());
  await cache.resources.upsert([
    task('t1', 'p1', 'e1', '3'),
    task('t2', 'p1', 'e1', '1'),
    observation('o1', 'p1', 'e1', '2026-11-18T08:00:00Z'),
  ]);
  return cache;
}

describe('OutboxStore', () => {
  it('applies the local change and queues the entry together, in seq order, payload sealed', async () => {
    const cache = await setup();
    const acked = withVersion(task('t1', 'p1', 'e1'), 'local-a', { status: 'completed' });
    const first = await cache.outbox.enqueue(
      { resource: acked, expectedVersionId: '3' },
      draft(acked, '3', { status: 'completed' }),
    );
    expect(first).toMatchObject({ seq: 1, status: 'pending', attempts: 0, resourceId: 't1' });
    expect(await cache.resources.get('Task', 't1')).toEqual(acked);

    const created = withVersion(
      observation('local-o9', 'p1', 'e1', '2026-11-25T09:00:00Z'),
      'local-1',
    );
    const second = await cache.outbox.enqueue(
      { resource: created, expectedVersionId: null },
      draft(created, null, { values: [142, 88] }),
    );
    expect(second.seq).toBe(2);
    expect(await cache.resources.get('Observation', 'local-o9')).toEqual(created);
    expect(
      (await cache.resources.observations(['e1'], 0, Date.parse('2027-01-01'))).map((o) => o.id),
    ).toEqual(['o1', 'local-o9']);

    const list = await cache.outbox.list();
    expect(list.map((e) => [e.id, e.seq, e.kind, e.payload])).toEqual([
      [first.id, 1, 'add-task-note', { status: 'completed' }],
      [second.id, 2, 'submit-measurement', { values: [142, 88] }],
    ]);
    expect(await cache.outbox.count()).toBe(2);
    expect(await cache.outbox.base(first.id)).toEqual(task('t1', 'p1', 'e1', '3'));
    expect(await cache.outbox.base(second.id)).toBeNull();
    cache.close();
  });

  it('throws StaleBaseError and changes nothing when the cached version moved on', async () => {
    const cache = await setup();
    const change = withVersion(task('t1', 'p1', 'e1'), 'local-a', { status: 'completed' });
    const error = await cache.outbox
      .enqueue({ resource: change, expectedVersionId: '2' }, draft(change, '2'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StaleBaseError);
    expect((error as StaleBaseError).cachedVersionId).toBe('3');
    await expect(
      cache.outbox.enqueue(
        {
          resource: withVersion(observation('o1', 'p1', 'e1', '2026-11-18T08:00:00Z'), 'local-x'),
          expectedVersionId: null,
        },
        draft(observation('o1', 'p1', 'e1', '2026-11-18T08:00:00Z'), null),
      ),
    ).rejects.toBeInstanceOf(StaleBaseError);
    expect(await cache.outbox.count()).toBe(0);
    expect((await cache.resources.get('Task', 't1'))?.meta?.versionId).toBe('3');
    // A mismatched draft is refused before anything happens.
    await expect(
      cache.outbox.enqueue(
        { resource: change, expectedVersionId: '3' },
        { ...draft(change, '3'), resourceId: 't2' },
      ),
    ).rejects.toBeInstanceOf(CacheInputError);
    cache.close();
  });

  it('lets exactly one of two concurrent changes against the same version through', async () => {
    const cache = await setup();
    const a = withVersion(task('t1', 'p1', 'e1'), 'local-a', { status: 'completed' });
    const b = withVersion(task('t1', 'p1', 'e1'), 'local-b', { status: 'cancelled' });
    const results = await Promise.allSettled([
      cache.outbox.enqueue({ resource: a, expectedVersionId: '3' }, draft(a, '3')),
      cache.outbox.enqueue({ resource: b, expectedVersionId: '3' }, draft(b, '3')),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(StaleBaseError);
    const winner = (await cache.resources.get('Task', 't1'))?.meta?.versionId;
    expect(await cache.outbox.count()).toBe(1);
    expect(['local-a', 'local-b']).toContain(winner);
    cache.close();
  });

  it('keeps the local change while sync delivers the old server version (held)', async () => {
    const cache = await setup();
    const acked = withVersion(task('t1', 'p1', 'e1'), 'local-a', { status: 'completed' });
    await cache.outbox.enqueue({ resource: acked, expectedVersionId: '3' }, draft(acked, '3'));
    const result = await cache.resources.upsert([
      task('t1', 'p1', 'e1', '3'),
      task('t2', 'p1', 'e1', '2'),
    ]);
    expect(result).toEqual({ written: 1, unchanged: 0, held: 1 });
    expect((await cache.resources.get('Task', 't1'))?.meta?.versionId).toBe('local-a');
    expect(await cache.resources.remove('Task', ['t1'])).toBe(0);
    expect(await cache.resources.get('Task', 't1')).toBeDefined();
    cache.close();
  });

  it('records attempts, status and the server’s words, sealed', async () => {
    const cache = await setup();
    const acked = withVersion(task('t1', 'p1', 'e1'), 'local-a');
    const entry = await cache.outbox.enqueue(
      { resource: acked, expectedVersionId: '3' },
      draft(acked, '3'),
    );
    await cache.outbox.update(entry.id, {
      status: 'needs-attention',
      attempts: 2,
      notBefore: 1234,
      problem: 'Opgaven er lukket af en kollega',
    });
    expect((await cache.outbox.list())[0]).toMatchObject({
      status: 'needs-attention',
      attempts: 2,
      notBefore: 1234,
      problem: 'Opgaven er lukket af en kollega',
    });
    await cache.outbox.update(entry.id, { status: 'pending', problem: null });
    expect((await cache.outbox.list())[0]).toMatchObject({
      status: 'pending',
      attempts: 2,
      problem: null,
    });
    await expect(cache.outbox.update('nope', { attempts: 1 })).rejects.toBeInstanceOf(
      OutboxEntryNotFoundError,
    );
    await expect(cache.outbox.update(entry.id, { status: 'sent' as never })).rejects.toBeInstanceOf(
      CacheInputError,
    );
    cache.close();
  });

  it('completes with the server’s versions in the same transaction, replacing a local create', async () => {
    const cache = await setup();
    const acked = withVersion(task('t1', 'p1', 'e1'), 'local-a', { status: 'completed' });
    const ack = await cache.outbox.enqueue(
      { resource: acked, expectedVersionId: '3' },
      draft(acked, '3'),
    );
    const created = withVersion(
      observation('local-o9', 'p1', 'e1', '2026-11-25T09:00:00Z'),
      'local-1',
    );
    const create = await cache.outbox.enqueue(
      { resource: created, expectedVersionId: null },
      draft(created, null),
    );

    const serverTask = withVersion(task('t1', 'p1', 'e1'), '4', { status: 'completed' });
    await cache.outbox.complete(ack.id, [serverTask]);
    expect(await cache.resources.get('Task', 't1')).toEqual(serverTask);
    // The server assigned its own id to the measurement.
    const serverObs = withVersion(observation('srv-77', 'p1', 'e1', '2026-11-25T09:00:00Z'), '1');
    await cache.outbox.complete(create.id, [serverObs]);
    expect(await cache.resources.get('Observation', 'local-o9')).toBeUndefined();
    expect(await cache.resources.get('Observation', 'srv-77')).toEqual(serverObs);
    expect(await cache.outbox.count()).toBe(0);
    // Completing again does nothing.
    await cache.outbox.complete(ack.id, [task('t1', 'p1', 'e1', '1')]);
    expect((await cache.resources.get('Task', 't1'))?.meta?.versionId).toBe('4');
    cache.close();
  });

  it('keeps a later local change when an earlier entry of the same resource completes', async () => {
    const cache = await setup();
    const v1 = withVersion(task('t1', 'p1', 'e1'), 'local-a', { status: 'completed' });
    const first = await cache.outbox.enqueue(
      { resource: v1, expectedVersionId: '3' },
      draft(v1, '3'),
    );
    const v2 = withVersion(v1, 'local-b', { note: [{ text: 'ny note' }] });
    await cache.outbox.enqueue(
      { resource: v2, expectedVersionId: 'local-a' },
      draft(v2, 'local-a'),
    );
    await cache.outbox.complete(first.id, [
      withVersion(task('t1', 'p1', 'e1'), '4', { status: 'completed' }),
    ]);
    expect(await cache.resources.get('Task', 't1')).toEqual(v2);
    expect(await cache.outbox.count()).toBe(1);
    cache.close();
  });

  it('discards: restores the base, removes a create, and hands the base down a chain', async () => {
    const cache = await setup();
    const original = await cache.resources.get('Task', 't1');
    const v1 = withVersion(task('t1', 'p1', 'e1'), 'local-a', { status: 'completed' });
    const first = await cache.outbox.enqueue(
      { resource: v1, expectedVersionId: '3' },
      draft(v1, '3'),
    );
    const v2 = withVersion(v1, 'local-b', { note: [{ text: 'ny note' }] });
    const second = await cache.outbox.enqueue(
      { resource: v2, expectedVersionId: 'local-a' },
      draft(v2, 'local-a'),
    );
    const created = withVersion(
      observation('local-o9', 'p1', 'e1', '2026-11-25T09:00:00Z'),
      'local-1',
    );
    const create = await cache.outbox.enqueue(
      { resource: created, expectedVersionId: null },
      draft(created, null),
    );

    // In list order, as sign-out's "discard" does.
    expect(await cache.outbox.discard(first.id)).toBe('superseded');
    expect(await cache.resources.get('Task', 't1')).toEqual(v2);
    expect(await cache.outbox.base(second.id)).toEqual(original);
    expect(await cache.outbox.discard(second.id)).toBe('restored');
    expect(await cache.resources.get('Task', 't1')).toEqual(original);
    expect(await cache.outbox.discard(create.id)).toBe('removed');
    expect(await cache.resources.get('Observation', 'local-o9')).toBeUndefined();
    expect(await cache.resources.get('Observation', 'o1')).toBeDefined();
    expect(await cache.outbox.count()).toBe(0);
    await expect(cache.outbox.discard(first.id)).rejects.toBeInstanceOf(OutboxEntryNotFoundError);
    // Sync writes again once nothing is held.
    expect(await cache.resources.upsert([task('t1', 'p1', 'e1', '5')])).toMatchObject({
      written: 1,
      held: 0,
    });
    cache.close();
  });
});
