import { CacheIntegrityError, type Sealed } from './cache-crypto.ts';
import type { OutboxRow } from './cache-db.ts';
import { commitPlan, planChanges, withBucketRetry } from './cache-engine.ts';
import type { CacheContext, Keyed } from './cache-context.ts';
import { assertCacheable, assertCachedType, resourceKey } from './cache-keys.ts';
import { openBucketRows, openResourceRows } from './cache-reads.ts';
import {
  BucketChangedError,
  CacheInputError,
  writeTransaction,
  OutboxEntryNotFoundError,
} from './cache-errors.ts';
import {
  StaleBaseError,
  type CachedResource,
  type CachedType,
  type OutboxEntry,
  type OutboxEntryDraft,
  type OutboxStatus,
  type OutboxStore,
} from './contracts.ts';

/**
 * The outbox's rows (docs/adr/0003, "Outbox"). `enqueue` applies the local
 * change to the cache and adds the entry in one transaction that first
 * checks the cached versionId; the entry keeps the resource as it was before
 * (sealed) so `discard` can put it back. Kind, resource, base and payload
 * are sealed; only the order, status, attempts and times are plain.
 */

/** What an entry seals. */
interface EntryBody {
  readonly kind: string;
  readonly resourceType: CachedType;
  readonly resourceId: string;
  readonly baseVersionId: string | null;
  readonly payload: unknown;
  /** The cached resource before the change; null when the change created it. */
  readonly base: CachedResource | null;
}

const STATUSES: ReadonlySet<OutboxStatus> = new Set(['pending', 'uncertain', 'needs-attention']);

/** What a discard did to the cached resource. */
export type DiscardResult = 'restored' | 'removed' | 'superseded';

interface Current {
  readonly version: string | null;
  readonly resource: CachedResource | null;
}

async function currentVersion(
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

async function readCurrent(ctx: CacheContext, type: CachedType, key: string): Promise<Current> {
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

export class DexieOutboxStore implements OutboxStore {
  readonly #ctx: CacheContext;

  constructor(ctx: CacheContext) {
    this.#ctx = ctx;
  }

  async enqueue(
    change: { readonly resource: CachedResource; readonly expectedVersionId: string | null },
    draft: OutboxEntryDraft,
  ): Promise<OutboxEntry> {
    const { resource, expectedVersionId } = change;
    assertCacheable(resource);
    assertCachedType(draft.resourceType);
    if (typeof draft.kind !== 'string' || draft.kind.length === 0)
      throw new CacheInputError('An outbox entry needs a kind.');
    if (draft.resourceType !== resource.resourceType || draft.resourceId !== resource.id)
      throw new CacheInputError('An outbox entry must be about the resource it changes.');
    const ctx = this.#ctx;
    const type = draft.resourceType;
    const key = await resourceKey(ctx, type, resource.id);
    const id = globalThis.crypto.randomUUID();
    const createdAt = Date.now();

    return withBucketRetry(async () => {
      const before = await readCurrent(ctx, type, key);
      if (before.version !== expectedVersionId) throw new StaleBaseError(before.version);
      const body: EntryBody = {
        kind: draft.kind,
        resourceType: type,
        resourceId: draft.resourceId,
        baseVersionId: draft.baseVersionId,
        payload: draft.payload,
        base: before.resource,
      };
      const keyed: Keyed = { resource, key };
      const [plan, sealed] = await Promise.all([
        planChanges(ctx, [keyed], [], { force: true }),
        ctx.codec.seal('outbox', id, body),
      ]);
      let seq = 0;
      await commitPlan(ctx, plan, [ctx.db.outbox], async () => {
        const now = await currentVersion(ctx, type, key);
        if (now !== expectedVersionId) throw new StaleBaseError(now);
        const last = await ctx.db.outbox.orderBy('seq').last();
        seq = (last?.seq ?? 0) + 1;
        const row: OutboxRow = {
          id,
          seq,
          resourceKey: key,
          status: 'pending',
          attempts: 0,
          notBefore: 0,
          createdAt,
          iv: sealed.iv,
          data: sealed.data,
          problem: null,
        };
        await ctx.db.outbox.add(row);
      });
      return {
        id,
        seq,
        kind: draft.kind,
        resourceType: type,
        resourceId: draft.resourceId,
        baseVersionId: draft.baseVersionId,
        payload: draft.payload,
        status: 'pending',
        attempts: 0,
        notBefore: 0,
        problem: null,
        createdAt,
      };
    });
  }

  async list(): Promise<OutboxEntry[]> {
    const rows = await this.#ctx.db.outbox.orderBy('seq').toArray();
    const opened = await this.#openRows(rows);
    return opened.map(({ row, body, problem }) => toEntry(row, body, problem));
  }

  count(): Promise<number> {
    return this.#ctx.db.outbox.count();
  }

  async update(
    id: string,
    change: Partial<Pick<OutboxEntry, 'status' | 'attempts' | 'notBefore' | 'problem'>>,
  ): Promise<void> {
    if (change.status !== undefined && !STATUSES.has(change.status))
      throw new CacheInputError('Unknown outbox status.');
    if (
      change.attempts !== undefined &&
      !(Number.isInteger(change.attempts) && change.attempts >= 0)
    )
      throw new CacheInputError('Attempts are a count.');
    if (change.notBefore !== undefined && !Number.isFinite(change.notBefore))
      throw new CacheInputError('notBefore is epoch milliseconds.');
    const ctx = this.#ctx;
    let problem: Sealed | null | undefined;
    if (change.problem === null) problem = null;
    else if (change.problem !== undefined)
      problem = await ctx.codec.seal('outbox-problem', id, change.problem);
    await writeTransaction(ctx.db, ctx.db.outbox, async () => {
      const row = await ctx.db.outbox.get(id);
      if (!row) throw new OutboxEntryNotFoundError();
      await ctx.db.outbox.put({
        ...row,
        ...(change.status !== undefined ? { status: change.status } : {}),
        ...(change.attempts !== undefined ? { attempts: change.attempts } : {}),
        ...(change.notBefore !== undefined ? { notBefore: change.notBefore } : {}),
        ...(problem !== undefined ? { problem } : {}),
      });
    });
  }

  /**
   * Removes the entry; with `resources` (the server's versions) they replace
   * the cached ones in the same transaction. A create whose server copy has
   * another id (FUT's `$submit-measurement` assigns ids) has its local copy
   * removed. A resource with further unsent entries keeps its local version.
   * Completing an entry no longer in the outbox does nothing.
   */
  async complete(id: string, resources: readonly CachedResource[] = []): Promise<void> {
    for (const resource of resources) assertCacheable(resource);
    const ctx = this.#ctx;
    const keyed: Keyed[] = await Promise.all(
      resources.map(async (resource) => ({
        resource,
        key: await resourceKey(ctx, resource.resourceType, resource.id),
      })),
    );
    await withBucketRetry(async () => {
      const row = await ctx.db.outbox.get(id);
      if (!row) return;
      const body = await this.#openBody(row);
      const keys = [...keyed.map((k) => k.key), row.resourceKey];
      const others = await othersHolding(ctx, keys, id);
      const replacesOwn = keyed.some((k) => k.key === row.resourceKey);
      const removeLocalCreate =
        body !== null && body.base === null && keyed.length > 0 && !replacesOwn;
      const plan = await planChanges(
        ctx,
        keyed,
        removeLocalCreate && body ? [{ type: body.resourceType, key: row.resourceKey }] : [],
        { hold: others },
      );
      await commitPlan(ctx, plan, [ctx.db.outbox], async () => {
        if (!(await ctx.db.outbox.get(id))) throw new BucketChangedError();
        const now = await othersHolding(ctx, keys, id);
        if (now.size !== others.size) throw new BucketChangedError();
        await ctx.db.outbox.delete(id);
      });
    });
  }

  /**
   * Discards an entry the user gave up on and rolls the cached resource back
   * to the version before the change ('restored'), or removes a create never
   * sent ('removed'). When later entries of the same resource are queued,
   * their changes were built on this one: the cached resource stays as it is
   * and the next entry inherits this entry's base ('superseded'), so
   * discarding that one too restores the original version.
   */
  async discard(id: string): Promise<DiscardResult> {
    const ctx = this.#ctx;
    return withBucketRetry(async () => {
      const row = await ctx.db.outbox.get(id);
      if (!row) throw new OutboxEntryNotFoundError();
      const body = await this.#openBody(row);
      if (!body) return 'removed'; // Unreadable: dropped and reported by #openBody.
      const later = await laterEntries(ctx, row);
      const next = later[0];
      if (next) {
        const nextBody = await this.#openBody(next);
        if (!nextBody) throw new BucketChangedError(); // Dropped as unreadable: look again.
        const sealed = await ctx.codec.seal('outbox', next.id, { ...nextBody, base: body.base });
        await writeTransaction(ctx.db, ctx.db.outbox, async () => {
          const [now, nextNow] = await ctx.db.outbox.bulkGet([id, next.id]);
          if (!now) throw new OutboxEntryNotFoundError();
          if (!nextNow || !sameUnit(nextNow, next)) throw new BucketChangedError();
          if ((await laterEntries(ctx, row))[0]?.id !== next.id) throw new BucketChangedError();
          await ctx.db.outbox.put({ ...nextNow, iv: sealed.iv, data: sealed.data });
          await ctx.db.outbox.delete(id);
        });
        return 'superseded';
      }
      const plan = body.base
        ? await planChanges(ctx, [{ resource: body.base, key: row.resourceKey }], [], {
            force: true,
          })
        : await planChanges(ctx, [], [{ type: body.resourceType, key: row.resourceKey }]);
      await commitPlan(ctx, plan, [ctx.db.outbox], async () => {
        if (!(await ctx.db.outbox.get(id))) throw new OutboxEntryNotFoundError();
        if ((await laterEntries(ctx, row)).length > 0) throw new BucketChangedError();
        await ctx.db.outbox.delete(id);
      });
      return body.base ? 'restored' : 'removed';
    });
  }

  /** The cached resource as it was before the entry's change (null for a create), for merges. */
  async base(id: string): Promise<CachedResource | null> {
    const row = await this.#ctx.db.outbox.get(id);
    if (!row) throw new OutboxEntryNotFoundError();
    const body = await this.#openBody(row);
    return body?.base ?? null;
  }

  async #openBody(row: OutboxRow): Promise<EntryBody | null> {
    const [opened] = await this.#openRows([row]);
    return opened?.body ?? null;
  }

  async #openRows(
    rows: readonly OutboxRow[],
  ): Promise<{ row: OutboxRow; body: EntryBody; problem: string | null }[]> {
    const ctx = this.#ctx;
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
}

/** Entries of the same resource queued after `row`, in order. */
async function laterEntries(ctx: CacheContext, row: OutboxRow): Promise<OutboxRow[]> {
  const rows = await ctx.db.outbox.where('resourceKey').equals(row.resourceKey).toArray();
  return rows.filter((other) => other.seq > row.seq).sort((a, b) => a.seq - b.seq);
}

function sameUnit(a: OutboxRow, b: OutboxRow): boolean {
  if (a.iv.byteLength !== b.iv.byteLength) return false;
  return a.iv.every((byte, i) => byte === b.iv[i]);
}

/** Keys among `keys` that have unsent entries other than `exceptId`. */
async function othersHolding(
  ctx: CacheContext,
  keys: readonly string[],
  exceptId: string,
): Promise<Set<string>> {
  const rows = await ctx.db.outbox.where('resourceKey').anyOf(keys).toArray();
  return new Set(rows.filter((row) => row.id !== exceptId).map((row) => row.resourceKey));
}

function toEntry(row: OutboxRow, body: EntryBody, problem: string | null): OutboxEntry {
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
