import type { CachedType } from '../cache/contracts.ts';

/**
 * The sync worker as the app sees it (docs/adr/0003, "Sync"). One sync at a
 * time across windows (Web Lock `workbench-sync`); the work runs in a
 * dedicated Web Worker that opens the same encrypted cache with the keys the
 * page posts to it (CryptoKey is structured-cloneable).
 */

/** Whose data is synced: the signed-in user's care teams (and so their episodes, patients …). */
export interface SyncScope {
  readonly practitionerId: string;
  readonly careTeamIds: readonly string[];
}

export interface SyncTypeProgress {
  readonly type: CachedType;
  /** Resources read from the server so far in this run. */
  readonly read: number;
  /** Of those, stored because new or changed. */
  readonly written: number;
  readonly removed: number;
  readonly done: boolean;
}

export type SyncStatus =
  | { readonly phase: 'idle'; readonly lastSyncedAt: string | null }
  | {
      readonly phase: 'syncing';
      readonly lastSyncedAt: string | null;
      /** 0–100, by steps of the plan (types × scopes), not by bytes. */
      readonly percent: number;
      readonly current: CachedType | null;
      readonly types: readonly SyncTypeProgress[];
    }
  /** The back end cannot be reached: the app works from the cache and says since when. */
  | { readonly phase: 'offline'; readonly lastSyncedAt: string | null; readonly since: string }
  | {
      readonly phase: 'failed';
      readonly lastSyncedAt: string | null;
      readonly message: string;
      /** What kind of failure (a FhirError's kind, else 'other'): the UI words it; the message is technical. */
      readonly kind?: 'server' | 'invalid-response' | 'unreachable' | 'other';
    };

/** What one completed sync run did (also what the benchmarks read). */
export interface SyncReport {
  readonly requests: number;
  readonly read: number;
  readonly written: number;
  readonly unchanged: number;
  readonly removed: number;
  /** Server time the run's checkpoints were taken at (ISO). */
  readonly serverTime: string | null;
  readonly byType: readonly SyncTypeProgress[];
  /** Requests sent per resource type listed (additive: the benchmarks' per-type budget). */
  readonly requestsByType?: Readonly<Partial<Record<CachedType, number>>>;
  /** Searches (listings, each one or more pages) per resource type: one per scope chunk. */
  readonly listingsByType?: Readonly<Partial<Record<CachedType, number>>>;
  /** Sync-state (checkpoint) writes this run; 0 when nothing changed. */
  readonly stateWrites?: number;
  /** When the run ended, by the client's clock (ISO). */
  readonly finishedAt?: string;
}

/** What the engine reports while it runs (the worker relays it as a 'syncing' status). */
export interface SyncProgress {
  /** 0–100 by steps of the plan (types × scope chunks). */
  readonly percent: number;
  readonly current: CachedType | null;
  readonly requests: number;
  readonly types: readonly SyncTypeProgress[];
}

/** Held by the page: starts the worker, relays status, asks for a sync. */
export interface SyncController {
  /** Current status; `subscribe` tells about every change. */
  status(): SyncStatus;
  subscribe(listener: (status: SyncStatus) => void): () => void;
  /** Starts a run now (or joins the one running); resolves when it ends. */
  syncNow(): Promise<SyncReport | null>;
  /** Stops the worker (sign-out, user switch); a run in progress is abandoned and resumes next time. */
  dispose(): void;
}
