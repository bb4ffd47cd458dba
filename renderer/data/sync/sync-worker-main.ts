import { openCache, type OpenCacheOptions } from '../cache/open-cache.ts';
import { createFhirClient, type FhirFetch } from '../fhir/fhir-client.ts';
import type { SyncStatus } from './contracts.ts';
import type { FromSyncWorker, MessageEndpoint, ToSyncWorker } from './sync-messages.ts';
import {
  createSyncService,
  type LockManagerLike,
  type Scheduler,
  type SyncService,
} from './sync-service.ts';

/**
 * The sync worker's body, given its message endpoint (the worker's global
 * scope in the app; a MessagePort in tests): waits for `init`, opens the
 * user's cache with the posted keys, syncs through the gateway on the
 * worker's own origin (`/fhir`), and answers `sync` requests.
 */

export interface SyncWorkerEnvironment {
  readonly fetch?: FhirFetch;
  readonly locks?: LockManagerLike | null;
  readonly scheduler?: Scheduler;
  /** fake-indexeddb in Node tests. */
  readonly indexedDB?: OpenCacheOptions['indexedDB'];
  readonly IDBKeyRange?: OpenCacheOptions['IDBKeyRange'];
  readonly now?: () => Date;
}

const timeoutScheduler: Scheduler = (run, ms) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

function defaultLocks(): LockManagerLike | null {
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
  return locks ?? null;
}

export function attachSyncWorker(
  endpoint: MessageEndpoint,
  environment: SyncWorkerEnvironment = {},
): () => void {
  let service: SyncService | null = null;
  let close: (() => void) | null = null;
  let starting: Promise<void> | null = null;
  let disposed = false;
  const post = (message: FromSyncWorker) => endpoint.postMessage(message);

  async function start(init: Extract<ToSyncWorker, { kind: 'init' }>): Promise<void> {
    const opened = await openCache({
      userKey: init.userKey,
      keys: init.keys,
      persistent: init.persistent,
      ...(init.databaseName ? { databaseName: init.databaseName } : {}),
      ...(environment.indexedDB ? { indexedDB: environment.indexedDB } : {}),
      ...(environment.IDBKeyRange ? { IDBKeyRange: environment.IDBKeyRange } : {}),
    });
    if (disposed) {
      opened.close();
      return;
    }
    close = () => opened.close();
    service = createSyncService({
      cache: opened.resources,
      fhir: createFhirClient(environment.fetch),
      scope: init.scope,
      locks: environment.locks === undefined ? defaultLocks() : environment.locks,
      scheduler: environment.scheduler ?? timeoutScheduler,
      ...(environment.now ? { now: environment.now } : {}),
      ...(init.retryIntervalMs !== undefined ? { retryIntervalMs: init.retryIntervalMs } : {}),
      ...(init.intervalMs !== undefined ? { intervalMs: init.intervalMs } : {}),
      onStatus: (status: SyncStatus) => post({ kind: 'status', status }),
    });
    post({ kind: 'ready', wipedOnOpen: opened.wipedOnOpen });
    if (init.syncOnStart ?? true) void service.syncNow().catch(() => undefined);
  }

  const onMessage = (event: MessageEvent): void => {
    const message = event.data as ToSyncWorker;
    switch (message.kind) {
      case 'init':
        if (starting) return;
        starting = start(message).catch((error: unknown) => {
          post({
            kind: 'fatal',
            message:
              error instanceof Error ? error.message : 'The offline cache could not be opened.',
          });
        });
        return;
      case 'sync': {
        const requestId = message.requestId;
        void (async () => {
          await starting;
          const report = service ? await service.syncNow().catch(() => null) : null;
          post({ kind: 'result', requestId, report });
        })();
        return;
      }
      case 'dispose':
        dispose();
        return;
    }
  };

  function dispose(): void {
    disposed = true;
    service?.dispose();
    close?.();
    endpoint.removeEventListener('message', onMessage);
  }

  endpoint.addEventListener('message', onMessage);
  return dispose;
}
