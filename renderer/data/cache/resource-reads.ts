import { Dexie } from 'dexie';
import { episodeLink, patientLink, type BucketRow } from './cache-db.ts';
import { DOMAIN, type CacheContext } from './cache-context.ts';
import { assertCachedType, episodeBucketPrefix, resourceKey } from './cache-keys.ts';
import { openBucketDigests, openBucketRows, openResourceRows } from './cache-reads.ts';
import { CacheInputError } from './cache-errors.ts';
import type { CachedResource, CachedType } from './contracts.ts';
import { clinicalTimeOf, isoWeekStart, patientIdsOf } from './resource-links.ts';
import type { MeasuredObservation } from '../model/measurements.ts';

/**
 * The ResourceCache's queries (resource-cache.ts): found by blind key or
 * blind index, then opened. Observations are read from their week buckets,
 * narrowed to a period by the buckets' plain week, and returned oldest first;
 * `measurements` opens only the buckets' digests (docs/adr/0003).
 */

/** Oldest first (stable), undated first: by clinicalTimeOf, or a time already worked out. */
function byTime<T>(items: T[], timeOf: (item: T) => number | null): T[] {
  const time = new Map(items.map((item) => [item, timeOf(item) ?? Number.NEGATIVE_INFINITY]));
  return items.sort((a, b) => (time.get(a) ?? 0) - (time.get(b) ?? 0));
}

function sortByClinicalTime(resources: CachedResource[]): CachedResource[] {
  return byTime(resources, clinicalTimeOf);
}

export async function getResource<T extends CachedResource>(
  ctx: CacheContext,
  type: CachedType,
  id: string,
): Promise<T | undefined> {
  assertCachedType(type);
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

export async function byPatient<T extends CachedResource>(
  ctx: CacheContext,
  type: CachedType,
  patientId: string,
): Promise<T[]> {
  assertCachedType(type);
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

export async function byEpisode<T extends CachedResource>(
  ctx: CacheContext,
  type: CachedType,
  episodeIds: readonly string[],
): Promise<T[]> {
  assertCachedType(type);
  if (episodeIds.length === 0) return [];
  if (type === 'Observation')
    return (await observationsIn(
      ctx,
      episodeIds,
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    )) as T[];
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

export function observations(
  ctx: CacheContext,
  episodeIds: readonly string[],
  fromMs: number,
  toMs: number,
): Promise<CachedResource[]> {
  if (Number.isNaN(fromMs) || Number.isNaN(toMs))
    return Promise.reject(new CacheInputError('The observation period needs two times.'));
  return observationsIn(ctx, episodeIds, fromMs, toMs);
}

async function observationsIn(
  ctx: CacheContext,
  episodeIds: readonly string[],
  fromMs: number,
  toMs: number,
): Promise<CachedResource[]> {
  const rows = await bucketsIn(ctx, episodeIds, fromMs, toMs);
  if (rows.length === 0) return [];
  const resources = (await openBucketRows(ctx, rows)).map((m) => m.resource);
  if (fromMs === Number.NEGATIVE_INFINITY && toMs === Number.POSITIVE_INFINITY)
    return sortByClinicalTime(resources);
  return sortByClinicalTime(
    resources.filter((r) => {
      const time = clinicalTimeOf(r);
      return time !== null && time >= fromMs && time < toMs;
    }),
  );
}

export async function measurements(
  ctx: CacheContext,
  episodeIds: readonly string[],
  fromMs: number,
  toMs: number,
): Promise<MeasuredObservation[]> {
  if (Number.isNaN(fromMs) || Number.isNaN(toMs))
    throw new CacheInputError('The observation period needs two times.');
  const rows = await bucketsIn(ctx, episodeIds, fromMs, toMs);
  if (rows.length === 0) return [];
  const everything = fromMs === Number.NEGATIVE_INFINITY && toMs === Number.POSITIVE_INFINITY;
  const found = (await openBucketDigests(ctx, rows))
    .flat()
    .filter(({ time }) => everything || (time !== null && time >= fromMs && time < toMs));
  return byTime(found, (item) => item.time).map(({ observation }) => observation);
}

/** The bucket rows of the episodes whose weeks meet [fromMs, toMs), in episode and week order. */
async function bucketsIn(
  ctx: CacheContext,
  episodeIds: readonly string[],
  fromMs: number,
  toMs: number,
): Promise<BucketRow[]> {
  if (episodeIds.length === 0 || !(fromMs < toMs)) return [];
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

export async function all<T extends CachedResource>(
  ctx: CacheContext,
  type: CachedType,
): Promise<T[]> {
  assertCachedType(type);
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
export async function versions(
  ctx: CacheContext,
  type: CachedType,
  ids?: readonly string[],
): Promise<Map<string, string>> {
  assertCachedType(type);
  const result = new Map<string, string>();
  if (!ids) {
    for (const resource of await all(ctx, type))
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
