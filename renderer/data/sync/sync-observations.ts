import { isStale, setState, stateKey, type SyncContext } from './sync-context.ts';
import { readListing, remove } from './sync-listing.ts';
import {
  DAY_MS,
  hasEffectiveTime,
  isCheckpoints,
  isLocalVersion,
  isStringArray,
  packByCheckpoint,
  parseJson,
  refs,
  versionOf,
  type Checkpoints,
} from './sync-resources.ts';

/**
 * Observations (no `_lastUpdated` search) by clinical time per episode: a new
 * episode (or one with a new measurement Task) whole, the others from their
 * last read minus the trailing window; what the cache holds in that window
 * and the server no longer sends is removed.
 */
export async function syncObservations(
  context: SyncContext,
  episodeIds: readonly string[],
): Promise<void> {
  const { cache, progress, tuning } = context;
  progress.begin('Observation', 'Observation');
  const checkpointKey = stateKey(context, 'Observation');
  const windowKey = stateKey(context, 'Observation', ':window');
  const rereadKey = stateKey(context, 'Observation', ':reread');
  const stored = await cache.getSyncState(checkpointKey);
  const storedWindows = await cache.getSyncState(windowKey);
  const storedReread = await cache.getSyncState(rereadKey);
  const checkpoints: Checkpoints = parseJson(stored, isCheckpoints) ?? {};
  const windows: Checkpoints = parseJson(storedWindows, isCheckpoints) ?? {};
  const reread = new Set(parseJson(storedReread, isStringArray) ?? []);
  const inScope = new Set(episodeIds);
  let dirty = Object.keys(checkpoints).some((key) => !inScope.has(key));
  let windowsDirty = Object.keys(windows).some((key) => !inScope.has(key));
  const current: Checkpoints = {};
  const currentWindows: Checkpoints = {};
  for (const id of episodeIds) {
    if (checkpoints[id]) current[id] = checkpoints[id];
    if (windows[id]) currentWindows[id] = windows[id];
  }
  const windowMs = tuning.trailingWindowDays * DAY_MS;
  const { recentOverlapMs, trailingWindowEveryMs, idsPerRequest } = tuning;
  // The schedule runs on the client's clock (skew is nothing against hours); checkpoints are server time.
  const nowMs = context.now().getTime();
  const windowDue = (id: string) => {
    const at = currentWindows[id];
    return at === undefined || nowMs - Date.parse(at) >= trailingWindowEveryMs;
  };
  const neverRead = (id: string) => reread.has(id) || current[id] === undefined;
  // Three kinds of search: whole (new episodes, new measurement Tasks), the trailing window (on
  // its schedule), and since the last read (less a small overlap for measurements in transit).
  const whole = episodeIds.filter(neverRead);
  const windowed = episodeIds.filter((id) => !neverRead(id) && windowDue(id));
  const recent = episodeIds.filter((id) => !neverRead(id) && !windowDue(id));
  const work = [
    ...packByCheckpoint(whole, () => '', idsPerRequest).map((w) => ({
      ...w,
      kind: 'whole' as const,
    })),
    ...packByCheckpoint(windowed, (id) => current[id] ?? '', idsPerRequest).map((w) => ({
      ...w,
      kind: 'window' as const,
    })),
    ...packByCheckpoint(recent, (id) => current[id] ?? '', idsPerRequest).map((w) => ({
      ...w,
      kind: 'recent' as const,
    })),
  ];
  progress.plan('Observation', Math.max(1, work.length));
  for (const { since, part, kind } of work) {
    const fromMs =
      kind === 'whole'
        ? null
        : Date.parse(since) - (kind === 'window' ? windowMs : recentOverlapMs);
    const listing = await readListing(
      context,
      'Observation',
      `Observation?episodeOfCare=${refs('EpisodeOfCare', part)}${fromMs === null ? '' : `&date=ge${new Date(fromMs).toISOString()}`}&_count=${tuning.pageSize}`,
    );
    const seen = listing.seen.get('Observation') ?? new Set<string>();
    const cached = await cache.observations(
      part,
      fromMs ?? Number.MIN_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER,
    );
    const gone = cached
      .filter(
        (resource) =>
          !seen.has(resource.id) &&
          !isLocalVersion(versionOf(resource)) &&
          (fromMs === null || hasEffectiveTime(resource)),
      )
      .map((resource) => resource.id);
    const removed = await remove(context, 'Observation', gone);
    if (kind !== 'recent') {
      // A whole read covers the window too.
      for (const id of part) currentWindows[id] = listing.serverTime;
      await setState(context, windowKey, JSON.stringify(currentWindows), storedWindows);
      windowsDirty = false;
    }
    if (
      kind !== 'recent' ||
      listing.written > 0 ||
      removed > 0 ||
      isStale(context, since, listing.serverTime)
    ) {
      for (const id of part) current[id] = listing.serverTime;
      await setState(context, checkpointKey, JSON.stringify(current), stored);
      dirty = false;
    }
    if (part.some((id) => reread.has(id))) {
      for (const id of part) reread.delete(id);
      await setState(context, rereadKey, JSON.stringify([...reread].sort()), storedReread);
    }
    progress.step('Observation');
  }
  if (dirty) await setState(context, checkpointKey, JSON.stringify(current), stored);
  if (windowsDirty)
    await setState(context, windowKey, JSON.stringify(currentWindows), storedWindows);
  // Episodes no longer in scope cannot need a re-read.
  const leftover = [...reread].filter((id) => !inScope.has(id));
  if (leftover.length > 0) {
    const kept = [...reread].filter((id) => inScope.has(id)).sort();
    await setState(context, rereadKey, JSON.stringify(kept), storedReread);
  }
  progress.done('Observation');
}
