import { bucketAddressOf } from './cache-keys.ts';
import type { CacheContext } from './cache-context.ts';
import type { BucketRow, ResourceRow } from './cache-db.ts';
import { writeTransaction } from './cache-errors.ts';
import type { CachedResource, CachedType, CacheStats, ResourceCache } from './contracts.ts';
import {
  all,
  byEpisode,
  byPatient,
  getResource,
  measurements,
  observations,
  versions,
} from './resource-reads.ts';
import { removeResources, upsertResources, type CacheUpsertResult } from './resource-writes.ts';
import { deleteSyncState, getSyncState, setSyncState } from './sync-state-store.ts';
import type { MeasuredObservation } from '../model/measurements.ts';

/**
 * The ResourceCache of contracts.ts over CacheDb (docs/adr/0003): one
 * sealed row per resource, Observations in episode × ISO-week buckets.
 * Queries are resource-reads.ts, upsert and remove resource-writes.ts, sync
 * state sync-state-store.ts; the size estimate and the wipe are here.
 */

export interface WipeHook {
  /** Runs inside wipe's transaction after clearing, e.g. to write the key check back. */
  (): Promise<void>;
}

export class DexieResourceCache implements ResourceCache {
  readonly #ctx: CacheContext;
  readonly #afterWipe: WipeHook | undefined;

  constructor(ctx: CacheContext, afterWipe?: WipeHook) {
    this.#ctx = ctx;
    this.#afterWipe = afterWipe;
  }

  get<T extends CachedResource>(type: CachedType, id: string): Promise<T | undefined> {
    return getResource<T>(this.#ctx, type, id);
  }

  byPatient<T extends CachedResource>(type: CachedType, patientId: string): Promise<T[]> {
    return byPatient<T>(this.#ctx, type, patientId);
  }

  byEpisode<T extends CachedResource>(
    type: CachedType,
    episodeIds: readonly string[],
  ): Promise<T[]> {
    return byEpisode<T>(this.#ctx, type, episodeIds);
  }

  observations(
    episodeIds: readonly string[],
    fromMs: number,
    toMs: number,
  ): Promise<CachedResource[]> {
    return observations(this.#ctx, episodeIds, fromMs, toMs);
  }

  measurements(
    episodeIds: readonly string[],
    fromMs: number,
    toMs: number,
  ): Promise<MeasuredObservation[]> {
    return measurements(this.#ctx, episodeIds, fromMs, toMs);
  }

  all<T extends CachedResource>(type: CachedType): Promise<T[]> {
    return all<T>(this.#ctx, type);
  }

  /**
   * With `ids`: no decryption (blind keys and plain versionIds). Without:
   * every resource of the type is opened, since ids are only in sealed data.
   */
  versions(type: CachedType, ids?: readonly string[]): Promise<Map<string, string>> {
    return versions(this.#ctx, type, ids);
  }

  upsert(resources: readonly CachedResource[]): Promise<CacheUpsertResult> {
    return upsertResources(this.#ctx, resources);
  }

  remove(type: CachedType, ids: readonly string[]): Promise<number> {
    return removeResources(this.#ctx, type, ids);
  }

  getSyncState(key: string): Promise<string | undefined> {
    return getSyncState(this.#ctx, key);
  }

  setSyncState(key: string, value: string): Promise<void> {
    return setSyncState(this.#ctx, key, value);
  }

  /** Removes one sync state (e.g. a checkpoint to start over). */
  deleteSyncState(key: string): Promise<void> {
    return deleteSyncState(this.#ctx, key);
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
