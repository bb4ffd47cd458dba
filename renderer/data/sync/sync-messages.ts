import type { CacheKeys } from '../cache/contracts.ts';
import type { SyncReport, SyncScope, SyncStatus } from './contracts.ts';

/** The page ↔ sync worker protocol (structured clone: CryptoKeys travel as they are). */

export interface SyncWorkerInit {
  readonly kind: 'init';
  readonly keys: CacheKeys;
  readonly userKey: string;
  /** False: the page's cache is in memory only; join it by `databaseName`. */
  readonly persistent: boolean;
  readonly databaseName?: string;
  readonly scope: SyncScope;
  readonly retryIntervalMs?: number;
  readonly intervalMs?: number;
  /** Sync as soon as the cache is open (default true). */
  readonly syncOnStart?: boolean;
}

export type ToSyncWorker =
  | SyncWorkerInit
  | { readonly kind: 'sync'; readonly requestId: number }
  | { readonly kind: 'dispose' };

export type FromSyncWorker =
  | { readonly kind: 'status'; readonly status: SyncStatus }
  | { readonly kind: 'ready'; readonly wipedOnOpen: boolean }
  | {
      readonly kind: 'result';
      readonly requestId: number;
      readonly report: SyncReport | null;
    }
  /** The worker could not start (the cache would not open): nothing syncs until a new worker. */
  | { readonly kind: 'fatal'; readonly message: string };

/** The one side of a message channel both a Worker and its global scope (and a MessagePort) offer. */
export interface MessageEndpoint {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}
