import type { Table } from 'dexie';
import {
  episodeLink,
  patientLink,
  type BucketRow,
  type LocatorRow,
  type ResourceRow,
} from './cache-db.ts';
import { DOMAIN, type CacheContext, type Keyed, type KeyedRef } from './cache-context.ts';
import { openBucket, resetSyncStateOf } from './cache-reads.ts';
import {
  BucketChangedError,
  CacheConflictError,
  CacheInputError,
  writeTransaction,
} from './cache-errors.ts';
import { DIGEST_UNITS, digestOf } from './bucket-digest.ts';
import { CACHED_TYPES, type CachedResource, type CachedType } from './contracts.ts';
import { clinicalTimeOf, episodeIdsOf, isoWeekStart, patientIdsOf } from './resource-links.ts';

/**
 * The write machinery shared by the resource cache, the outbox store and
 * retention: blinding, sealing, the Observation week buckets and their
 * digests (read, open, change, re-seal, then commit with a `rev` check and
 * retry). Reading and dropping units that fail to open is cache-reads.ts.
 * Crypto always runs before a transaction opens; transactions hold plain
 * IndexedDB work only.
 */

export {
  DOMAIN,
  type CacheContext,
  type CorruptionReport,
  type Keyed,
  type KeyedRef,
} from './cache-context.ts';

const CACHED_TYPE_SET: ReadonlySet<string> = new Set(CACHED_TYPES);

export function isCachedType(type: unknown): type is CachedType {
  return typeof type === 'string' && CACHED_TYPE_SET.has(type);
}

export function assertCachedType(type: unknown): asserts type is CachedType {
  if (!isCachedType(type))
    throw new CacheInputError(`The offline cache does not keep resources of type ${String(type)}.`);
}

export function versionOf(resource: CachedResource): string {
  return resource.meta?.versionId ?? '';
}

/** Checks a resource can be cached: a cached type, an id and a versionId. */
export function assertCacheable(resource: unknown): asserts resource is CachedResource {
  const r = resource as Partial<CachedResource> | null;
  if (typeof r !== 'object' || r === null)
    throw new CacheInputError('Only FHIR resources can be cached.');
  assertCachedType(r.resourceType);
  if (typeof r.id !== 'string' || r.id.length === 0)
    throw new CacheInputError(`A ${r.resourceType} without an id cannot be cached.`);
  const version = r.meta?.versionId;
  if (typeof version !== 'string' || version.length === 0)
    throw new CacheInputError(`A ${r.resourceType} without meta.versionId cannot be cached.`);
}

export function resourceKey(ctx: CacheContext, type: string, id: string): Promise<string> {
  return ctx.codec.blind(DOMAIN.resource, `${type}/${id}`);
}

/** The sync-state type tag: a key `Type` or `Type:…` of a cached type. */
export function syncStateType(key: string): string | undefined {
  const head = key.split(':', 1)[0];
  return isCachedType(head) ? head : undefined;
}

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

export interface BucketAddress {
  readonly key: string;
  readonly episode: string;
  readonly week: number;
  readonly patient: string;
}

export function bucketKey(episode: string, week: number): string {
  return `${episode}:${week}`;
}

export async function episodeBucketPrefix(ctx: CacheContext, episodeId: string): Promise<string> {
  return `e:${await ctx.codec.blind(DOMAIN.episode, episodeId)}`;
}

/** The week bucket an Observation belongs in: its first episode (else patient) × ISO week of clinical time. */
export async function bucketAddressOf(
  ctx: CacheContext,
  observation: CachedResource,
): Promise<BucketAddress> {
  const patientId = patientIdsOf(observation)[0];
  const episodeId = episodeIdsOf(observation)[0];
  const [patient, episodeBlind] = await Promise.all([
    patientId ? ctx.codec.blind(DOMAIN.patient, patientId) : Promise.resolve(''),
    episodeId ? ctx.codec.blind(DOMAIN.episode, episodeId) : Promise.resolve(''),
  ]);
  const episode = episodeBlind ? `e:${episodeBlind}` : patient ? `p:${patient}` : 'x:';
  const time = clinicalTimeOf(observation);
  const week = time === null ? 0 : isoWeekStart(time);
  return { key: bucketKey(episode, week), episode, week, patient };
}

export interface WritePlan {
  readonly resourcePuts: ResourceRow[];
  readonly resourceDeletes: string[];
  readonly bucketPuts: BucketRow[];
  readonly bucketDeletes: string[];
  /** Every bucket read for the plan, with the revision seen (null: absent). */
  readonly bucketRevs: ReadonlyMap<string, number | null>;
  readonly locatorPuts: LocatorRow[];
  readonly locatorDeletes: string[];
  /** Resources stored. */
  readonly written: number;
  /** Same id + versionId as cached: skipped. */
  readonly unchanged: number;
  /** Of the removals, how many were cached. */
  readonly removed: number;
}

export interface PlanOptions {
  /** Write even when the cached versionId is the same (local writes, restores). */
  readonly force?: boolean;
  /** Blind keys to leave alone (resources with unsent outbox entries). */
  readonly hold?: ReadonlySet<string>;
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

async function planObservations(
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

export function planIsEmpty(plan: WritePlan): boolean {
  return (
    plan.resourcePuts.length === 0 &&
    plan.resourceDeletes.length === 0 &&
    plan.bucketPuts.length === 0 &&
    plan.bucketDeletes.length === 0 &&
    plan.locatorPuts.length === 0 &&
    plan.locatorDeletes.length === 0
  );
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
