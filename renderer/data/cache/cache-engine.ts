import type { Table } from 'dexie';
import { episodeLink, patientLink, type ResourceRow } from './cache-db.ts';
import { DOMAIN, type CacheContext, type Keyed, type KeyedRef } from './cache-context.ts';
import { BucketChangedError, CacheConflictError, writeTransaction } from './cache-errors.ts';
import { planObservations } from './bucket-plan.ts';
import { versionOf } from './cache-keys.ts';
import type { CachedResource, CachedType } from './contracts.ts';
import { episodeIdsOf, patientIdsOf } from './resource-links.ts';
import type { PlanOptions, WritePlan } from './write-plan.ts';

/**
 * The write machinery shared by the resource cache, the outbox store and
 * retention: plan a change (read, open, change, seal: plain resources here,
 * Observation buckets in bucket-plan.ts), then commit it with a `rev` check
 * and retry. Reading and dropping units that fail to open is cache-reads.ts.
 * Crypto always runs before a transaction opens; transactions hold plain
 * IndexedDB work only (docs/adr/0003).
 */

async function linksOf(ctx: CacheContext, resource: CachedResource): Promise<string[]> {
  const type = resource.resourceType;
  const [patients, episodes] = await Promise.all([
    Promise.all(patientIdsOf(resource).map((id) => ctx.codec.blind(DOMAIN.patient, id))),
    Promise.all(episodeIdsOf(resource).map((id) => ctx.codec.blind(DOMAIN.episode, id))),
  ]);
  return [
    ...patients.map((blind) => patientLink(type, blind)),
    ...episodes.map((blind) => episodeLink(type, blind)),
  ];
}

/** A plain resource sealed into its row (not Observation). */
export async function sealResourceRow(
  ctx: CacheContext,
  resource: CachedResource,
  key: string,
): Promise<ResourceRow> {
  const [links, sealed] = await Promise.all([
    linksOf(ctx, resource),
    ctx.codec.seal('resources', key, resource),
  ]);
  return {
    key,
    type: resource.resourceType as CachedType,
    links,
    versionId: versionOf(resource),
    iv: sealed.iv,
    data: sealed.data,
  };
}

/**
 * Reads what a change touches and prepares every row to write, sealed. No
 * transaction is held: the caller commits the plan with `commitPlan`, which
 * checks that no bucket read here changed meanwhile.
 */
export async function planChanges(
  ctx: CacheContext,
  puts: readonly Keyed[],
  removes: readonly KeyedRef[],
  options: PlanOptions = {},
): Promise<WritePlan> {
  const hold = options.hold ?? new Set<string>();
  const plainPuts: Keyed[] = [];
  const observationPuts: Keyed[] = [];
  for (const put of puts) {
    if (hold.has(put.key)) continue;
    (put.resource.resourceType === 'Observation' ? observationPuts : plainPuts).push(put);
  }
  const plainRemoves = removes.filter((r) => r.type !== 'Observation' && !hold.has(r.key));
  const observationRemoves = removes.filter((r) => r.type === 'Observation' && !hold.has(r.key));

  const [plain, observations] = await Promise.all([
    planPlain(ctx, plainPuts, plainRemoves, options.force ?? false),
    planObservations(ctx, observationPuts, observationRemoves, options.force ?? false),
  ]);
  return {
    ...plain,
    ...observations,
    written: plain.written + observations.written,
    unchanged:
      plain.unchanged +
      observations.unchanged +
      (puts.length - plainPuts.length - observationPuts.length),
    removed: plain.removed + observations.removed,
  };
}

async function planPlain(
  ctx: CacheContext,
  puts: readonly Keyed[],
  removes: readonly KeyedRef[],
  force: boolean,
): Promise<
  Pick<WritePlan, 'resourcePuts' | 'resourceDeletes' | 'written' | 'unchanged' | 'removed'>
> {
  let changed: readonly Keyed[] = puts;
  if (!force && puts.length > 0) {
    const existing = await ctx.db.resources.bulkGet(puts.map((p) => p.key));
    changed = puts.filter((put, i) => existing[i]?.versionId !== versionOf(put.resource));
  }
  let removed = 0;
  const resourceDeletes: string[] = [];
  if (removes.length > 0) {
    const existing = await ctx.db.resources.bulkGet(removes.map((r) => r.key));
    existing.forEach((row) => {
      if (!row) return;
      removed += 1;
      resourceDeletes.push(row.key);
    });
  }
  const resourcePuts = await Promise.all(
    changed.map((put) => sealResourceRow(ctx, put.resource, put.key)),
  );
  return {
    resourcePuts,
    resourceDeletes,
    written: resourcePuts.length,
    unchanged: puts.length - resourcePuts.length,
    removed,
  };
}

/** Inside a transaction: throws BucketChangedError when a bucket read for the plan changed since. */
async function checkBucketRevs(
  ctx: CacheContext,
  revs: ReadonlyMap<string, number | null>,
): Promise<void> {
  if (revs.size === 0) return;
  const keys = [...revs.keys()];
  const rows = await ctx.db.buckets.bulkGet(keys);
  rows.forEach((row, i) => {
    if ((row?.rev ?? null) !== revs.get(keys[i] as string)) throw new BucketChangedError();
  });
}

/**
 * Writes a plan in one read-write transaction over resources, buckets and
 * `extraTables`; `inside` runs first in the same transaction (checks that may
 * throw to abort, and other rows to write). A quota failure becomes
 * CacheQuotaError and the transaction writes nothing.
 */
export function commitPlan(
  ctx: CacheContext,
  plan: WritePlan,
  extraTables: readonly Table[] = [],
  inside?: () => Promise<void>,
): Promise<void> {
  const { db } = ctx;
  return writeTransaction(db, [db.resources, db.buckets, db.locator, ...extraTables], async () => {
    await checkBucketRevs(ctx, plan.bucketRevs);
    if (inside) await inside();
    if (plan.resourceDeletes.length > 0) await db.resources.bulkDelete(plan.resourceDeletes);
    if (plan.resourcePuts.length > 0) await db.resources.bulkPut(plan.resourcePuts);
    if (plan.bucketDeletes.length > 0) await db.buckets.bulkDelete(plan.bucketDeletes);
    if (plan.bucketPuts.length > 0) await db.buckets.bulkPut(plan.bucketPuts);
    if (plan.locatorDeletes.length > 0) await db.locator.bulkDelete(plan.locatorDeletes);
    if (plan.locatorPuts.length > 0) await db.locator.bulkPut(plan.locatorPuts);
  });
}

const ATTEMPTS = 8;

/** Runs read → seal → commit again while buckets change under it; CacheConflictError after ATTEMPTS. */
export async function withBucketRetry<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof BucketChangedError)) throw error;
      if (tries >= ATTEMPTS) throw new CacheConflictError(tries);
    }
  }
}
