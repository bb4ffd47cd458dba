import type { OpenedCacheHandle } from '../../data/cache/open-cache.ts';
import type { CacheKeys } from '../../data/cache/contracts.ts';
import { FhirError, type FhirClient } from '../../data/fhir-client.ts';
import {
  createSyncController,
  type SyncControllerOptions,
} from '../../data/sync/sync-controller.ts';
import { runSync } from '../../data/sync/sync-engine.ts';
import type {
  SyncController,
  SyncReport,
  SyncScope,
  SyncStatus,
} from '../../data/sync/contracts.ts';

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
export const SYNC_LOCK = 'workbench-sync';

type LockFunction = <T>(name: string, task: () => Promise<T>) => Promise<T>;

function defaultLock(): LockFunction {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (!locks) return (_name, task) => task();
  return <T>(name: string, task: () => Promise<T>) => locks.request(name, task) as Promise<T>;
}

/**
 * The sync controller the app starts after unlock: runs the sync engine
 * (renderer/data/sync/sync-engine.ts) one run at a time across windows (Web
 * Lock), relays progress as status, and tells offline (the gateway says the
 * back end cannot be reached) from a failure. The last completed run's time
 * is kept in the cache's sealed sync state, so it survives a restart.
 */
export function startSyncController(
  request: StartSyncRequest,
  lock: LockFunction = defaultLock(),
  now: () => Date = () => new Date(),
): SyncController {
  const { cache, fhir, scope } = request;
  const listeners = new Set<(status: SyncStatus) => void>();
  const abort = new AbortController();
  let status: SyncStatus = { phase: 'idle', lastSyncedAt: null };
  let running: Promise<SyncReport | null> | null = null;
  let disposed = false;
  /** When the back end was first found unreachable in this stretch of being offline. */
  let offlineSince: string | null = null;

  function publish(next: SyncStatus): void {
    if (disposed) return;
    status = next;
    for (const listener of listeners) listener(status);
  }

  const loaded = cache.resources.getSyncState(LAST_SYNCED_KEY).then(
    (value) => {
      if (value && status.lastSyncedAt === null) publish({ ...status, lastSyncedAt: value });
    },
    () => undefined,
  );

  async function run(): Promise<SyncReport | null> {
    await loaded;
    const lastSyncedAt = status.lastSyncedAt;
    publish({ phase: 'syncing', lastSyncedAt, percent: 0, current: null, types: [] });
    try {
      const report = await lock(SYNC_LOCK, () =>
        runSync({
          fhir,
          cache: cache.resources,
          scope,
          signal: abort.signal,
          onProgress: (progress) =>
            publish({
              phase: 'syncing',
              lastSyncedAt,
              percent: progress.percent,
              current: progress.current,
              types: progress.types,
            }),
        }),
      );
      const finishedAt = report.finishedAt ?? now().toISOString();
      await cache.resources.setSyncState(LAST_SYNCED_KEY, finishedAt);
      offlineSince = null;
      publish({ phase: 'idle', lastSyncedAt: finishedAt });
      return report;
    } catch (error) {
      if (abort.signal.aborted) return null;
      if (error instanceof FhirError && error.kind === 'unreachable') {
        offlineSince ??= now().toISOString();
        publish({ phase: 'offline', lastSyncedAt, since: offlineSince });
        return null;
      }
      publish({
        phase: 'failed',
        lastSyncedAt,
        message: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  }

  return {
    status: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    syncNow() {
      if (disposed) return Promise.resolve(null);
      running ??= run().finally(() => {
        running = null;
      });
      return running;
    },
    dispose() {
      disposed = true;
      abort.abort();
      listeners.clear();
    },
  };
}

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
