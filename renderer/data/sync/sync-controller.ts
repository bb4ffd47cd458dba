import type { CacheKeys } from '../cache/contracts.ts';
import type { SyncController, SyncReport, SyncScope, SyncStatus } from './contracts.ts';
import type {
  FromSyncWorker,
  MessageEndpoint,
  SyncWorkerInit,
  ToSyncWorker,
} from './sync-messages.ts';

/**
 * The page's handle on the sync worker: starts it, posts the cache keys
 * (non-extractable CryptoKeys, structured-cloned) and the scope, relays
 * status, and asks for runs.
 */

export interface SyncControllerOptions {
  readonly keys: CacheKeys;
  /** The same opaque user hash the page's openCache used. */
  readonly userKey: string;
  readonly persistent: boolean;
  /** The page's in-memory database to join when not persistent (OpenedCacheHandle.databaseName). */
  readonly databaseName?: string;
  readonly scope: SyncScope;
  readonly retryIntervalMs?: number;
  readonly intervalMs?: number;
  readonly syncOnStart?: boolean;
  /** Starts the worker; tests pass a MessagePort. */
  readonly createWorker?: () => MessageEndpoint & { terminate?: () => void };
}

export function startSyncWorker(): Worker {
  return new Worker(new URL('./sync.worker.ts', import.meta.url), {
    type: 'module',
    name: 'workbench-sync',
  });
}

export function createSyncController(options: SyncControllerOptions): SyncController {
  // Without a sync on start the worker has nothing to do until asked: it starts at the first
  // syncNow, so neither its chunk nor its database work competes with the first view.
  type WorkerEndpoint = MessageEndpoint & { terminate?: () => void };
  let worker: WorkerEndpoint | null = null;
  const startWorker = (): WorkerEndpoint => {
    const started: WorkerEndpoint = options.createWorker
      ? options.createWorker()
      : startSyncWorker();
    started.addEventListener('message', onMessage);
    started.postMessage(init);
    return started;
  };
  let status: SyncStatus = { phase: 'idle', lastSyncedAt: null };
  const listeners = new Set<(status: SyncStatus) => void>();
  const waiting = new Map<number, (report: SyncReport | null) => void>();
  let nextRequest = 1;
  let disposed = false;

  const post = (message: ToSyncWorker) => (worker ??= startWorker()).postMessage(message);

  function setStatus(next: SyncStatus): void {
    status = next;
    for (const listener of listeners) {
      try {
        listener(next);
      } catch {
        // One listener's failure must not stop the others.
      }
    }
  }

  const onMessage = (event: MessageEvent): void => {
    const message = event.data as FromSyncWorker;
    switch (message.kind) {
      case 'status':
        setStatus(message.status);
        return;
      case 'result': {
        const resolve = waiting.get(message.requestId);
        waiting.delete(message.requestId);
        resolve?.(message.report);
        return;
      }
      case 'fatal':
        setStatus({ phase: 'failed', lastSyncedAt: status.lastSyncedAt, message: message.message });
        for (const resolve of waiting.values()) resolve(null);
        waiting.clear();
        return;
      case 'ready':
        return;
    }
  };
  const init: SyncWorkerInit = {
    kind: 'init',
    keys: options.keys,
    userKey: options.userKey,
    persistent: options.persistent,
    scope: {
      practitionerId: options.scope.practitionerId,
      careTeamIds: [...options.scope.careTeamIds],
    },
    ...(options.databaseName ? { databaseName: options.databaseName } : {}),
    ...(options.retryIntervalMs !== undefined ? { retryIntervalMs: options.retryIntervalMs } : {}),
    ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
    ...(options.syncOnStart !== undefined ? { syncOnStart: options.syncOnStart } : {}),
  };
  if (options.syncOnStart !== false) worker = startWorker();

  return {
    status: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    syncNow() {
      if (disposed) return Promise.resolve(null);
      const requestId = nextRequest++;
      return new Promise<SyncReport | null>((resolve) => {
        waiting.set(requestId, resolve);
        post({ kind: 'sync', requestId });
      });
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      if (worker) {
        worker.postMessage({ kind: 'dispose' } satisfies ToSyncWorker);
        worker.removeEventListener('message', onMessage);
        worker.terminate?.();
      }
      for (const resolve of waiting.values()) resolve(null);
      waiting.clear();
      listeners.clear();
    },
  };
}
