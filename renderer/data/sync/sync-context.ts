import type { CachedType, ResourceCache } from '../cache/contracts.ts';
import { type FhirClient } from '../fhir/fhir-client.ts';
import { FhirError } from '../fhir/fhir-error.ts';
import type { SyncProgressTracker } from './sync-progress.ts';

export interface SyncTuning {
  /** `_count` per page (the demo back end and FUT cap it at 1,000). */
  readonly pageSize: number;
  /** References or ids per search, keeping a GET's URL well under 8 KB. */
  readonly idsPerRequest: number;
  /** Observations re-read this far before the last read (late submissions), on a schedule. */
  readonly trailingWindowDays: number;
  /** How often an episode's trailing window is re-read (0: every run). */
  readonly trailingWindowEveryMs: number;
  /** Between window re-reads, Observations are read from the last read less this (in transit). */
  readonly recentOverlapMs: number;
  /** A checkpoint older than this is moved on even when the listing found nothing (bounds the window). */
  readonly checkpointRefreshMs: number;
  /** Pages one listing may have before it is treated as a broken server. */
  readonly maxPages: number;
}

export const DEFAULT_SYNC_TUNING: SyncTuning = {
  pageSize: 1000,
  idsPerRequest: 200,
  trailingWindowDays: 7,
  trailingWindowEveryMs: 12 * 3600 * 1000,
  recentOverlapMs: 6 * 3600 * 1000,
  checkpointRefreshMs: 24 * 3600 * 1000,
  maxPages: 5000,
};

/** The server's answer could not be used for a sync (no checkpoint time, a resource without version). */
export class SyncProtocolError extends FhirError {
  constructor(message: string) {
    super('invalid-response', 200, message);
    this.name = 'SyncProtocolError';
  }
}

/** What one run counts for its report. */
export interface SyncCounters {
  requests: number;
  stateWrites: number;
  unchanged: number;
  /** Server time of the run's first listing. */
  serverTime: string | null;
  readonly requestsByType: Map<CachedType, number>;
  readonly listingsByType: Map<CachedType, number>;
}

/** What every phase of one run works with. */
export interface SyncContext {
  readonly fhir: FhirClient;
  readonly cache: ResourceCache;
  readonly signal: AbortSignal | undefined;
  readonly tuning: SyncTuning;
  readonly progress: SyncProgressTracker;
  readonly counters: SyncCounters;
  /** The clock: the trailing window's schedule and the report's end; checkpoints are server time. */
  readonly now: () => Date;
  /** Digest of the practitioner and teams: sync state is kept per scope. */
  readonly scopeKey: string;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
}

/** `<Type>:<scope>`: the cache drops a type's sync state with its resources (corruption, wipe). */
export function stateKey(context: SyncContext, type: CachedType, suffix = ''): string {
  return `${type}:${context.scopeKey}${suffix}`;
}

/** Whether a checkpoint is old enough to move on although nothing changed (bounds re-read windows). */
export function isStale(context: SyncContext, since: string, serverTime: string): boolean {
  return Date.parse(serverTime) - Date.parse(since) > context.tuning.checkpointRefreshMs;
}

/** Stores a sync state unless it is unchanged (a quiet run writes nothing). */
export async function setState(
  context: SyncContext,
  key: string,
  value: string,
  previous: string | undefined | null,
): Promise<void> {
  if (value === previous) return;
  throwIfAborted(context.signal);
  await context.cache.setSyncState(key, value);
  context.counters.stateWrites++;
}
