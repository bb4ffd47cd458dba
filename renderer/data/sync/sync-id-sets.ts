import type { CachedType } from '../cache/contracts.ts';
import { isStale, setState, stateKey, type SyncContext } from './sync-context.ts';
import { readListing, remove } from './sync-listing.ts';
import {
  chunk,
  digest,
  isIdSetState,
  isLocalVersion,
  parseJson,
  type IdSetState,
} from './sync-resources.ts';

/**
 * The `_lastUpdated` checkpoint per set: one checkpoint for a whole small set
 * (the teams, their members and organisations by `_id`; every Questionnaire).
 * The set's identity is part of the state: a different set is read whole.
 */

/** A small set by `_id` with a `_lastUpdated` checkpoint. */
export async function syncIdSet(
  context: SyncContext,
  type: CachedType,
  ids: readonly string[],
): Promise<void> {
  const { cache, progress, tuning } = context;
  progress.begin(type, type);
  const key = stateKey(context, type);
  const setName = await digest(ids.join(','));
  const stored = await cache.getSyncState(key);
  const state = parseJson(stored, isIdSetState);
  const since = state?.set === setName ? state.at : null;
  const chunks = chunk(ids, tuning.idsPerRequest);
  progress.plan(type, Math.max(1, chunks.length));
  let firstTime: string | null = null;
  let written = 0;
  const seen = new Set<string>();
  for (const part of chunks) {
    const listing = await readListing(
      context,
      type,
      `${type}?_id=${part.map(encodeURIComponent).join(',')}${since ? `&_lastUpdated=gt${since}` : ''}&_count=${tuning.pageSize}`,
    );
    firstTime ??= listing.serverTime;
    written += listing.written;
    for (const id of listing.seen.get(type) ?? []) seen.add(id);
    progress.step(type);
  }
  // Reconcile: what is cached but no longer wanted goes; on a full read, so does what the server no longer has.
  const wanted = new Set(ids);
  const cached = await cache.versions(type);
  const gone = [...cached.entries()]
    .filter(
      ([id, version]) =>
        !isLocalVersion(version) && (!wanted.has(id) || (since === null && !seen.has(id))),
    )
    .map(([id]) => id);
  await remove(context, type, gone);
  if (firstTime !== null && (since === null || written > 0 || isStale(context, since, firstTime))) {
    await setState(
      context,
      key,
      JSON.stringify({ set: setName, at: firstTime } satisfies IdSetState),
      stored,
    );
  }
  progress.done(type);
}

/** Every Questionnaire (the library is shared, not per caseload), by one checkpoint. */
export async function syncQuestionnaires(context: SyncContext): Promise<void> {
  const { cache, progress, tuning } = context;
  progress.begin('Questionnaire', 'Questionnaire');
  const key = stateKey(context, 'Questionnaire');
  const stored = await cache.getSyncState(key);
  const state = parseJson(stored, isIdSetState);
  const since = state?.set === 'all' ? state.at : null;
  const listing = await readListing(
    context,
    'Questionnaire',
    `Questionnaire?${since ? `_lastUpdated=gt${since}&` : ''}_count=${tuning.pageSize}`,
  );
  if (since === null || listing.written > 0 || isStale(context, since, listing.serverTime)) {
    await setState(context, key, JSON.stringify({ set: 'all', at: listing.serverTime }), stored);
  }
  progress.step('Questionnaire');
  progress.done('Questionnaire');
}
