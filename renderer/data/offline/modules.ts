import type { WorkbenchApi } from '../../../shared/ipc/workbench-api.ts';
import { unwrap } from '../bridge.ts';
import { importCacheKeys } from '../cache/cache-crypto.ts';
import { openCache, type OpenedCacheHandle } from '../cache/open-cache.ts';
import type { FhirClient } from '../fhir/fhir-client.ts';
import { createCacheSource } from '../source/cache-source.ts';
import type { ClinicalWrites } from '../outbox/contracts.ts';
import {
  broadcastChannelOutbox,
  createOutboxController,
  type WorkbenchOutboxController,
} from '../outbox/outbox-controller.ts';
import { createClinicalWrites } from '../outbox/writes.ts';
import type { OfflineModules, PartsRequest } from './offline-session.ts';
import { cacheUserKey, hasCacheDatabase } from './cache-user-key.ts';
import { startWorkerSyncController } from './sync-module.ts';

/** What `cache` is in the app: the handle openCache returns. */
function handleOf(request: PartsRequest): OpenedCacheHandle {
  return request.cache as OpenedCacheHandle;
}

/**
 * After every local write the outbox is re-counted (the app bar shows the
 * number at once) and asked to send (it stays queued while offline).
 */
export function nudgingWrites(
  writes: ClinicalWrites,
  controller: WorkbenchOutboxController,
): ClinicalWrites {
  async function nudged<T>(written: Promise<T>): Promise<T> {
    const result = await written;
    await controller.refresh().catch(() => undefined);
    void controller.sendNow().catch(() => undefined);
    return result;
  }
  return {
    registerMeasurement: (input) => nudged(writes.registerMeasurement(input)),
    acknowledgeTask: (taskId, expectedVersionId) =>
      nudged(writes.acknowledgeTask(taskId, expectedVersionId)),
    addTaskNote: (taskId, expectedVersionId, text) =>
      nudged(writes.addTaskNote(taskId, expectedVersionId, text)),
  };
}

/** The real offline layer for the app: the bridge to main, the page's IndexedDB and WebCrypto. */
export function createOfflineModules(bridge: WorkbenchApi, fhir: FhirClient): OfflineModules {
  // The opaque database names openCache was given, for the sync to open the same one.
  const userKeys = new Map<string, string>();
  const userKeyOf = (userId: string): string => {
    const key = userKeys.get(userId);
    if (!key) throw new Error('The cache was not opened before the sync started.');
    return key;
  };
  return {
    unlock: () => unwrap(bridge.cacheUnlock()),
    forget: async () => {
      await unwrap(bridge.cacheForget());
    },
    hasCache: (userId) => hasCacheDatabase(userId),
    importKeys: importCacheKeys,
    openCache: async ({ userId, keys, persistent }) => {
      const userKey = await cacheUserKey(userId);
      userKeys.set(userId, userKey);
      return openCache({ userKey, keys, persistent });
    },
    cacheSource: ({ cache }) => createCacheSource(cache.resources),
    startOutbox: (request) => {
      const controller = createOutboxController({
        cache: request.cache,
        client: fhir,
        // The user's other windows count along (the app bar's number is the same everywhere).
        broadcast: broadcastChannelOutbox(userKeyOf(request.userId)),
      });
      void controller.refresh().catch(() => undefined);
      const writes = createClinicalWrites({
        cache: request.cache,
        author: `Practitioner/${request.practitionerId}`,
      });
      return { controller, writes: nudgingWrites(writes, controller) };
    },
    startSync: (request) =>
      startWorkerSyncController({
        ...request,
        userKey: userKeyOf(request.userId),
        cache: handleOf(request),
        fhir,
      }),
    requestPersistence: async () => {
      const storage = (globalThis as { navigator?: Navigator }).navigator?.storage;
      if (!storage?.persist) return null;
      return storage.persist();
    },
  };
}
