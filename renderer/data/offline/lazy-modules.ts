import type { WorkbenchApi } from '../../../shared/ipc/workbench-api.ts';
import { unwrap } from '../bridge.ts';
import type { FhirClient } from '../fhir/fhir-client.ts';
import { hasCacheDatabase } from './cache-user-key.ts';
import type { OfflineModules } from './offline-session.ts';

/**
 * The offline layer (Dexie, the cache, sync and outbox) loads after sign-in,
 * not with the sign-in screen: the first call fetches the chunk, and the
 * synchronous parts are only called once the cache is open, so it is there.
 * Unlocking asks main directly, so the key and the chunk arrive together.
 */
export function lazyOfflineModules(bridge: WorkbenchApi, fhir: FhirClient): OfflineModules {
  let loading: Promise<OfflineModules> | null = null;
  let real: OfflineModules | null = null;
  const load = () =>
    (loading ??= import('./modules.ts').then((module) => {
      real = module.createOfflineModules(bridge, fhir);
      return real;
    }));
  const loaded = (): OfflineModules => {
    if (!real) throw new Error('The offline layer is used before it has loaded.');
    return real;
  };
  return {
    unlock: () => {
      void load().catch(() => undefined);
      return unwrap(bridge.cacheUnlock());
    },
    forget: async () => {
      await unwrap(bridge.cacheForget());
    },
    // Without the chunk: the first view asks this before the cache (and Dexie) have loaded.
    hasCache: (userId) => hasCacheDatabase(userId),
    importKeys: async (raw, keyId) => (await load()).importKeys(raw, keyId),
    openCache: async (request) => (await load()).openCache(request),
    requestPersistence: async () => (await load()).requestPersistence(),
    cacheSource: (request) => loaded().cacheSource(request),
    startOutbox: (request) => loaded().startOutbox(request),
    startSync: (request) => loaded().startSync(request),
  };
}
