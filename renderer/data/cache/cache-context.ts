import type { CacheCodec } from './cache-codec.ts';
import type { CacheDb } from './cache-db.ts';
import type { CachedResource, CachedType } from './contracts.ts';

/**
 * What the cache's write machinery (cache-engine.ts) and its reads
 * (cache-reads.ts) both work with: the open database and codec, the blinding
 * domains, and resources paired with their blind keys. Its own module so the
 * two need not import each other.
 */

export const DOMAIN = {
  resource: 'resource',
  patient: 'patient',
  episode: 'episode',
  syncState: 'sync-state',
} as const;

/** What was dropped because it failed to open (tampered, moved, another key, corrupt). */
export interface CorruptionReport {
  readonly table: 'resources' | 'buckets' | 'syncState' | 'outbox';
  /** The resource type dropped (its sync checkpoints were reset), or null for sync state and outbox rows. */
  readonly type: CachedType | null;
  /** Resources, sync states or outbox entries dropped. */
  readonly dropped: number;
}

export interface CacheContext {
  readonly db: CacheDb;
  readonly codec: CacheCodec;
  readonly reportCorrupt: (report: CorruptionReport) => void;
}

/** A resource with its blind key. */
export interface Keyed {
  readonly resource: CachedResource;
  readonly key: string;
}

/** A resource to remove, with its blind key. */
export interface KeyedRef {
  readonly type: CachedType;
  readonly key: string;
}
