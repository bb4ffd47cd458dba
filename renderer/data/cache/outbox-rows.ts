import { CacheIntegrityError } from './cache-crypto.ts';
import type { OutboxRow } from './cache-db.ts';
import type { CacheContext } from './cache-context.ts';
import { openBucketRows, openResourceRows } from './cache-reads.ts';
import type { CachedResource, CachedType, OutboxEntry } from './contracts.ts';

/**
 * Reading the outbox's rows: opening what an entry seals (kind, resource,
 * base, payload and problem; only the order, status, attempts and times are
 * plain), dropping and reporting an entry that cannot be opened, and the
 * cached resource an entry is about.
 */

/** What an entry seals. */
export interface EntryBody {
  readonly kind: string;
  readonly resourceType: CachedType;
  readonly resourceId: string;
  readonly baseVersionId: string | null;
  readonly payload: unknown;
  /** The cached resource before the change; null when the change created it. */
  readonly base: CachedResource | null;
}

interface Current {
  readonly version: string | null;
  readonly resource: CachedResource | null;
}

export async function currentVersion(
  ctx: CacheContext,
  type: CachedType,
  key: string,
): Promise<string | null> {
  if (type === 'Observation') {
    const where = await ctx.db.locator.get(key);
    return where?.versionId ?? null;
  }
  const row = await ctx.db.resources.get(key);
  return row?.versionId ?? null;
}

export async function readCurrent(
  ctx: CacheContext,
  type: CachedType,
  key: string,
): Promise<Current> {
  if (type === 'Observation') {
    const where = await ctx.db.locator.get(key);
    const row = where ? await ctx.db.buckets.get(where.bucket) : undefined;
    const member = row ? (await openBucketRows(ctx, [row])).find((m) => m.key === key) : undefined;
    return member
      ? { version: member.resource.meta?.versionId ?? null, resource: member.resource }
      : { version: null, resource: null };
  }
  const row = await ctx.db.resources.get(key);
  if (!row) return { version: null, resource: null };
  const [resource] = await openResourceRows(ctx, [row]);
  return resource ? { version: row.versionId, resource } : { version: null, resource: null };
}

export async function openOutboxBody(ctx: CacheContext, row: OutboxRow): Promise<EntryBody | null> {
  const [opened] = await openOutboxRows(ctx, [row]);
  return opened?.body ?? null;
}

export async function openOutboxRows(
  ctx: CacheContext,
  rows: readonly OutboxRow[],
): Promise<{ row: OutboxRow; body: EntryBody; problem: string | null }[]> {
  const settled = await Promise.allSettled(
    rows.map(async (row) => {
      const [body, problem] = await Promise.all([
        ctx.codec.open<EntryBody>('outbox', row.id, row),
        row.problem ? ctx.codec.open<string>('outbox-problem', row.id, row.problem) : null,
      ]);
      return { row, body, problem };
    }),
  );
  const out: { row: OutboxRow; body: EntryBody; problem: string | null }[] = [];
  const bad: OutboxRow[] = [];
  settled.forEach((result, i) => {
    if (result.status === 'fulfilled') out.push(result.value);
    else if (result.reason instanceof CacheIntegrityError) bad.push(rows[i] as OutboxRow);
    else throw result.reason;
  });
  if (bad.length > 0) {
    // An entry that cannot be opened cannot be sent: dropped, and the UI is told.
    await ctx.db.outbox.bulkDelete(bad.map((row) => row.id)).catch(() => undefined);
    ctx.reportCorrupt({ table: 'outbox', type: null, dropped: bad.length });
  }
  return out;
}

/** Entries of the same resource queued after `row`, in order. */
export async function laterEntries(ctx: CacheContext, row: OutboxRow): Promise<OutboxRow[]> {
  const rows = await ctx.db.outbox.where('resourceKey').equals(row.resourceKey).toArray();
  return rows.filter((other) => other.seq > row.seq).sort((a, b) => a.seq - b.seq);
}

export function sameUnit(a: OutboxRow, b: OutboxRow): boolean {
  if (a.iv.byteLength !== b.iv.byteLength) return false;
  return a.iv.every((byte, i) => byte === b.iv[i]);
}

/** Keys among `keys` that have unsent entries other than `exceptId`. */
export async function othersHolding(
  ctx: CacheContext,
  keys: readonly string[],
  exceptId: string,
): Promise<Set<string>> {
  const rows = await ctx.db.outbox.where('resourceKey').anyOf(keys).toArray();
  return new Set(rows.filter((row) => row.id !== exceptId).map((row) => row.resourceKey));
}

export function toEntry(row: OutboxRow, body: EntryBody, problem: string | null): OutboxEntry {
  return {
    id: row.id,
    seq: row.seq,
    kind: body.kind,
    resourceType: body.resourceType,
    resourceId: body.resourceId,
    baseVersionId: body.baseVersionId,
    payload: body.payload,
    status: row.status,
    attempts: row.attempts,
    notBefore: row.notBefore,
    problem,
    createdAt: row.createdAt,
  };
}
