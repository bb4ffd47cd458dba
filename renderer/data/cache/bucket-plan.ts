import type { BucketRow, LocatorRow } from './cache-db.ts';
import type { CacheContext, Keyed, KeyedRef } from './cache-context.ts';
import { openBucket, resetSyncStateOf } from './cache-reads.ts';
import { DIGEST_UNITS, digestOf } from './bucket-digest.ts';
import { bucketAddressOf, versionOf, type BucketAddress } from './cache-keys.ts';
import type { CachedResource } from './contracts.ts';
import type { WritePlan } from './write-plan.ts';

/**
 * The Observation half of a write plan: which week buckets a change touches,
 * each opened, changed in memory and sealed again whole, with its digest
 * (docs/adr/0003, "Each bucket carries a digest"), and the locator rows that
 * say which bucket holds each Observation. The revision of every bucket read
 * is kept so the commit can tell when one changed meanwhile.
 */

export async function planObservations(
  ctx: CacheContext,
  puts: readonly Keyed[],
  removes: readonly KeyedRef[],
  force: boolean,
): Promise<ObservationPlan> {
  const empty: ObservationPlan = {
    bucketPuts: [],
    bucketDeletes: [],
    bucketRevs: new Map<string, number | null>(),
    locatorPuts: [],
    locatorDeletes: [],
    written: 0,
    unchanged: 0,
    removed: 0,
  };
  if (puts.length === 0 && removes.length === 0) return empty;

  const memberKeys = [...new Set([...puts.map((p) => p.key), ...removes.map((r) => r.key)])];
  const [addresses, locators] = await Promise.all([
    Promise.all(puts.map((put) => bucketAddressOf(ctx, put.resource))),
    ctx.db.locator.bulkGet(memberKeys),
  ]);
  const located = new Map<string, LocatorRow>();
  locators.forEach((row) => {
    if (row) located.set(row.key, row);
  });

  // Which puts change anything (decided from the locator, no bucket read).
  const changed: { put: Keyed; address: BucketAddress }[] = [];
  let unchanged = 0;
  puts.forEach((put, i) => {
    const address = addresses[i] as BucketAddress;
    const where = located.get(put.key);
    const same =
      !force && where?.bucket === address.key && where.versionId === versionOf(put.resource);
    if (same) unchanged += 1;
    else changed.push({ put, address });
  });
  const removing = removes.filter((r) => located.has(r.key));
  if (changed.length === 0 && removing.length === 0) return { ...empty, unchanged };

  const affected = new Set<string>();
  for (const { put, address } of changed) {
    affected.add(address.key);
    const from = located.get(put.key)?.bucket;
    if (from) affected.add(from);
  }
  for (const r of removing) affected.add((located.get(r.key) as LocatorRow).bucket);
  const affectedKeys = [...affected];
  const rows = await ctx.db.buckets.bulkGet(affectedKeys);
  const read = new Map<string, BucketRow>();
  const bucketRevs = new Map<string, number | null>();
  affectedKeys.forEach((key, i) => {
    const row = rows[i];
    if (row) read.set(key, row);
    bucketRevs.set(key, row?.rev ?? null);
  });

  // Open every affected bucket that exists (in parallel), then change them in memory.
  const contents = new Map<string, Map<string, CachedResource>>();
  const meta = new Map<string, BucketAddress>();
  const lost: string[] = [];
  await Promise.all(
    affectedKeys.map(async (key) => {
      const row = read.get(key);
      const members = new Map<string, CachedResource>();
      if (row) {
        const opened = await openBucket(ctx, row);
        if (opened) opened.forEach((resource, i) => members.set(row.members[i] ?? '', resource));
        else lost.push(...row.members);
        meta.set(key, { key, episode: row.episode, week: row.week, patient: row.patient });
      }
      contents.set(key, members);
    }),
  );
  if (lost.length > 0) {
    ctx.reportCorrupt({ table: 'buckets', type: 'Observation', dropped: lost.length });
    await resetSyncStateOf(ctx, ['Observation']).catch(() => undefined);
  }
  const locatorPuts: LocatorRow[] = [];
  const written = new Set<string>();
  for (const { put, address } of changed) {
    const from = located.get(put.key)?.bucket;
    if (from) contents.get(from)?.delete(put.key);
    contents.get(address.key)?.set(put.key, put.resource);
    if (!meta.has(address.key) || meta.get(address.key)?.patient === '')
      meta.set(address.key, address);
    locatorPuts.push({ key: put.key, bucket: address.key, versionId: versionOf(put.resource) });
    written.add(put.key);
  }
  const locatorDeletes = new Set<string>();
  let removed = 0;
  for (const r of removing) {
    contents.get((located.get(r.key) as LocatorRow).bucket)?.delete(r.key);
    locatorDeletes.add(r.key);
    removed += 1;
  }
  // Members of a bucket that did not open are gone: so are their locators.
  for (const member of lost) if (!written.has(member)) locatorDeletes.add(member);

  const bucketDeletes: string[] = [];
  const toSeal: { key: string; members: Map<string, CachedResource> }[] = [];
  for (const [key, members] of contents) {
    if (members.size === 0) {
      if (read.has(key)) bucketDeletes.push(key);
    } else toSeal.push({ key, members });
  }
  const bucketPuts = await Promise.all(
    toSeal.map(async ({ key, members }) => {
      const address = meta.get(key) as BucketAddress;
      const values = [...members.values()];
      const [sealed, digest] = await Promise.all([
        ctx.codec.seal('buckets', key, values),
        ctx.codec.seal(DIGEST_UNITS, key, digestOf(values)),
      ]);
      const versions: Record<string, string> = {};
      for (const [member, resource] of members) versions[member] = versionOf(resource);
      const row: BucketRow = {
        key,
        episode: address.episode,
        week: address.week,
        patient: address.patient,
        rev: (read.get(key)?.rev ?? 0) + 1,
        members: [...members.keys()],
        versions,
        iv: sealed.iv,
        data: sealed.data,
        digest: { iv: digest.iv, data: digest.data },
      };
      return row;
    }),
  );
  return {
    bucketPuts,
    bucketDeletes,
    bucketRevs,
    locatorPuts,
    locatorDeletes: [...locatorDeletes],
    written: changed.length,
    unchanged,
    removed,
  };
}

type ObservationPlan = Pick<
  WritePlan,
  | 'bucketPuts'
  | 'bucketDeletes'
  | 'bucketRevs'
  | 'locatorPuts'
  | 'locatorDeletes'
  | 'written'
  | 'unchanged'
  | 'removed'
>;
