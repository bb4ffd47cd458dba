import type { OpenedCacheHandle } from '../cache/open-cache.ts';
import type { CacheKeys } from '../cache/contracts.ts';
import type { FhirClient } from '../fhir/fhir-client.ts';
import { createSyncController, type SyncControllerOptions } from '../sync/sync-controller.ts';
import type { SyncController, SyncScope, SyncStatus } from '../sync/contracts.ts';

export interface StartSyncRequest {
  readonly cache: OpenedCacheHandle;
  /** The opaque user hash the cache was opened with (the worker opens the same database). */
  readonly userKey: string;
  readonly keys: CacheKeys;
  readonly scope: SyncScope;
  readonly fhir: FhirClient;
}

/** Sync state key of the last completed run's end (client clock, ISO), sealed like all sync state. */
export const LAST_SYNCED_KEY = 'app:last-synced-at';

/**
 * The sync worker (renderer/data/sync/sync-controller.ts) under the app's
 * schedule: the worker's own timers are off (the app's sync driver decides
 * when), and the last completed run's time is kept in the cache's sealed
 * sync state, so "data from …" survives a restart.
 */
export function startWorkerSyncController(
  request: StartSyncRequest,
  create: (options: SyncControllerOptions) => SyncController = createSyncController,
): SyncController {
  const { cache } = request;
  const worker = create({
    keys: request.keys,
    userKey: request.userKey,
    persistent: cache.persistent,
    ...(cache.persistent ? {} : { databaseName: cache.databaseName }),
    scope: request.scope,
    syncOnStart: false,
    intervalMs: 0,
    retryIntervalMs: 0,
  });
  const listeners = new Set<(status: SyncStatus) => void>();
  let stored: string | null = null;
  let status: SyncStatus = worker.status();

  const withStored = (next: SyncStatus): SyncStatus =>
    next.lastSyncedAt === null && stored !== null ? { ...next, lastSyncedAt: stored } : next;
  const publish = (next: SyncStatus) => {
    status = withStored(next);
    for (const listener of listeners) listener(status);
  };
  const unsubscribe = worker.subscribe((next) => {
    if (next.phase === 'idle' && next.lastSyncedAt !== null && next.lastSyncedAt !== stored) {
      stored = next.lastSyncedAt;
      void cache.resources.setSyncState(LAST_SYNCED_KEY, stored).catch(() => undefined);
    }
    publish(next);
  });
  void cache.resources.getSyncState(LAST_SYNCED_KEY).then(
    (value) => {
      if (value && stored === null) {
        stored = value;
        publish(status);
      }
    },
    () => undefined,
  );

  return {
    status: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    syncNow: () => worker.syncNow(),
    dispose() {
      unsubscribe();
      listeners.clear();
      worker.dispose();
    },
  };
}
