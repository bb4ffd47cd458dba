import type { Table } from 'dexie';
import {
  DIGEST_UNITS,
  digestOf,
  isReadableDigest,
  measurementsOf,
  type DigestedMeasurement,
} from './bucket-digest.ts';
import { CacheIntegrityError } from './cache-crypto.ts';
import type { BucketRow, ResourceRow } from './cache-db.ts';
import type { CacheContext, Keyed } from './cache-context.ts';
import type { CachedResource, CachedType } from './contracts.ts';

/**
 * Opening sealed rows for reading: resource rows, Observation buckets and
 * their digests. A unit that fails to open (tampered, moved, another key,
 * corrupt) is dropped with its sync checkpoints and reported; the read goes
 * on with the rest.
 */

/** Opens a bucket's members; a bucket that fails to open is reported, dropped from the plan's view and treated as empty. */
export async function openBucket(
  ctx: CacheContext,
  row: BucketRow,
): Promise<CachedResource[] | null> {
  try {
    return await ctx.codec.open<CachedResource[]>('buckets', row.key, row);
  } catch (error) {
    if (error instanceof CacheIntegrityError) return null;
    throw error;
  }
}

/** Deletes the sync states of these types (a checkpoint that would skip dropped resources). */
export async function resetSyncStateOf(ctx: CacheContext, types: readonly string[]): Promise<void> {
  const set = new Set(types);
  await ctx.db.syncState.filter((row) => row.type !== undefined && set.has(row.type)).delete();
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Drops rows that failed to open (only if still the same row), resets the
 * sync checkpoints of their types so sync fetches them again, and reports.
 * Never throws: a read that found corruption still answers with the rest.
 */
async function dropCorrupt(
  ctx: CacheContext,
  table: 'resources' | 'buckets',
  rows: readonly (ResourceRow | BucketRow)[],
): Promise<void> {
  const types = new Set<CachedType>();
  for (const row of rows) types.add('type' in row ? row.type : 'Observation');
  try {
    const store: Table<ResourceRow | BucketRow, string> =
      table === 'resources' ? ctx.db.resources : ctx.db.buckets;
    await ctx.db.transaction('rw', [store, ctx.db.locator, ctx.db.syncState], async () => {
      const current = await store.bulkGet(rows.map((r) => r.key));
      const gone = rows.filter((row, i) => {
        const now = current[i];
        return now !== undefined && sameBytes(now.iv, row.iv) && sameBytes(now.data, row.data);
      });
      await store.bulkDelete(gone.map((r) => r.key));
      // The members of a dropped bucket: their locators, where they still point at it.
      const members = gone.flatMap((row) =>
        'members' in row ? row.members.map((member) => [member, row.key] as const) : [],
      );
      if (members.length > 0) {
        const locators = await ctx.db.locator.bulkGet(members.map(([member]) => member));
        await ctx.db.locator.bulkDelete(
          members.filter(([, bucket], i) => locators[i]?.bucket === bucket).map(([m]) => m),
        );
      }
      await resetSyncStateOf(ctx, [...types]);
    });
  } catch {
    // Reading goes on without them; the next read finds them again.
  }
  for (const type of types)
    ctx.reportCorrupt({
      table,
      type,
      dropped: rows
        .filter((row) => ('type' in row ? row.type : 'Observation') === type)
        .reduce((sum, row) => sum + ('members' in row ? row.members.length : 1), 0),
    });
}

/** Opens resource rows; rows that fail to open are dropped and reported, the rest returned. */
export async function openResourceRows<T extends CachedResource>(
  ctx: CacheContext,
  rows: readonly ResourceRow[],
): Promise<T[]> {
  const settled = await Promise.allSettled(
    rows.map((row) => ctx.codec.open<T>('resources', row.key, row)),
  );
  const out: T[] = [];
  const bad: ResourceRow[] = [];
  settled.forEach((result, i) => {
    if (result.status === 'fulfilled') out.push(result.value);
    else if (result.reason instanceof CacheIntegrityError) bad.push(rows[i] as ResourceRow);
    else throw result.reason;
  });
  if (bad.length > 0) await dropCorrupt(ctx, 'resources', bad);
  return out;
}

/** Opens buckets into their members (with blind keys); failing buckets are dropped and reported. */
export async function openBucketRows(
  ctx: CacheContext,
  rows: readonly BucketRow[],
): Promise<Keyed[]> {
  const settled = await Promise.allSettled(
    rows.map((row) => ctx.codec.open<CachedResource[]>('buckets', row.key, row)),
  );
  const out: Keyed[] = [];
  const bad: BucketRow[] = [];
  settled.forEach((result, i) => {
    const row = rows[i] as BucketRow;
    if (result.status === 'fulfilled')
      result.value.forEach((resource, j) => out.push({ resource, key: row.members[j] ?? '' }));
    else if (result.reason instanceof CacheIntegrityError) bad.push(row);
    else throw result.reason;
  });
  if (bad.length > 0) await dropCorrupt(ctx, 'buckets', bad);
  return out;
}

/**
 * Each bucket's measurements, from its digest, in row and member order. A
 * bucket without a readable digest (written before digests, or a digest that
 * fails to open) is read from its full members instead; a bucket whose
 * members fail to open too is dropped and reported as openBucketRows does.
 */
export async function openBucketDigests(
  ctx: CacheContext,
  rows: readonly BucketRow[],
): Promise<DigestedMeasurement[][]> {
  return Promise.all(
    rows.map(async (row) => {
      if (row.digest) {
        try {
          const digest = await ctx.codec.open(DIGEST_UNITS, row.key, row.digest);
          if (isReadableDigest(digest)) return measurementsOf(digest);
        } catch (error) {
          if (!(error instanceof CacheIntegrityError)) throw error;
        }
      }
      const members = await openBucketRows(ctx, [row]);
      return measurementsOf(digestOf(members.map((member) => member.resource)));
    }),
  );
}
