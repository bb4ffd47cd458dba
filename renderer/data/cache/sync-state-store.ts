import { DOMAIN, type CacheContext } from './cache-context.ts';
import { CacheIntegrityError } from './cache-crypto.ts';
import { CacheInputError, writeTransaction } from './cache-errors.ts';
import { syncStateType } from './cache-keys.ts';

/**
 * Sync state (checkpoints and the like), sealed under a blind key; the plain
 * `type` tag lets a resource type's checkpoints be reset when its rows fail to
 * open. A value that fails to open is dropped and reported, so sync starts
 * that listing over instead of failing.
 */

export async function getSyncState(ctx: CacheContext, key: string): Promise<string | undefined> {
  const blind = await ctx.codec.blind(DOMAIN.syncState, key);
  const row = await ctx.db.syncState.get(blind);
  if (!row) return undefined;
  try {
    const value = await ctx.codec.open('syncState', blind, row);
    if (typeof value === 'string') return value;
    throw new CacheIntegrityError('syncState', blind);
  } catch (error) {
    if (!(error instanceof CacheIntegrityError)) throw error;
    await ctx.db.syncState.delete(blind).catch(() => undefined);
    ctx.reportCorrupt({ table: 'syncState', type: null, dropped: 1 });
    return undefined;
  }
}

export async function setSyncState(ctx: CacheContext, key: string, value: string): Promise<void> {
  if (typeof value !== 'string') throw new CacheInputError('Sync state values are strings.');
  const blind = await ctx.codec.blind(DOMAIN.syncState, key);
  const sealed = await ctx.codec.seal('syncState', blind, value);
  const type = syncStateType(key);
  await writeTransaction(ctx.db, ctx.db.syncState, () =>
    ctx.db.syncState.put({
      key: blind,
      ...(type ? { type } : {}),
      iv: sealed.iv,
      data: sealed.data,
    }),
  );
}

/** Removes one sync state (e.g. a checkpoint to start over). */
export async function deleteSyncState(ctx: CacheContext, key: string): Promise<void> {
  await ctx.db.syncState.delete(await ctx.codec.blind(DOMAIN.syncState, key));
}
