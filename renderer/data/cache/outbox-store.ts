import type { Sealed } from './cache-crypto.ts';
import { commitPlan, planChanges, withBucketRetry } from './cache-engine.ts';
import type { CacheContext, Keyed } from './cache-context.ts';
import { assertCacheable, resourceKey } from './cache-keys.ts';
import {
  BucketChangedError,
  CacheInputError,
  writeTransaction,
  OutboxEntryNotFoundError,
} from './cache-errors.ts';
import type {
  CachedResource,
  OutboxEntry,
  OutboxEntryDraft,
  OutboxStatus,
  OutboxStore,
} from './contracts.ts';
import { enqueueEntry } from './outbox-enqueue.ts';
import {
  laterEntries,
  openOutboxBody,
  openOutboxRows,
  othersHolding,
  sameUnit,
  toEntry,
} from './outbox-rows.ts';

/**
 * The outbox's rows (docs/adr/0003, "Outbox"): adding an entry is
 * outbox-enqueue.ts, opening rows outbox-rows.ts; here are listing, status
 * updates, and completing or discarding an entry, which write the server's or
 * the earlier version of its resource back in the same transaction.
 */

const STATUSES: ReadonlySet<OutboxStatus> = new Set(['pending', 'uncertain', 'needs-attention']);

/** What a discard did to the cached resource. */
export type DiscardResult = 'restored' | 'removed' | 'superseded';

export class DexieOutboxStore implements OutboxStore {
  readonly #ctx: CacheContext;

  constructor(ctx: CacheContext) {
    this.#ctx = ctx;
  }

  enqueue(
    change: { readonly resource: CachedResource; readonly expectedVersionId: string | null },
    draft: OutboxEntryDraft,
  ): Promise<OutboxEntry> {
    return enqueueEntry(this.#ctx, change, draft);
  }

  async list(): Promise<OutboxEntry[]> {
    const rows = await this.#ctx.db.outbox.orderBy('seq').toArray();
    const opened = await openOutboxRows(this.#ctx, rows);
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
      const body = await openOutboxBody(ctx, row);
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
      const body = await openOutboxBody(ctx, row);
      if (!body) return 'removed'; // Unreadable: dropped and reported by openOutboxBody.
      const later = await laterEntries(ctx, row);
      const next = later[0];
      if (next) {
        const nextBody = await openOutboxBody(ctx, next);
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
    const body = await openOutboxBody(this.#ctx, row);
    return body?.base ?? null;
  }
}
