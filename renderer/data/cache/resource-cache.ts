import { Dexie } from 'dexie';
import { CacheIntegrityError } from './cache-crypto.ts';
import { commitPlan, planChanges, withBucketRetry } from './cache-engine.ts';
import { DOMAIN, type CacheContext, type Keyed, type KeyedRef } from './cache-context.ts';
import {
  assertCacheable,
  assertCachedType,
  bucketAddressOf,
  episodeBucketPrefix,
  resourceKey,
  syncStateType,
} from './cache-keys.ts';
import { planIsEmpty } from './write-plan.ts';
import { openBucketDigests, openBucketRows, openResourceRows } from './cache-reads.ts';
import { episodeLink, patientLink, type BucketRow, type ResourceRow } from './cache-db.ts';
import { BucketChangedError, CacheInputError, writeTransaction } from './cache-errors.ts';
import type {
  CachedResource,
  CachedType,
  CacheStats,
  ResourceCache,
  UpsertResult,
} from './contracts.ts';
import { clinicalTimeOf, isoWeekStart, patientIdsOf } from './resource-links.ts';
import type { MeasuredObservation } from '../model/measurements.ts';

/**
 * The ResourceCache of contracts.ts over CacheDb (docs/adr/0003): one
 * sealed row per resource, Observations in episode × ISO-week buckets.
 * `upsert` blinds and seals everything first (in parallel), then writes the
 * whole call in one transaction; resources with unsent outbox entries are
 * left as the user changed them (counted in `held`) until the outbox
 * completes or discards the entry.
 */

export interface CacheUpsertResult extends UpsertResult {
  /** Resources with unsent outbox entries: the local change is kept, the given version not written. */
  readonly held: number;
}

export interface WipeHook {
  /** Runs inside wipe's transaction after clearing, e.g. to write the key check back. */
  (): Promise<void>;
}

function uniqueByRef(resources: readonly CachedResource[]): CachedResource[] {
  const byRef = new Map<string, CachedResource>();
  for (const resource of resources) byRef.set(`${resource.resourceType}/${resource.id}`, resource);
  return [...byRef.values()];
}

/** Oldest first (stable), undated first: by clinicalTimeOf, or a time already worked out. */
function byTime<T>(items: T[], timeOf: (item: T) => number | null): T[] {
  const time = new Map(items.map((item) => [item, timeOf(item) ?? Number.NEGATIVE_INFINITY]));
  return items.sort((a, b) => (time.get(a) ?? 0) - (time.get(b) ?? 0));
}

function sortByClinicalTime(resources: CachedResource[]): CachedResource[] {
  return byTime(resources, clinicalTimeOf);
}

export class DexieResourceCache implements ResourceCache {
  readonly #ctx: CacheContext;
  readonly #afterWipe: WipeHook | undefined;

  constructor(ctx: CacheContext, afterWipe?: WipeHook) {
    this.#ctx = ctx;
    this.#afterWipe = afterWipe;
  }

  async get<T extends CachedResource>(type: CachedType, id: string): Promise<T | undefined> {
    assertCachedType(type);
    const ctx = this.#ctx;
    const key = await resourceKey(ctx, type, id);
    if (type === 'Observation') {
      const where = await ctx.db.locator.get(key);
      const row = where ? await ctx.db.buckets.get(where.bucket) : undefined;
      if (!row) return undefined;
      const members = await openBucketRows(ctx, [row]);
      return members.find((m) => m.key === key)?.resource as T | undefined;
    }
    const row = await ctx.db.resources.get(key);
    if (!row || row.type !== type) return undefined;
    const [resource] = await openResourceRows<T>(ctx, [row]);
    return resource;
  }

  async byPatient<T extends CachedResource>(type: CachedType, patientId: string): Promise<T[]> {
    assertCachedType(type);
    const ctx = this.#ctx;
    const blind = await ctx.codec.blind(DOMAIN.patient, patientId);
    if (type === 'Observation') {
      const rows = await ctx.db.buckets.where('patient').equals(blind).toArray();
      const members = await openBucketRows(ctx, rows);
      return sortByClinicalTime(
        members.map((m) => m.resource).filter((r) => patientIdsOf(r).includes(patientId)),
      ) as T[];
    }
    const rows = await ctx.db.resources.where('links').equals(patientLink(type, blind)).toArray();
    return openResourceRows<T>(ctx, rows);
  }

  async byEpisode<T extends CachedResource>(
    type: CachedType,
    episodeIds: readonly string[],
  ): Promise<T[]> {
    assertCachedType(type);
    if (episodeIds.length === 0) return [];
    if (type === 'Observation')
      return (await this.#observationsIn(
        episodeIds,
        Number.NEGATIVE_INFINITY,
        Number.POSITIVE_INFINITY,
      )) as T[];
    const ctx = this.#ctx;
    const blinds = await Promise.all(
      [...new Set(episodeIds)].map((id) => ctx.codec.blind(DOMAIN.episode, id)),
    );
    const rows = await ctx.db.resources
      .where('links')
      .anyOf(blinds.map((b) => episodeLink(type, b)))
      .distinct()
      .toArray();
    return openResourceRows<T>(ctx, rows);
  }

  observations(
    episodeIds: readonly string[],
    fromMs: number,
    toMs: number,
  ): Promise<CachedResource[]> {
    if (Number.isNaN(fromMs) || Number.isNaN(toMs))
      return Promise.reject(new CacheInputError('The observation period needs two times.'));
    return this.#observationsIn(episodeIds, fromMs, toMs);
  }

  async #observationsIn(
    episodeIds: readonly string[],
    fromMs: number,
    toMs: number,
  ): Promise<CachedResource[]> {
    const rows = await this.#bucketsIn(episodeIds, fromMs, toMs);
    if (rows.length === 0) return [];
    const resources = (await openBucketRows(this.#ctx, rows)).map((m) => m.resource);
    if (fromMs === Number.NEGATIVE_INFINITY && toMs === Number.POSITIVE_INFINITY)
      return sortByClinicalTime(resources);
    return sortByClinicalTime(
      resources.filter((r) => {
        const time = clinicalTimeOf(r);
        return time !== null && time >= fromMs && time < toMs;
      }),
    );
  }

  async measurements(
    episodeIds: readonly string[],
    fromMs: number,
    toMs: number,
  ): Promise<MeasuredObservation[]> {
    if (Number.isNaN(fromMs) || Number.isNaN(toMs))
      throw new CacheInputError('The observation period needs two times.');
    const rows = await this.#bucketsIn(episodeIds, fromMs, toMs);
    if (rows.length === 0) return [];
    const everything = fromMs === Number.NEGATIVE_INFINITY && toMs === Number.POSITIVE_INFINITY;
    const found = (await openBucketDigests(this.#ctx, rows))
      .flat()
      .filter(({ time }) => everything || (time !== null && time >= fromMs && time < toMs));
    return byTime(found, (item) => item.time).map(({ observation }) => observation);
  }

  /** The bucket rows of the episodes whose weeks meet [fromMs, toMs), in episode and week order. */
  async #bucketsIn(
    episodeIds: readonly string[],
    fromMs: number,
    toMs: number,
  ): Promise<BucketRow[]> {
    if (episodeIds.length === 0 || !(fromMs < toMs)) return [];
    const ctx = this.#ctx;
    const everything = fromMs === Number.NEGATIVE_INFINITY && toMs === Number.POSITIVE_INFINITY;
    const prefixes = await Promise.all(
      [...new Set(episodeIds)].map((id) => episodeBucketPrefix(ctx, id)),
    );
    const lower = everything ? Dexie.minKey : isoWeekStart(Math.max(fromMs, -8.64e15));
    const upper = everything ? Dexie.maxKey : Math.min(toMs, 8.64e15);
    const rowLists = await Promise.all(
      prefixes.map((episode) =>
        ctx.db.buckets
          .where('[episode+week]')
          .between([episode, lower], [episode, upper], true, everything)
          .toArray(),
      ),
    );
    return rowLists.flat();
  }

  async all<T extends CachedResource>(type: CachedType): Promise<T[]> {
    assertCachedType(type);
    const ctx = this.#ctx;
    if (type === 'Observation') {
      const rows = await ctx.db.buckets.toArray();
      return sortByClinicalTime((await openBucketRows(ctx, rows)).map((m) => m.resource)) as T[];
    }
    const rows = await ctx.db.resources.where('type').equals(type).toArray();
    return openResourceRows<T>(ctx, rows);
  }

  /**
   * With `ids`: no decryption (blind keys and plain versionIds). Without:
   * every resource of the type is opened, since ids are only in sealed data.
   */
  async versions(type: CachedType, ids?: readonly string[]): Promise<Map<string, string>> {
    assertCachedType(type);
    const ctx = this.#ctx;
    const result = new Map<string, string>();
    if (!ids) {
      for (const resource of await this.all(type))
        result.set(resource.id, resource.meta?.versionId ?? '');
      return result;
    }
    const unique = [...new Set(ids)];
    const keys = await Promise.all(unique.map((id) => resourceKey(ctx, type, id)));
    if (type === 'Observation') {
      const locators = await ctx.db.locator.bulkGet(keys);
      unique.forEach((id, i) => {
        const where = locators[i];
        if (where) result.set(id, where.versionId);
      });
      return result;
    }
    const rows = await ctx.db.resources.bulkGet(keys);
    unique.forEach((id, i) => {
      const row = rows[i];
      if (row?.type === type) result.set(id, row.versionId);
    });
    return result;
  }

  async upsert(resources: readonly CachedResource[]): Promise<CacheUpsertResult> {
    for (const resource of resources) assertCacheable(resource);
    const unique = uniqueByRef(resources);
    if (unique.length === 0) return { written: 0, unchanged: 0, held: 0 };
    const ctx = this.#ctx;
    const keyed: Keyed[] = await Promise.all(
      unique.map(async (resource) => ({
        resource,
        key: await resourceKey(ctx, resource.resourceType, resource.id),
      })),
    );
    const keys = keyed.map((k) => k.key);
    const duplicates = resources.length - unique.length;
    return withBucketRetry(async () => {
      const held = await heldKeys(ctx, keys);
      const plan = await planChanges(ctx, keyed, [], { hold: held });
      if (!planIsEmpty(plan)) {
        await commitPlan(ctx, plan, [ctx.db.outbox], async () => {
          // An outbox entry written since the read would be overwritten: read again.
          const now = await heldKeys(ctx, keys);
          if ([...now].some((key) => !held.has(key))) throw new HeldChangedError();
        });
      }
      return {
        written: plan.written,
        unchanged: plan.unchanged - held.size + duplicates,
        held: held.size,
      };
    });
  }

  async remove(type: CachedType, ids: readonly string[]): Promise<number> {
    assertCachedType(type);
    if (ids.length === 0) return 0;
    const ctx = this.#ctx;
    const refs: KeyedRef[] = await Promise.all(
      [...new Set(ids)].map(async (id) => ({ type, key: await resourceKey(ctx, type, id) })),
    );
    const keys = refs.map((r) => r.key);
    return withBucketRetry(async () => {
      const held = await heldKeys(ctx, keys);
      const plan = await planChanges(ctx, [], refs, { hold: held });
      if (!planIsEmpty(plan))
        await commitPlan(ctx, plan, [ctx.db.outbox], async () => {
          const now = await heldKeys(ctx, keys);
          if ([...now].some((key) => !held.has(key))) throw new HeldChangedError();
        });
      return plan.removed;
    });
  }

  async getSyncState(key: string): Promise<string | undefined> {
    const ctx = this.#ctx;
    const blind = await ctx.codec.blind(DOMAIN.syncState, key);
    const row = await ctx.db.syncState.get(blind);
    if (!row) return undefined;
    try {
      const value = await ctx.codec.open('syncState', blind, row);
      if (typeof value === 'string') return value;
      throw new CacheIntegrityError('syncState', blind);
    } catch (error) {
      if (!(error instanceof CacheIntegrityError)) throw error;
      await ctx.db.syncState.delete(blind).catch(() => undefined);
      ctx.reportCorrupt({ table: 'syncState', type: null, dropped: 1 });
      return undefined;
    }
  }

  async setSyncState(key: string, value: string): Promise<void> {
    if (typeof value !== 'string') throw new CacheInputError('Sync state values are strings.');
    const ctx = this.#ctx;
    const blind = await ctx.codec.blind(DOMAIN.syncState, key);
    const sealed = await ctx.codec.seal('syncState', blind, value);
    const type = syncStateType(key);
    await writeTransaction(ctx.db, ctx.db.syncState, () =>
      ctx.db.syncState.put({
        key: blind,
        ...(type ? { type } : {}),
        iv: sealed.iv,
        data: sealed.data,
      }),
    );
  }

  /** Removes one sync state (e.g. a checkpoint to start over). */
  async deleteSyncState(key: string): Promise<void> {
    const ctx = this.#ctx;
    await ctx.db.syncState.delete(await ctx.codec.blind(DOMAIN.syncState, key));
  }

  /** Counts exactly; bytes from samples of the rows (approximate). */
  async stats(): Promise<CacheStats> {
    const { db } = this.#ctx;
    return db.transaction('r', [db.resources, db.buckets, db.locator], async () => {
      const [rows, buckets, observations, rowSample, bucketSample] = await Promise.all([
        db.resources.count(),
        db.buckets.count(),
        db.locator.count(),
        db.resources.limit(256).toArray(),
        db.buckets.limit(256).toArray(),
      ]);
      const average = (sample: readonly (ResourceRow | BucketRow)[]) =>
        sample.length > 0 ? sample.reduce((sum, row) => sum + rowBytes(row), 0) / sample.length : 0;
      return {
        resources: rows + observations,
        bytes: Math.round(average(rowSample) * rows + average(bucketSample) * buckets),
      };
    });
  }

  async wipe(): Promise<void> {
    const { db } = this.#ctx;
    const afterWipe = this.#afterWipe;
    await writeTransaction(db, db.allTables, async () => {
      await Promise.all(db.allTables.map((table) => table.clear()));
      if (afterWipe) await afterWipe();
    });
  }

  /** Where an Observation would be stored (for tests and diagnostics). */
  bucketKeyOf(observation: CachedResource): Promise<string> {
    return bucketAddressOf(this.#ctx, observation).then((a) => a.key);
  }
}

function rowBytes(row: ResourceRow | BucketRow): number {
  const digest =
    'digest' in row && row.digest ? row.digest.data.byteLength + row.digest.iv.byteLength : 0;
  return row.data.byteLength + row.iv.byteLength + digest + row.key.length + 64;
}

/** Thrown in a write transaction when an outbox entry appeared for a resource being written: retried. */
class HeldChangedError extends BucketChangedError {}

/** Blind keys (of `keys`) with unsent outbox entries. */
export async function heldKeys(ctx: CacheContext, keys: readonly string[]): Promise<Set<string>> {
  // The outbox is small: its index keys, intersected here (an `anyOf` of a
  // sync batch's keys would walk the index once per key).
  const pending = new Set((await ctx.db.outbox.orderBy('resourceKey').keys()) as string[]);
  if (pending.size === 0) return pending;
  return new Set(keys.filter((key) => pending.has(key)));
}
