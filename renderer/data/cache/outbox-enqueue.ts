import type { OutboxRow } from './cache-db.ts';
import { commitPlan, planChanges, withBucketRetry } from './cache-engine.ts';
import type { CacheContext, Keyed } from './cache-context.ts';
import { assertCacheable, assertCachedType, resourceKey } from './cache-keys.ts';
import { CacheInputError } from './cache-errors.ts';
import {
  StaleBaseError,
  type CachedResource,
  type OutboxEntry,
  type OutboxEntryDraft,
} from './contracts.ts';
import { currentVersion, readCurrent, type EntryBody } from './outbox-rows.ts';

/**
 * Adding an outbox entry (docs/adr/0003, "Outbox"): the local change is
 * applied to the cache and the entry added in one transaction that first
 * checks the cached versionId; the entry keeps the resource as it was before
 * (sealed) so a discard can put it back.
 */

export async function enqueueEntry(
  ctx: CacheContext,
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
