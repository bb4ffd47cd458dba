import type { ResourceCache } from '../cache/contracts.ts';
import { type FhirClient } from '../fhir/fhir-client.ts';
import { FhirError } from '../fhir/fhir-error.ts';
import type { SyncReport, SyncScope, SyncStatus } from './contracts.ts';
import { runSync } from './sync-engine.ts';
import { type SyncTuning } from './sync-context.ts';

/**
 * What runs inside the sync worker, apart from the worker's messaging so it
 * can be driven directly in tests: one run at a time across windows (Web
 * Lock `workbench-sync`), status from the engine's progress, offline
 * detection (the gateway's 503 `x-workbench-upstream: unreachable` is a
 * FhirError of kind 'unreachable') with a retry on an interval, and a
 * periodic sync while online (which is what re-reads the Observation window
 * on a schedule).
 */

export const SYNC_LOCK = 'workbench-sync';

/** Schedules `run` after `ms`; returns the cancel. setTimeout in the worker; a manual queue in tests. */
export type Scheduler = (run: () => void, ms: number) => () => void;

/** The part of `navigator.locks` sync uses (absent in Node: then one run at a time in this context only). */
export interface LockManagerLike {
  request<T>(
    name: string,
    options: { readonly ifAvailable: true },
    callback: (lock: unknown) => Promise<T>,
  ): Promise<T>;
}

export interface SyncServiceOptions {
  readonly cache: ResourceCache;
  readonly fhir: FhirClient;
  readonly scope: SyncScope;
  readonly locks: LockManagerLike | null;
  readonly scheduler: Scheduler;
  readonly now?: () => Date;
  /** Retry while offline (default 30 s). */
  readonly retryIntervalMs?: number;
  /** Sync again while online (default 5 min; 0: only when asked). */
  readonly intervalMs?: number;
  readonly tuning?: Partial<SyncTuning>;
  readonly onStatus: (status: SyncStatus) => void;
}

export interface SyncService {
  status(): SyncStatus;
  /** Runs now, or joins the run in progress; null when another window holds the lock (it is syncing). */
  syncNow(): Promise<SyncReport | null>;
  /** Abandons a run in progress (resumed next time) and cancels every timer. */
  dispose(): void;
}

const DEFAULT_RETRY_MS = 30_000;
const DEFAULT_INTERVAL_MS = 5 * 60_000;

export function createSyncService(options: SyncServiceOptions): SyncService {
  const now = options.now ?? (() => new Date());
  const retryMs = options.retryIntervalMs ?? DEFAULT_RETRY_MS;
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  let status: SyncStatus = { phase: 'idle', lastSyncedAt: null };
  let running: Promise<SyncReport | null> | null = null;
  let controller: AbortController | null = null;
  let cancelTimer: (() => void) | null = null;
  let disposed = false;

  function set(next: SyncStatus): void {
    status = next;
    options.onStatus(next);
  }

  function schedule(ms: number): void {
    cancelTimer?.();
    cancelTimer = null;
    if (disposed || ms <= 0) return;
    cancelTimer = options.scheduler(() => {
      cancelTimer = null;
      void syncNow().catch(() => undefined);
    }, ms);
  }

  async function runLocked(signal: AbortSignal): Promise<SyncReport | null> {
    const body = async (): Promise<SyncReport> => {
      const lastSyncedAt = status.lastSyncedAt;
      set({ phase: 'syncing', lastSyncedAt, percent: 0, current: null, types: [] });
      return runSync({
        fhir: options.fhir,
        cache: options.cache,
        scope: options.scope,
        signal,
        now,
        ...(options.tuning ? { tuning: options.tuning } : {}),
        onProgress: (progress) => {
          if (signal.aborted) return;
          set({
            phase: 'syncing',
            lastSyncedAt,
            percent: progress.percent,
            current: progress.current,
            types: progress.types,
          });
        },
      });
    };
    if (!options.locks) return body();
    // Another window holding the lock is syncing the same cache: this one need not.
    return options.locks.request(SYNC_LOCK, { ifAvailable: true }, async (lock) =>
      lock === null ? null : body(),
    );
  }

  async function attempt(): Promise<SyncReport | null> {
    const abort = new AbortController();
    controller = abort;
    const before = status;
    try {
      const report = await runLocked(abort.signal);
      if (abort.signal.aborted) return null;
      if (report === null) {
        // Not ours to run: keep what we showed, look again later.
        set(
          before.phase === 'syncing'
            ? { phase: 'idle', lastSyncedAt: before.lastSyncedAt }
            : before,
        );
        schedule(intervalMs);
        return null;
      }
      set({ phase: 'idle', lastSyncedAt: report.finishedAt ?? now().toISOString() });
      schedule(intervalMs);
      return report;
    } catch (error) {
      if (abort.signal.aborted) return null;
      const lastSyncedAt = status.lastSyncedAt;
      if (error instanceof FhirError && error.kind === 'unreachable') {
        const since = before.phase === 'offline' ? before.since : now().toISOString();
        set({ phase: 'offline', lastSyncedAt, since });
        schedule(retryMs);
      } else {
        set({
          phase: 'failed',
          lastSyncedAt,
          message: error instanceof Error ? error.message : String(error),
          kind: error instanceof FhirError ? error.kind : 'other',
        });
        schedule(retryMs);
      }
      throw error;
    } finally {
      if (controller === abort) controller = null;
    }
  }

  function syncNow(): Promise<SyncReport | null> {
    if (disposed) return Promise.resolve(null);
    if (running) return running;
    cancelTimer?.();
    cancelTimer = null;
    const run = attempt().finally(() => {
      if (running === run) running = null;
    });
    running = run;
    return run;
  }

  return {
    status: () => status,
    syncNow,
    dispose() {
      disposed = true;
      cancelTimer?.();
      cancelTimer = null;
      controller?.abort(new DOMException('The sync was stopped.', 'AbortError'));
    },
  };
}
