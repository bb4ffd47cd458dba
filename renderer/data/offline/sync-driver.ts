import { FhirError } from '../fhir/fhir-error.ts';
import type { OutboxController } from '../outbox/contracts.ts';
import type { FirstSync } from '../source/switching-source.ts';
import type { SyncController, SyncReport } from '../sync/contracts.ts';

/**
 * When the app syncs: at once after unlock, then on a schedule; while the
 * back end cannot be reached, again with a growing pause, so the app notices
 * by itself when the connection is back. After every run that reached the
 * server the outbox is asked to send. One run at a time: asking while one
 * runs joins it.
 */
export interface SyncDriver {
  /** Runs a sync now (or joins the running one), then lets the outbox send. */
  runNow(): Promise<void>;
  /** Whether the cache has ever been filled by a completed sync. */
  everSynced(): boolean;
  /** What the last run failed with (a FhirError where the sync passed it on), or null. */
  lastError(): unknown;
  dispose(): void;
}

export interface SyncDriverOptions {
  readonly sync: SyncController;
  readonly outbox: OutboxController;
  /** Between syncs while online. */
  readonly intervalMs?: number;
  /** The pause before the `attempt`th retry while offline (1, 2, …): short, to notice reconnection. */
  readonly retryDelayMs?: (attempt: number) => number;
  /** The pause before the `attempt`th retry after a failure (a server error): longer; the user may retry. */
  readonly failedRetryDelayMs?: (attempt: number) => number;
  /** Called after a run that changed the cache (written or removed something). */
  readonly onCacheChanged?: () => void;
  /** Housekeeping after a run that reached the server (retention); its failure is ignored. */
  readonly afterSync?: () => Promise<void>;
  /** Called after every run with what it failed with (null: it did not fail). */
  readonly onSettled?: (error: unknown) => void;
  /** The cache was filled by a sync before (read from the cache when it opened). */
  readonly initiallySynced?: boolean;
  /** Called once, after the first run that completed (the caller records it in the cache). */
  readonly onFirstSynced?: () => Promise<void>;
  readonly setTimer?: (run: () => void, ms: number) => unknown;
  readonly clearTimer?: (timer: unknown) => void;
}

export const SYNC_INTERVAL_MS = 5 * 60_000;

/** 2 s, 4 s, 8 s … at most 30 s: a nurse back in coverage is back online within half a minute. */
export function defaultRetryDelay(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(1, attempt));
}

/** 30 s, 60 s, 2 min … at most the sync interval: a server error is rarely gone in seconds. */
export function defaultFailedRetryDelay(attempt: number): number {
  return Math.min(SYNC_INTERVAL_MS, 30_000 * 2 ** Math.max(0, attempt - 1));
}

export function createSyncDriver(options: SyncDriverOptions): SyncDriver {
  const { sync, outbox } = options;
  const interval = options.intervalMs ?? SYNC_INTERVAL_MS;
  const retryDelay = options.retryDelayMs ?? defaultRetryDelay;
  const failedRetryDelay = options.failedRetryDelayMs ?? defaultFailedRetryDelay;
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer =
    options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));

  let running: Promise<void> | null = null;
  /** The running run has not finished its sync yet (asking now joins it). */
  let syncing = false;
  let timer: unknown = null;
  let failures = 0;
  let disposed = false;
  let error: unknown = null;
  let synced = options.initiallySynced === true || sync.status().lastSyncedAt !== null;
  let recorded = options.initiallySynced === true;

  // The controller may learn of an earlier sync (stored in the cache) after it started.
  const unsubscribe = sync.subscribe((status) => {
    if (status.lastSyncedAt !== null) synced = true;
  });

  function schedule(ms: number): void {
    if (disposed) return;
    if (timer !== null) clearTimer(timer);
    timer = setTimer(() => {
      timer = null;
      void runNow();
    }, ms);
  }

  function changed(report: SyncReport | null): boolean {
    return report !== null && report.written + report.removed > 0;
  }

  async function run(): Promise<void> {
    // The outbox does not wait for a long sync: it tries too (it keeps its own backoff when offline).
    void outbox.sendNow().catch(() => undefined);
    let report: SyncReport | null = null;
    try {
      report = await sync.syncNow();
      error = null;
    } catch (caught) {
      error = caught;
    }
    syncing = false;
    if (disposed) return;
    // The worker's controller resolves a failed run with null and tells why in its status.
    const failed = sync.status();
    options.onSettled?.(
      error ??
        (failed.phase === 'failed'
          ? new SyncRunFailed(failed.kind ?? 'other')
          : failed.phase === 'offline'
            ? new SyncRunFailed('unreachable')
            : null),
    );
    const status = sync.status();
    if (status.lastSyncedAt !== null) synced = true;
    const reachedServer = error === null && status.phase !== 'offline' && status.phase !== 'failed';
    if (reachedServer) {
      failures = 0;
      synced = true;
      if (!recorded && options.onFirstSynced) {
        recorded = true;
        await options.onFirstSynced().catch(() => {
          recorded = false;
        });
      }
      await options.afterSync?.().catch(() => undefined);
      if (changed(report)) options.onCacheChanged?.();
      schedule(interval);
      try {
        await outbox.sendNow();
      } catch {
        // The outbox keeps its own state and error for the UI; the schedule goes on.
      }
    } else {
      if (changed(report)) options.onCacheChanged?.();
      failures += 1;
      const offline =
        status.phase === 'offline' || (error instanceof FhirError && error.kind === 'unreachable');
      schedule(offline ? retryDelay(failures) : failedRetryDelay(failures));
    }
  }

  function runNow(): Promise<void> {
    if (disposed) return Promise.resolve();
    if (running && syncing) return running;
    // None running, or the running one is past its sync (housekeeping, sending): a fresh run follows.
    const previous = running ?? Promise.resolve();
    syncing = true;
    const next: Promise<void> = previous.then(run).finally(() => {
      if (running === next) running = null;
    });
    running = next;
    return next;
  }

  return {
    runNow,
    everSynced: () => synced,
    lastError: () => error,
    dispose: () => {
      disposed = true;
      unsubscribe();
      if (timer !== null) clearTimer(timer);
      timer = null;
    },
  };
}

/** The error a view shows when it has nothing cached and the first sync did not get through. */
export function firstSyncError(driver: SyncDriver, sync: SyncController): Error {
  const last = driver.lastError();
  if (last instanceof Error) return last;
  const status = sync.status();
  if (status.phase === 'failed') return new Error(status.message);
  return new FhirError('unreachable', 0, 'The FHIR server cannot be reached.');
}

/** The first sync as the switching source waits on it (renderer/data/source/switching-source.ts). */
export function firstSyncOf(driver: SyncDriver, sync: SyncController): FirstSync {
  return {
    everSynced: () => driver.everSynced(),
    runNow: () => driver.runNow(),
    failure: () => firstSyncError(driver, sync),
  };
}

/** A run that failed in the sync worker: only its kind crosses over, for the UI's words. */
export class SyncRunFailed extends Error {
  readonly kind: 'server' | 'invalid-response' | 'unreachable' | 'other';
  constructor(kind: SyncRunFailed['kind']) {
    super(`The sync failed (${kind}).`);
    this.name = 'SyncRunFailed';
    this.kind = kind;
  }
}
