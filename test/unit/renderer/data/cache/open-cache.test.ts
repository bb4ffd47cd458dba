import { Dexie } from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { aesCodec } from '../../../../../renderer/data/cache/cache-codec.ts';
import {
  CacheDb,
  declareSchemaV1,
  declareSchemaV2,
  type BucketRow,
  type ResourceRowV1,
} from '../../../../../renderer/data/cache/cache-db.ts';
import { cacheDbName } from '../../../../../renderer/data/cache/cache-name.ts';
import type { CachedResource } from '../../../../../renderer/data/cache/contracts.ts';
import { sealKeyCheck } from '../../../../../renderer/data/cache/open-cache.ts';
import { plaintextCodec } from '../../../../support/plaintext-codec.ts';
import {
  episode,
  freshEnv,
  makeKeys,
  observation,
  open,
  patient,
  task,
  USER,
  type Env,
} from './cache-kit.ts';

async function databaseNames(env: Env): Promise<string[]> {
  return (await env.indexedDB.databases()).map((d) => d.name ?? '');
}

describe('openCache', () => {
  it('keeps the data for the same key, and says it did not wipe', async () => {
    const env = freshEnv();
    const keys = await makeKeys('k1', 7);
    const first = await open(env, keys);
    expect(first).toMatchObject({ wipedOnOpen: false, wipeReason: null, persistent: true });
    expect(first.databaseName).toBe(cacheDbName(USER));
    await first.resources.upsert([patient('p1')]);
    await first.resources.setSyncState('Patient:x', 'cp');
    first.close();
    const again = await open(env, await makeKeys('k1', 7));
    expect(again.wipedOnOpen).toBe(false);
    expect(await again.resources.get('Patient', 'p1')).toEqual(patient('p1'));
    expect(await again.resources.getSyncState('Patient:x')).toBe('cp');
    again.close();
  });

  it('wipes a cache sealed under another key id, never throwing', async () => {
    const env = freshEnv();
    const first = await open(env, await makeKeys('k1'));
    await first.resources.upsert([
      patient('p1'),
      observation('o1', 'p1', 'e1', '2026-11-01T08:00:00Z'),
    ]);
    await first.resources.setSyncState('Patient:x', 'cp');
    first.close();
    const other = await open(env, await makeKeys('k2'));
    expect(other).toMatchObject({ wipedOnOpen: true, wipeReason: 'other-key' });
    expect(await other.resources.stats()).toEqual({ resources: 0, bytes: 0 });
    expect(await other.resources.getSyncState('Patient:x')).toBeUndefined();
    expect(await other.outbox.count()).toBe(0);
    // And the new key's cache works and persists.
    await other.resources.upsert([patient('p2')]);
    other.close();
    const reopened = await open(env, await makeKeys('k2', undefined).then(() => makeKeys('k2', 1)));
    // Same id, other bytes: the key check does not open.
    expect(reopened).toMatchObject({ wipedOnOpen: true, wipeReason: 'key-check-failed' });
    expect(await reopened.resources.get('Patient', 'p2')).toBeUndefined();
    reopened.close();
  });

  it('wipes data found without a key check', async () => {
    const env = freshEnv();
    const first = await open(env, await makeKeys('k1', 3));
    await first.resources.upsert([task('t1', 'p1', 'e1')]);
    first.close();
    const raw = new CacheDb(cacheDbName(USER), env);
    await raw.meta.clear();
    raw.close();
    const again = await open(env, await makeKeys('k1', 3));
    expect(again).toMatchObject({ wipedOnOpen: true, wipeReason: 'no-key-check' });
    expect(await again.resources.all('Task')).toEqual([]);
    again.close();
  });

  it('opens a database left with a newer schema of other stores without throwing', async () => {
    const env = freshEnv();
    const foreign = new Dexie(cacheDbName(USER), env);
    foreign.version(40).stores({ something: '&id' });
    await foreign.table('something').put({ id: 1, text: 'x' });
    foreign.close();
    const cache = await open(env, await makeKeys());
    await cache.resources.upsert([patient('p1')]);
    expect(await cache.resources.get('Patient', 'p1')).toBeDefined();
    cache.close();
  });

  it('wipes a database IndexedDB cannot open (corrupt on disk) and starts empty', async () => {
    const env = freshEnv();
    const keys = await makeKeys('k1', 4);
    const first = await open(env, keys);
    await first.resources.upsert([patient('p1')]);
    first.close();
    // Chromium answers a corrupt LevelDB with UnknownError on open, until it is deleted.
    let corrupt = true;
    const realOpen = env.indexedDB.open.bind(env.indexedDB);
    const realDelete = env.indexedDB.deleteDatabase.bind(env.indexedDB);
    const failing = Object.create(env.indexedDB) as IDBFactory;
    failing.open = (name: string, version?: number) => {
      if (corrupt) throw new DOMException('Internal error opening backing store.', 'UnknownError');
      return realOpen(name, version);
    };
    failing.deleteDatabase = (name: string) => {
      corrupt = false;
      return realDelete(name);
    };
    const cache = await open({ ...env, indexedDB: failing }, keys);
    expect(cache).toMatchObject({ wipedOnOpen: true, wipeReason: 'unreadable' });
    expect(await cache.resources.get('Patient', 'p1')).toBeUndefined();
    await cache.resources.upsert([patient('p2')]);
    expect(await cache.resources.get('Patient', 'p2')).toBeDefined();
    cache.close();
  });

  it('says so with a typed error when the database cannot be opened even after wiping', async () => {
    const env = freshEnv();
    const failing = Object.create(env.indexedDB) as IDBFactory;
    failing.open = () => {
      throw new DOMException('Internal error opening backing store.', 'UnknownError');
    };
    failing.deleteDatabase = env.indexedDB.deleteDatabase.bind(env.indexedDB);
    await expect(open({ ...env, indexedDB: failing }, await makeKeys())).rejects.toMatchObject({
      name: 'CacheOpenError',
    });
  });

  it('opens an in-memory cache under a name of its own, joined by the worker, deleted on close', async () => {
    const env = freshEnv();
    const keys = await makeKeys();
    const page = await open(env, keys, { persistent: false });
    expect(page.databaseName.startsWith(`${cacheDbName(USER)}-mem-`)).toBe(true);
    const worker = await open(env, keys, { persistent: false, databaseName: page.databaseName });
    expect(worker.wipedOnOpen).toBe(false);
    await worker.resources.upsert([patient('p1')]);
    expect(await page.resources.get('Patient', 'p1')).toBeDefined();
    worker.close();
    // The worker's close leaves the page's database.
    expect(await databaseNames(env)).toContain(page.databaseName);
    page.close();
    await vi.waitFor(async () => {
      expect(await databaseNames(env)).not.toContain(page.databaseName);
    });
    // A second run gets another database: nothing from the first.
    const next = await open(env, keys, { persistent: false });
    expect(next.databaseName).not.toBe(page.databaseName);
    expect(await next.resources.get('Patient', 'p1')).toBeUndefined();
    await next.destroy();
    expect(await databaseNames(env)).not.toContain(next.databaseName);
    await expect(
      open(env, keys, { persistent: false, databaseName: 'someone-else' }),
    ).rejects.toBeInstanceOf(RangeError);
  });

  it('deletes an in-memory cache on pagehide', async () => {
    const env = freshEnv();
    const target = new EventTarget();
    vi.stubGlobal('addEventListener', target.addEventListener.bind(target));
    vi.stubGlobal('removeEventListener', target.removeEventListener.bind(target));
    try {
      const cache = await open(env, await makeKeys(), { persistent: false });
      expect(await databaseNames(env)).toContain(cache.databaseName);
      target.dispatchEvent(new Event('pagehide'));
      await vi.waitFor(async () => {
        expect(await databaseNames(env)).not.toContain(cache.databaseName);
      });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('rejects a user key that is not an opaque hash', async () => {
    await expect(
      open(freshEnv(), await makeKeys(), { userKey: 'Søren Ærø 150459-1234' }),
    ).rejects.toBeInstanceOf(RangeError);
  });
});

describe('schema v1 → v2', () => {
  it('upgrades rows written by the first release and finds them by patient and episode', async () => {
    const env = freshEnv();
    const keys = await makeKeys('k1', 9);
    const codec = aesCodec(keys);
    const v1 = new Dexie(cacheDbName(USER), env);
    declareSchemaV1(v1);
    await v1.open();
    const blind = (d: string, v: string) => codec.blind(d, v);
    const rows: ResourceRowV1[] = [];
    const resources: CachedResource[] = [
      patient('p1'),
      episode('e1', 'p1'),
      task('t1', 'p1', 'e1'),
      task('t2', 'p1', 'e1'),
    ];
    for (const resource of resources) {
      const key = await blind('resource', `${resource.resourceType}/${resource.id}`);
      const sealed = await codec.seal('resources', key, resource);
      const isPatient = resource.resourceType === 'Patient';
      rows.push({
        key,
        type: resource.resourceType as ResourceRowV1['type'],
        patient: await blind('patient', 'p1'),
        episodes: isPatient ? [] : [await blind('episode', 'e1')],
        versionId: '1',
        iv: sealed.iv,
        data: sealed.data,
      });
    }
    await v1.table('resources').bulkPut(rows);
    await v1.table('meta').put(await sealKeyCheck(codec));
    v1.close();

    const cache = await open(env, keys);
    expect(cache.wipedOnOpen).toBe(false);
    const ids = (list: readonly CachedResource[]) => list.map((r) => r.id).sort();
    expect(ids(await cache.resources.byPatient('Task', 'p1'))).toEqual(['t1', 't2']);
    expect(ids(await cache.resources.byEpisode('Task', ['e1']))).toEqual(['t1', 't2']);
    // v1's untyped episode index gave every type; v2's typed links give one.
    expect(ids(await cache.resources.byEpisode('EpisodeOfCare', ['e1']))).toEqual(['e1']);
    expect(await cache.resources.get('Patient', 'p1')).toEqual(patient('p1'));
    expect(await cache.resources.versions('Task', ['t1'])).toEqual(new Map([['t1', '1']]));
    cache.close();
    const raw = new CacheDb(cacheDbName(USER), env);
    await raw.open();
    expect(raw.verno).toBe(3);
    const upgraded = await raw.resources.toArray();
    for (const row of upgraded) {
      expect(row).not.toHaveProperty('patient');
      expect(row).not.toHaveProperty('episodes');
      expect(row.links.every((link) => link.startsWith(`${row.type}:`))).toBe(true);
    }
    raw.close();
  });

  it('v2 → v3 builds the Observation locator from the buckets written by v2', async () => {
    const env = freshEnv();
    const keys = await makeKeys('k1', 5);
    const codec = aesCodec(keys);
    const v2 = new Dexie(cacheDbName(USER), env);
    declareSchemaV2(v2);
    await v2.open();
    const obs = [
      observation('o1', 'p1', 'e1', '2026-11-16T08:00:00Z', '3'),
      observation('o2', 'p1', 'e1', '2026-11-17T08:00:00Z', '1'),
    ];
    const members = await Promise.all(
      obs.map((o) => codec.blind('resource', `Observation/${o.id}`)),
    );
    const episodeKey = `e:${await codec.blind('episode', 'e1')}`;
    const week = Date.parse('2026-11-16T00:00:00Z');
    const key = `${episodeKey}:${week}`;
    const sealed = await codec.seal('buckets', key, obs);
    const bucket: BucketRow = {
      key,
      episode: episodeKey,
      week,
      patient: await codec.blind('patient', 'p1'),
      rev: 4,
      members,
      versions: { [members[0]!]: '3', [members[1]!]: '1' },
      iv: sealed.iv,
      data: sealed.data,
    };
    await v2.table('buckets').put(bucket);
    await v2.table('meta').put(await sealKeyCheck(codec));
    v2.close();

    const cache = await open(env, keys);
    expect(cache.wipedOnOpen).toBe(false);
    expect(await cache.resources.versions('Observation', ['o1', 'o2', 'o3'])).toEqual(
      new Map([
        ['o1', '3'],
        ['o2', '1'],
      ]),
    );
    expect(await cache.resources.get('Observation', 'o2')).toEqual(obs[1]);
    // Re-reads are recognised, and a new version goes into the same bucket.
    expect(await cache.resources.upsert(obs)).toMatchObject({ written: 0, unchanged: 2 });
    const o2v2 = observation('o2', 'p1', 'e1', '2026-11-17T08:00:00Z', '2', 77);
    expect(await cache.resources.upsert([o2v2])).toMatchObject({ written: 1 });
    expect(await cache.resources.observations(['e1'], week, week + 7 * 86_400_000)).toEqual([
      obs[0],
      o2v2,
    ]);
    expect((await cache.resources.stats()).resources).toBe(2);
    cache.close();
  });

  it('the plaintext codec opens and writes the same shapes (the benchmark baseline)', async () => {
    const env = freshEnv();
    const cache = await open(env, await makeKeys(), { codec: plaintextCodec() });
    await cache.resources.upsert([
      patient('p1'),
      observation('o1', 'p1', 'e1', '2026-11-01T08:00:00Z'),
    ]);
    expect(await cache.resources.byPatient('Observation', 'p1')).toHaveLength(1);
    cache.close();
    // Opening it with real keys afterwards wipes it: another key id.
    const sealed = await open(env, await makeKeys());
    expect(sealed.wipeReason).toBe('other-key');
    sealed.close();
  });
});
