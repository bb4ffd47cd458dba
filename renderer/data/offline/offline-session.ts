import type { CacheUnlock, Session } from '../../../shared/ipc/schemas.ts';
import type { CacheKeys, CacheStats, OpenedCache } from '../cache/contracts.ts';
import type { ClinicalWrites, OutboxController } from '../outbox/contracts.ts';
import type { ResourceSource } from '../source/resource-source.ts';
import type { SyncController, SyncScope } from '../sync/contracts.ts';

/**
 * One signed-in user's offline data layer (docs/adr/0003), from the key to
 * the views: unlock the key in main → derive the non-extractable keys →
 * open the encrypted cache → start the sync and the outbox → cache-backed
 * source and writes. `dispose()` stops it all; `wipe()` also empties the
 * cache (sign-out after the outbox question). The parts are injected so the
 * wiring is tested with the real modules in Node and in Chromium alike.
 */
export interface OfflineModules {
  /** `workbench.cacheUnlock()`: the signed-in user's data key from main. */
  unlock(): Promise<CacheUnlock>;
  /** `workbench.cacheForget()`: main drops the user's key after the cache was wiped. */
  forget(): Promise<void>;
  /** Whether the user has a cache on this device at all (false: it was never synced here). */
  hasCache(userId: string): Promise<boolean>;
  importKeys(raw: Uint8Array, keyId: string): Promise<CacheKeys>;
  openCache(request: OpenCacheRequest): Promise<OpenedCache>;
  startSync(request: PartsRequest & { readonly scope: SyncScope }): SyncController;
  startOutbox(request: PartsRequest): {
    readonly controller: OutboxController;
    readonly writes: ClinicalWrites;
  };
  cacheSource(request: PartsRequest): ResourceSource;
  /** `navigator.storage.persist()`; null where the browser offers no answer. */
  requestPersistence(): Promise<boolean | null>;
}

export interface OpenCacheRequest {
  /** The cache's owner (`persona:…` / `practitioner:…`): one database per user. */
  readonly userId: string;
  readonly keys: CacheKeys;
  /** False: nothing may outlive this run (no OS keyring). */
  readonly persistent: boolean;
}

export interface PartsRequest {
  readonly userId: string;
  /** The signed-in clinician (performer and author of local writes). */
  readonly practitionerId: string;
  readonly keys: CacheKeys;
  readonly cache: OpenedCache;
  readonly persistent: boolean;
}

export interface OfflineSession {
  readonly userId: string;
  readonly info: CacheInfo;
  readonly cache: OpenedCache;
  readonly sync: SyncController;
  readonly outbox: OutboxController;
  readonly writes: ClinicalWrites;
  readonly source: ResourceSource;
  stats(): Promise<CacheStats>;
  /** Stops the sync worker and the sender and closes the database; the cache stays on disk. */
  dispose(): void;
  /** Stops everything, empties the cache and makes main forget the key. */
  wipe(): Promise<void>;
}

/** What the UI says about the open cache. */
export interface CacheInfo {
  /** False: no OS keyring (e.g. `basic_text`), so the key and the cache last this run only. */
  readonly persistent: boolean;
  /** What protects the key, as main names it (`gnome_libsecret`, `dpapi`, `harness-file`, …). */
  readonly backend: string;
  /** The cache was sealed under another key (or unreadable) and was emptied on opening. */
  readonly wipedOnOpen: boolean;
  /**
   * The browser's answer to `navigator.storage.persist()`: true when the
   * cache is safe from eviction under storage pressure; null when not asked
   * (memory-only cache) or not supported.
   */
  readonly storagePersisted: boolean | null;
}

/** Raised when unlocking or opening fails; the message is for the user. */
export class OfflineStartError extends Error {
  readonly step: 'unlock' | 'keys' | 'open' | 'start';
  constructor(step: OfflineStartError['step'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OfflineStartError';
    this.step = step;
  }
}

/** The user whose cache this is, named as main names the user's key (main/keystore: cacheUserKeyOf). */
export function cacheUserId(session: Session): string {
  return session.demo ? `persona:${session.persona.id}` : `practitioner:${session.practitionerId}`;
}

export function syncScopeOf(session: Session): SyncScope {
  return {
    practitionerId: session.practitionerId,
    careTeamIds: session.persona.careTeams.map((team) => team.id),
  };
}

/** Standard base64 → bytes (the key as main hands it over). */
export function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Opens the signed-in user's offline data layer. If `signal` aborts while it
 * opens (sign-out, user switch), whatever was started is disposed and the
 * promise rejects with the abort reason.
 */
export async function startOfflineSession(
  session: Session,
  modules: OfflineModules,
  signal?: AbortSignal,
): Promise<OfflineSession> {
  const userId = cacheUserId(session);
  const checkAborted = () => {
    if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
  };

  let unlocked: CacheUnlock;
  try {
    unlocked = await modules.unlock();
  } catch (error) {
    throw new OfflineStartError('unlock', messageOf(error), { cause: error });
  }
  checkAborted();

  let keys: CacheKeys;
  try {
    // importKeys overwrites the raw bytes once the keys are derived.
    keys = await modules.importKeys(decodeBase64(unlocked.key), unlocked.keyId);
  } catch (error) {
    throw new OfflineStartError('keys', messageOf(error), { cause: error });
  }
  checkAborted();

  let cache: OpenedCache;
  try {
    cache = await modules.openCache({ userId, keys, persistent: unlocked.persistent });
  } catch (error) {
    throw new OfflineStartError('open', messageOf(error), { cause: error });
  }
  if (signal?.aborted) {
    cache.close();
    checkAborted();
  }

  // Only a cache that outlives the run is worth protecting from eviction.
  const storagePersisted = unlocked.persistent
    ? await modules.requestPersistence().catch(() => null)
    : null;

  const parts: PartsRequest = {
    userId,
    practitionerId: session.practitionerId,
    keys,
    cache,
    persistent: unlocked.persistent,
  };
  let sync: SyncController | null = null;
  let outbox: { controller: OutboxController; writes: ClinicalWrites } | null = null;
  let source: ResourceSource;
  try {
    source = modules.cacheSource(parts);
    outbox = modules.startOutbox(parts);
    sync = modules.startSync({ ...parts, scope: syncScopeOf(session) });
  } catch (error) {
    outbox?.controller.dispose();
    sync?.dispose();
    cache.close();
    throw new OfflineStartError('start', messageOf(error), { cause: error });
  }
  const started = { sync, outbox };

  let disposed = false;
  const dispose = () => {
    if (disposed) return;
    disposed = true;
    started.sync.dispose();
    started.outbox.controller.dispose();
    cache.close();
  };

  const offline: OfflineSession = {
    userId,
    info: {
      persistent: unlocked.persistent,
      backend: unlocked.backend,
      wipedOnOpen: cache.wipedOnOpen,
      storagePersisted,
    },
    cache,
    sync: started.sync,
    outbox: started.outbox.controller,
    writes: started.outbox.writes,
    source,
    stats: () => cache.resources.stats(),
    dispose,
    wipe: async () => {
      started.sync.dispose();
      started.outbox.controller.dispose();
      try {
        await cache.resources.wipe();
      } finally {
        if (!disposed) {
          disposed = true;
          cache.close();
        }
      }
      await modules.forget();
    },
  };
  if (signal?.aborted) {
    dispose();
    checkAborted();
  }
  return offline;
}
