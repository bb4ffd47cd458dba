import { Dexie, type DexieOptions } from 'dexie';
import { aesCodec, type CacheCodec } from './cache-codec.ts';
import { CacheDb, type MetaRow } from './cache-db.ts';
import { cacheDbName } from './cache-name.ts';
import type { CacheContext, CorruptionReport } from './cache-context.ts';
import { CacheOpenError, writeTransaction } from './cache-errors.ts';
import type { CacheKeys, OpenedCache } from './contracts.ts';
import { DexieOutboxStore } from './outbox-store.ts';
import { DexieResourceCache } from './resource-cache.ts';
import { applyRetention, type RetentionReport } from './retention.ts';

/**
 * Opens the user's encrypted offline cache (docs/adr/0003). Never throws
 * for a wrong key or an unreadable database: it wipes and starts empty and
 * says so (`wipedOnOpen`, `wipeReason`). A record that fails to open later
 * is dropped, its sync checkpoints are reset, and `onCorrupt` is told.
 */

export type WipeReason =
  /** The cache was sealed under another data key (a new key, another user's key). */
  | 'other-key'
  /** The key check row did not open with this key (tampered, or a lost key with the same id). */
  | 'key-check-failed'
  /** Data without a key check (written by something else, or a half-finished wipe). */
  | 'no-key-check'
  /** The database could not be opened or read (corrupt, a newer schema, a failed upgrade). */
  | 'unreadable';

export interface OpenCacheOptions {
  /** The caller's opaque, non-identifying hash of the user (not the persona id or a name). */
  readonly userKey: string;
  readonly keys: CacheKeys;
  /**
   * False when the keys are not persisted (no real keyring): the database
   * gets a name of its own for this run and is deleted on close and on
   * `pagehide`, so nothing outlives the window.
   */
  readonly persistent: boolean;
  /**
   * Joins the database another context opened (the sync worker joins the
   * page's in-memory cache by its `databaseName`). A joined in-memory
   * database is not deleted by this context.
   */
  readonly databaseName?: string;
  /** For tests: fake-indexeddb's factory and key range. */
  readonly indexedDB?: IDBFactory;
  readonly IDBKeyRange?: typeof IDBKeyRange;
  /** Replaces the AES codec (the benchmark's plaintext baseline; never in the app). */
  readonly codec?: CacheCodec;
  /** A record failed to open and was dropped (shown to the user; sync fetches it again). */
  readonly onCorrupt?: (report: CorruptionReport) => void;
}

export interface OpenedCacheHandle extends OpenedCache {
  readonly resources: DexieResourceCache;
  readonly outbox: DexieOutboxStore;
  readonly wipeReason: WipeReason | null;
  /** The IndexedDB database name (pass to the worker as `databaseName` when not persistent). */
  readonly databaseName: string;
  readonly persistent: boolean;
  /** Listens to dropped-record reports (besides `onCorrupt`); returns the unsubscribe. */
  subscribeCorrupt(listener: (report: CorruptionReport) => void): () => void;
  /** Removes cached resources of patients not in `patientIds`, keeping those with unsent outbox entries. */
  retainPatients(patientIds: readonly string[]): Promise<RetentionReport>;
  /** Closes and deletes the database (an in-memory cache at the end of the run). */
  destroy(): Promise<void>;
}

const KEY_CHECK = 'keyCheck';
const KEY_CHECK_TEXT = 'nordjysk-esundhed-workbench cache key check';
const MEMORY_SUFFIX = '-mem-';

interface KeyCheckBody {
  readonly check: string;
  readonly keyId: string;
}

/** The key check row for a codec (exported for the schema upgrade test). */
export async function sealKeyCheck(codec: CacheCodec): Promise<MetaRow> {
  const sealed = await codec.seal('meta', KEY_CHECK, {
    check: KEY_CHECK_TEXT,
    keyId: codec.keyId,
  } satisfies KeyCheckBody);
  return { name: KEY_CHECK, keyId: codec.keyId, iv: sealed.iv, data: sealed.data };
}

async function keyCheckOpens(codec: CacheCodec, row: MetaRow): Promise<boolean> {
  try {
    const body = await codec.open<KeyCheckBody>('meta', KEY_CHECK, row);
    return body.check === KEY_CHECK_TEXT && body.keyId === codec.keyId;
  } catch {
    return false;
  }
}

async function hasData(db: CacheDb): Promise<boolean> {
  const counts = await Promise.all([
    db.resources.count(),
    db.buckets.count(),
    db.outbox.count(),
    db.syncState.count(),
  ]);
  return counts.some((n) => n > 0);
}

function dexieOptions(options: OpenCacheOptions): DexieOptions {
  return {
    ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
    ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
  };
}

async function deleteDatabase(name: string, options: OpenCacheOptions): Promise<void> {
  await new Dexie(name, dexieOptions(options)).delete().catch(() => undefined);
}

/** Checks the key and wipes when needed; returns why it wiped, or null. */
async function verifyKey(
  db: CacheDb,
  codec: CacheCodec,
  keyCheck: MetaRow,
): Promise<WipeReason | null> {
  const row = await db.meta.get(KEY_CHECK);
  let reason: WipeReason | null = null;
  if (!row) reason = (await hasData(db)) ? 'no-key-check' : null;
  else if (row.keyId !== codec.keyId) reason = 'other-key';
  else if (!(await keyCheckOpens(codec, row))) reason = 'key-check-failed';
  if (reason || !row) {
    await writeTransaction(db, db.allTables, async () => {
      if (reason) await Promise.all(db.allTables.map((table) => table.clear()));
      await db.meta.put(keyCheck);
    });
  }
  return reason;
}

export async function openCache(options: OpenCacheOptions): Promise<OpenedCacheHandle> {
  const codec = options.codec ?? aesCodec(options.keys);
  const joined = options.databaseName !== undefined;
  const name =
    options.databaseName ??
    (options.persistent
      ? cacheDbName(options.userKey)
      : `${cacheDbName(options.userKey)}${MEMORY_SUFFIX}${globalThis.crypto.randomUUID()}`);
  if (joined && !name.startsWith(cacheDbName(options.userKey)))
    throw new RangeError('The database to join is not this user’s cache.');
  const keyCheck = await sealKeyCheck(codec);

  let db = new CacheDb(name, dexieOptions(options));
  let reason: WipeReason | null;
  try {
    await db.open();
    reason = await verifyKey(db, codec, keyCheck);
  } catch (error) {
    if (error instanceof Error && error.name === 'CacheQuotaError') throw error;
    db.close();
    await deleteDatabase(name, options);
    db = new CacheDb(name, dexieOptions(options));
    try {
      await db.open();
      await verifyKey(db, codec, keyCheck);
    } catch (second) {
      db.close();
      throw new CacheOpenError({ cause: second });
    }
    reason = 'unreadable';
  }

  const listeners = new Set<(report: CorruptionReport) => void>();
  const ctx: CacheContext = {
    db,
    codec,
    reportCorrupt(report) {
      try {
        options.onCorrupt?.(report);
      } catch {
        // A listener's failure must not break the read that found the corruption.
      }
      for (const listener of listeners) {
        try {
          listener(report);
        } catch {
          // Same.
        }
      }
    },
  };
  const resources = new DexieResourceCache(ctx, async () => {
    await db.meta.put(keyCheck);
  });
  const outbox = new DexieOutboxStore(ctx);

  const ownsMemoryDb = !options.persistent && !joined;
  let closed = false;
  const onPageHide = (): void => {
    close();
  };
  function close(): void {
    if (closed) return;
    closed = true;
    globalThis.removeEventListener?.('pagehide', onPageHide);
    db.close();
    if (ownsMemoryDb) void deleteDatabase(name, options);
  }
  if (ownsMemoryDb) globalThis.addEventListener?.('pagehide', onPageHide);

  return {
    resources,
    outbox,
    wipedOnOpen: reason !== null,
    wipeReason: reason,
    databaseName: name,
    persistent: options.persistent,
    close,
    subscribeCorrupt(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    retainPatients: (patientIds) => applyRetention(ctx, patientIds),
    async destroy() {
      closed = true;
      globalThis.removeEventListener?.('pagehide', onPageHide);
      db.close();
      await deleteDatabase(name, options);
    },
  };
}
