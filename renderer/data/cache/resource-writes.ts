import { commitPlan, planChanges, withBucketRetry } from './cache-engine.ts';
import type { CacheContext, Keyed, KeyedRef } from './cache-context.ts';
import { assertCacheable, assertCachedType, resourceKey } from './cache-keys.ts';
import { BucketChangedError } from './cache-errors.ts';
import type { CachedResource, CachedType, UpsertResult } from './contracts.ts';
import { planIsEmpty } from './write-plan.ts';

/**
 * The ResourceCache's writes (resource-cache.ts): `upsert` blinds and seals
 * everything first (in parallel), then writes the whole call in one
 * transaction; resources with unsent outbox entries are left as the user
 * changed them (counted in `held`) until the outbox completes or discards the
 * entry (docs/adr/0003, "Outbox").
 */

export interface CacheUpsertResult extends UpsertResult {
  /** Resources with unsent outbox entries: the local change is kept, the given version not written. */
  readonly held: number;
}

function uniqueByRef(resources: readonly CachedResource[]): CachedResource[] {
  const byRef = new Map<string, CachedResource>();
  for (const resource of resources) byRef.set(`${resource.resourceType}/${resource.id}`, resource);
  return [...byRef.values()];
}

export async function upsertResources(
  ctx: CacheContext,
  resources: readonly CachedResource[],
): Promise<CacheUpsertResult> {
  for (const resource of resources) assertCacheable(resource);
  const unique = uniqueByRef(resources);
  if (unique.length === 0) return { written: 0, unchanged: 0, held: 0 };
  const keyed: Keyed[] = await Promise.all(
    unique.map(async (resource) => ({
      resource,
      key: await resourceKey(ctx, resource.resourceType, resource.id),
    })),
  );
  const keys = keyed.map((k) => k.key);
  const duplicates = resources.length - unique.length;
  return withBucketRetry(async () => {
    const held = await heldKeys(ctx, keys);
    const plan = await planChanges(ctx, keyed, [], { hold: held });
    if (!planIsEmpty(plan)) {
      await commitPlan(ctx, plan, [ctx.db.outbox], async () => {
        // An outbox entry written since the read would be overwritten: read again.
        const now = await heldKeys(ctx, keys);
        if ([...now].some((key) => !held.has(key))) throw new HeldChangedError();
      });
    }
    return {
      written: plan.written,
      unchanged: plan.unchanged - held.size + duplicates,
      held: held.size,
    };
  });
}

export async function removeResources(
  ctx: CacheContext,
  type: CachedType,
  ids: readonly string[],
): Promise<number> {
  assertCachedType(type);
  if (ids.length === 0) return 0;
  const refs: KeyedRef[] = await Promise.all(
    [...new Set(ids)].map(async (id) => ({ type, key: await resourceKey(ctx, type, id) })),
  );
  const keys = refs.map((r) => r.key);
  return withBucketRetry(async () => {
    const held = await heldKeys(ctx, keys);
    const plan = await planChanges(ctx, [], refs, { hold: held });
    if (!planIsEmpty(plan))
      await commitPlan(ctx, plan, [ctx.db.outbox], async () => {
        const now = await heldKeys(ctx, keys);
        if ([...now].some((key) => !held.has(key))) throw new HeldChangedError();
      });
    return plan.removed;
  });
}

/** Thrown in a write transaction when an outbox entry appeared for a resource being written: retried. */
class HeldChangedError extends BucketChangedError {}

/** Blind keys (of `keys`) with unsent outbox entries. */
export async function heldKeys(ctx: CacheContext, keys: readonly string[]): Promise<Set<string>> {
  // The outbox is small: its index keys, intersected here (an `anyOf` of a
  // sync batch's keys would walk the index once per key).
  const pending = new Set((await ctx.db.outbox.orderBy('resourceKey').keys()) as string[]);
  if (pending.size === 0) return pending;
  return new Set(keys.filter((key) => pending.has(key)));
}
