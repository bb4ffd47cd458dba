import type { Resource } from '@medplum/fhirtypes';
import type { MeasuredObservation } from '../model/measurements.ts';

/**
 * The encrypted offline cache as the sync worker, the outbox and the
 * cache-backed queries use it (docs/adr/0003). Everything stored is sealed
 * with the user's data key; indexes hold blind HMACs, dates and versionIds
 * only. Every write seals first and then runs one Dexie transaction.
 */

/** The resource types the workbench caches. */
export const CACHED_TYPES = [
  'Patient',
  'EpisodeOfCare',
  'Condition',
  'CarePlan',
  'ServiceRequest',
  'Observation',
  'QuestionnaireResponse',
  'Questionnaire',
  'Task',
  'ClinicalImpression',
  'Communication',
  'Appointment',
  'CareTeam',
  'Organization',
  'Practitioner',
] as const;
export type CachedType = (typeof CACHED_TYPES)[number];

/** A cached resource always has an id and a server versionId (or a local one, `local-…`, before it is sent). */
export type CachedResource = Resource & { readonly id: string };

export interface UpsertResult {
  /** Stored because new or of another versionId than the cached one. */
  readonly written: number;
  /** Same id and versionId as already cached: nothing written. */
  readonly unchanged: number;
  /** Resources with unsent outbox entries: the local change is kept, the given version not written (counted apart from `unchanged`). */
  readonly held?: number;
}

export interface CacheStats {
  readonly resources: number;
  /** Sealed bytes on disk, approximately. */
  readonly bytes: number;
}

export interface ResourceCache {
  /** One resource by type and id, or undefined. */
  get<T extends CachedResource>(type: CachedType, id: string): Promise<T | undefined>;
  /** Every cached resource of a type that refers to the patient (subject/patient/for). */
  byPatient<T extends CachedResource>(type: CachedType, patientId: string): Promise<T[]>;
  /** Every cached resource of a type linked to one of the episodes of care. */
  byEpisode<T extends CachedResource>(
    type: CachedType,
    episodeIds: readonly string[],
  ): Promise<T[]>;
  /** Observations of the episodes with clinical time in [fromMs, toMs). */
  observations(
    episodeIds: readonly string[],
    fromMs: number,
    toMs: number,
  ): Promise<CachedResource[]>;
  /**
   * The same Observations as `observations`, in the same order, cut to what
   * the measurement views read: answered from the buckets' digests, without
   * opening the full resources.
   */
  measurements(
    episodeIds: readonly string[],
    fromMs: number,
    toMs: number,
  ): Promise<MeasuredObservation[]>;
  /** Every cached resource of a (small) type. */
  all<T extends CachedResource>(type: CachedType): Promise<T[]>;
  /** id → versionId of the cached resources of a type (all, or those in `ids`). */
  versions(type: CachedType, ids?: readonly string[]): Promise<Map<string, string>>;
  /** Stores resources; an id + versionId already cached is skipped, so re-reads write nothing. */
  upsert(resources: readonly CachedResource[]): Promise<UpsertResult>;
  /** Removes resources (found gone by reconciliation). */
  remove(type: CachedType, ids: readonly string[]): Promise<number>;
  /** A sync checkpoint (server time, ISO) or other small sync state, by key. */
  getSyncState(key: string): Promise<string | undefined>;
  setSyncState(key: string, value: string): Promise<void>;
  stats(): Promise<CacheStats>;
  /** Deletes everything (sign-out after the outbox question, wrong key). */
  wipe(): Promise<void>;
}

/** What an outbox entry asks the server to do; the outbox module defines the payload shapes. */
export interface OutboxEntryDraft {
  /** e.g. 'submit-measurement', 'patch-task'; the sender dispatches on it. */
  readonly kind: string;
  /** The resource the entry changes; entries of one resource are sent in order. */
  readonly resourceType: CachedType;
  readonly resourceId: string;
  /** The versionId the change was made against (null for a create): kept for merges and If-Match. */
  readonly baseVersionId: string | null;
  /** Sealed with the data key, like every clinical payload. */
  readonly payload: unknown;
}

export type OutboxStatus =
  /** Waiting to be sent (or to be retried after `notBefore`). */
  | 'pending'
  /** Sent once without a clear answer: the next attempt must first find out whether it committed. */
  | 'uncertain'
  /** The server refused it (4xx) or it conflicts: kept, shown, waiting for the user. */
  | 'needs-attention';

export interface OutboxEntry extends OutboxEntryDraft {
  /** Client-generated UUID: also the write's idempotency key, carried to the server. */
  readonly id: string;
  /** Order of enqueueing (monotonic). */
  readonly seq: number;
  readonly status: OutboxStatus;
  readonly attempts: number;
  /** Epoch ms before which the sender leaves it alone (backoff). */
  readonly notBefore: number;
  /** The server's words for a refusal or conflict, for the user. */
  readonly problem: string | null;
  readonly createdAt: number;
}

/** The cached versionId was not the one the change was made against. */
export class StaleBaseError extends Error {
  readonly cachedVersionId: string | null;
  constructor(cachedVersionId: string | null) {
    super(
      `The cached version changed (now ${cachedVersionId ?? 'none'}) before the change was saved.`,
    );
    this.name = 'StaleBaseError';
    this.cachedVersionId = cachedVersionId;
  }
}

export interface OutboxStore {
  /**
   * Applies a local change to the cache and queues it, in one transaction
   * that first checks the cached versionId still equals `expectedVersionId`
   * (null: the resource must not exist yet); throws StaleBaseError otherwise.
   */
  enqueue(
    change: { readonly resource: CachedResource; readonly expectedVersionId: string | null },
    draft: OutboxEntryDraft,
  ): Promise<OutboxEntry>;
  /** Every entry in send order. */
  list(): Promise<OutboxEntry[]>;
  /** Entries not yet on the server (what the UI counts). */
  count(): Promise<number>;
  /** Records a send attempt's outcome (status, attempts, notBefore, problem). */
  update(
    id: string,
    change: Partial<Pick<OutboxEntry, 'status' | 'attempts' | 'notBefore' | 'problem'>>,
  ): Promise<void>;
  /** Done (on the server, confirmed) or discarded by the user; with `resources`, the server's versions replace the local ones in the same transaction. */
  complete(id: string, resources?: readonly CachedResource[]): Promise<void>;
  /**
   * The user gave the change up: removes the entry and rolls the cached
   * resource back to the version before it ('restored'), or removes a create
   * never confirmed ('removed'). When later entries of the same resource are
   * queued (built on this change), the cache stays and the next entry
   * inherits this one's base ('superseded'): discarding it too restores the
   * original version, so discarding all in `list()` order rolls everything back.
   */
  discard(id: string): Promise<'restored' | 'removed' | 'superseded'>;
  /** The cached resource as it was before the entry's change (null for a create): the base for merges. */
  base(id: string): Promise<CachedResource | null>;
}

/** The user's cache keys, derived from the data key main hands over at unlock; never extractable. */
export interface CacheKeys {
  /** AES-GCM-256 for sealing. */
  readonly aes: CryptoKey;
  /** HMAC-SHA-256 for blind indexes. */
  readonly hmac: CryptoKey;
  /** Identifies the data key (not secret), so a cache sealed under another key is recognised. */
  readonly keyId: string;
}

export interface OpenedCache {
  readonly resources: ResourceCache;
  readonly outbox: OutboxStore;
  /** True when the cache was found sealed under another key (or unreadable) and was wiped on opening. */
  readonly wipedOnOpen: boolean;
  close(): void;
}
