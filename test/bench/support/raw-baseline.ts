import { sealResourceRow } from '../../../renderer/data/cache/cache-engine.ts';
import type { CacheContext } from '../../../renderer/data/cache/cache-context.ts';
import {
  bucketAddressOf,
  resourceKey,
  versionOf,
} from '../../../renderer/data/cache/cache-keys.ts';
import type {
  BucketRow,
  CacheDb,
  LocatorRow,
  ResourceRow,
} from '../../../renderer/data/cache/cache-db.ts';
import { CACHED_TYPES, type CachedResource } from '../../../renderer/data/cache/contracts.ts';
import { plaintextCodec } from '../../support/plaintext-codec.ts';

/**
 * The sync budget's raw IndexedDB baseline (issue 4): the initial sync's
 * recorded answers, parsed, and their records written unencrypted straight
 * into the cache's own database — the same stores and indexes (CacheDb), the
 * same row shapes (the plaintext codec: JSON bytes and `domain:value`
 * indexes), one read-write transaction per answer page as the sync commits
 * one per page, the same durability (CacheDb's default) — with none of the
 * cache's or the sync engine's own work: no version look-ups, no reads of
 * existing rows or buckets, no outbox check, no reconciliation. Each record
 * is written once (the first time an answer brings it); Observations go
 * into episode × week bucket rows with their locator rows, as the cache
 * stores them, but one bucket row per week and page (nothing read back,
 * nothing overwritten).
 */

export interface RawBaselineResult {
  readonly ms: number;
  readonly written: number;
  readonly transactions: number;
}

const CACHED: ReadonlySet<string> = new Set(CACHED_TYPES);

type Loose = Readonly<Record<string, unknown>>;

/** The cacheable resources of one answer (a searchset Bundle), as the sync engine reads them. */
function resourcesOf(bundle: Loose): CachedResource[] {
  const out: CachedResource[] = [];
  const entries = Array.isArray(bundle.entry) ? (bundle.entry as Loose[]) : [];
  for (const entry of entries) {
    if ((entry.search as Loose | undefined)?.mode === 'outcome') continue;
    const resource = entry.resource as Loose | undefined;
    if (!resource || typeof resource.resourceType !== 'string') continue;
    if (!CACHED.has(resource.resourceType) || typeof resource.id !== 'string') continue;
    out.push(resource as unknown as CachedResource);
  }
  return out;
}

/**
 * Writes the records of `bodies` (answers in the order the sync read them)
 * into `db`, timed from the first answer to the last commit.
 */
export async function writeRawBaseline(
  db: CacheDb,
  bodies: Iterable<string>,
): Promise<RawBaselineResult> {
  const ctx: CacheContext = { db, codec: plaintextCodec(), reportCorrupt: () => undefined };
  const written = new Set<string>();
  let transactions = 0;
  const started = performance.now();
  for (const body of bodies) {
    const page = transactions;
    const fresh: { resource: CachedResource; key: string }[] = [];
    // As the sync reads an answer: the body's text from a Response, then JSON.parse.
    const text = await new Response(body).text();
    for (const resource of resourcesOf(JSON.parse(text) as Loose)) {
      const ref = `${resource.resourceType}/${resource.id}`;
      if (written.has(ref)) continue;
      written.add(ref);
      fresh.push({ resource, key: await resourceKey(ctx, resource.resourceType, resource.id) });
    }
    if (fresh.length === 0) continue;
    const resourceRows: ResourceRow[] = [];
    const buckets = new Map<
      string,
      { row: Omit<BucketRow, 'iv' | 'data'>; members: CachedResource[] }
    >();
    const locators: LocatorRow[] = [];
    for (const { resource, key } of fresh) {
      if (resource.resourceType !== 'Observation') {
        resourceRows.push(await sealResourceRow(ctx, resource, key));
        continue;
      }
      // A bucket of its own per page (the week's key plus the page): nothing is overwritten.
      const address = await bucketAddressOf(ctx, resource);
      const bucketKey = `${address.key}:${page}`;
      const bucket = buckets.get(bucketKey) ?? {
        row: { ...address, key: bucketKey, rev: 1, members: [], versions: {} },
        members: [],
      };
      (bucket.row.members as string[]).push(key);
      (bucket.row.versions as Record<string, string>)[key] = versionOf(resource);
      bucket.members.push(resource);
      buckets.set(bucketKey, bucket);
      locators.push({ key, bucket: bucketKey, versionId: versionOf(resource) });
    }
    const bucketRows: BucketRow[] = [];
    for (const [key, { row, members }] of buckets) {
      const sealed = await ctx.codec.seal('buckets', key, members);
      bucketRows.push({ ...row, iv: sealed.iv, data: sealed.data });
    }
    await db.transaction('rw', [db.resources, db.buckets, db.locator], async () => {
      if (resourceRows.length > 0) await db.resources.bulkPut(resourceRows);
      if (bucketRows.length > 0) await db.buckets.bulkPut(bucketRows);
      if (locators.length > 0) await db.locator.bulkPut(locators);
    });
    transactions++;
  }
  return { ms: performance.now() - started, written: written.size, transactions };
}
