import type { CachedResource, CachedType } from '../cache/contracts.ts';
import { isStale, setState, stateKey, type SyncContext } from './sync-context.ts';
import { readListing } from './sync-listing.ts';
import { reconcileServiceRequests } from './sync-removals.ts';
import {
  episodeOfTask,
  isCheckpoints,
  isStringArray,
  MEASUREMENT_TASK_CATEGORIES,
  packByCheckpoint,
  parseJson,
  refs,
  taskCategories,
  type Checkpoints,
} from './sync-resources.ts';

/** One search of the per-key checkpoint strategy. */
export interface CheckpointedSearch {
  readonly type: CachedType;
  /** The search parameter naming the key: `episodeOfCare` or `patient`. */
  readonly param: string;
  readonly keyType: 'EpisodeOfCare' | 'Patient';
  readonly keys: readonly string[];
  /** `&_include=…` when the type brings another along. */
  readonly include?: string;
}

/**
 * `<type>?<param>=<refs>&_lastUpdated=gt<checkpoint>` per key (episode or
 * patient), keys grouped by checkpoint so a quiet caseload is one request
 * per chunk of keys.
 */
export async function syncByCheckpoint(
  context: SyncContext,
  { type, param, keyType, keys, include = '' }: CheckpointedSearch,
): Promise<void> {
  const { cache, progress, tuning } = context;
  progress.begin(type, type);
  const key = stateKey(context, type);
  const stored = await cache.getSyncState(key);
  const checkpoints: Checkpoints = parseJson(stored, isCheckpoints) ?? {};
  const inScope = new Set(keys);
  let dirty = Object.keys(checkpoints).some((k) => !inScope.has(k));
  const current: Checkpoints = {};
  for (const k of keys) if (checkpoints[k]) current[k] = checkpoints[k];
  const work = packByCheckpoint(keys, (k) => current[k] ?? '', tuning.idsPerRequest);
  progress.plan(type, Math.max(1, work.length));
  for (const { since, part } of work) {
    const listing = await readListing(
      context,
      type,
      `${type}?${param}=${refs(keyType, part)}${since ? `&_lastUpdated=gt${since}` : ''}${include}&_count=${tuning.pageSize}`,
      type === 'Task' ? { beforeWrite: (fresh) => noteMeasurementTasks(context, fresh) } : {},
    );
    if (!since || listing.written > 0 || isStale(context, since, listing.serverTime)) {
      for (const k of part) current[k] = listing.serverTime;
      // Stored after each completed listing: a run killed later keeps what is done.
      await setState(context, key, JSON.stringify(current), stored);
      dirty = false;
    }
    progress.step(type);
  }
  if (dirty) await setState(context, key, JSON.stringify(current), stored);
  // Every run (reads only): a kill after a CarePlan changed or left must not leave its requests behind.
  if (type === 'CarePlan') await reconcileServiceRequests(context);
  progress.done(type);
  if (type === 'CarePlan') progress.done('ServiceRequest');
}

/**
 * New measurement Tasks mean a measurement arrived, perhaps with an old
 * clinical time: their episodes' Observations are re-read whole. Noted
 * before the Tasks are written, so a kill in between cannot lose it.
 */
async function noteMeasurementTasks(
  context: SyncContext,
  fresh: readonly CachedResource[],
): Promise<void> {
  const { cache } = context;
  const observed =
    parseJson(await cache.getSyncState(stateKey(context, 'Observation')), isCheckpoints) ?? {};
  const episodes = new Set<string>();
  for (const task of fresh) {
    if (!taskCategories(task).some((code) => MEASUREMENT_TASK_CATEGORIES.has(code))) continue;
    const episode = episodeOfTask(task);
    // An episode never read yet is read whole anyway.
    if (episode && observed[episode]) episodes.add(episode);
  }
  if (episodes.size === 0) return;
  const key = stateKey(context, 'Observation', ':reread');
  const before = await cache.getSyncState(key);
  const pending = new Set(parseJson(before, isStringArray) ?? []);
  const size = pending.size;
  for (const episode of episodes) pending.add(episode);
  if (pending.size !== size)
    await setState(context, key, JSON.stringify([...pending].sort()), before);
}
