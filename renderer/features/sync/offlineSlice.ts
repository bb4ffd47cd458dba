import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { CacheStats } from '../../data/cache/contracts.ts';
import type { OutboxState } from '../../data/outbox/contracts.ts';
import type { SyncStatus } from '../../data/sync/contracts.ts';
import { signOut } from '../session/sessionSlice.ts';
import type { CacheInfo } from '../../data/offline/offline-session.ts';

/**
 * The offline data layer's status as the UI shows it (docs/adr/0003): the
 * encrypted cache, the sync and the outbox. Only status lives here — never
 * cached resources, keys, names or CPR numbers.
 */

export type CachePhase =
  /** Nobody signed in, or signed out: no cache is open. */
  | 'closed'
  /** Unlocking the key and opening the database. */
  | 'opening'
  | 'open'
  /** The cache could not be opened; the message says why. */
  | 'failed';

export type { CacheInfo };

export interface OfflineState {
  readonly cachePhase: CachePhase;
  readonly cache: CacheInfo | null;
  readonly cacheError: string | null;
  /** The user closed the "cache was emptied" notice. */
  readonly wipeNoticeDismissed: boolean;
  readonly stats: CacheStats | null;
  readonly sync: SyncStatus;
  /** What kind of failure ended the last sync run (a FhirError's kind), or null. */
  readonly syncErrorKind: SyncErrorKind | null;
  readonly outbox: OutboxState;
}

export type SyncErrorKind = 'unreachable' | 'server' | 'invalid-response' | 'other';

export const EMPTY_OUTBOX: OutboxState = {
  unsent: 0,
  needsAttention: 0,
  sending: false,
  lastError: null,
};

const initialState: OfflineState = {
  cachePhase: 'closed',
  cache: null,
  cacheError: null,
  wipeNoticeDismissed: false,
  stats: null,
  sync: { phase: 'idle', lastSyncedAt: null },
  syncErrorKind: null,
  outbox: EMPTY_OUTBOX,
};

export const offlineSlice = createSlice({
  name: 'offline',
  initialState,
  reducers: {
    cacheOpening: () => ({ ...initialState, cachePhase: 'opening' as const }),
    cacheOpened: (state, action: PayloadAction<CacheInfo>) => ({
      ...state,
      cachePhase: 'open' as const,
      cache: action.payload,
      cacheError: null,
      wipeNoticeDismissed: false,
    }),
    cacheFailed: (state, action: PayloadAction<string>) => ({
      ...state,
      cachePhase: 'failed' as const,
      cacheError: action.payload,
    }),
    cacheClosed: () => initialState,
    wipeNoticeDismissed: (state) => ({ ...state, wipeNoticeDismissed: true }),
    cacheStatsLoaded: (state, action: PayloadAction<CacheStats>) => ({
      ...state,
      stats: action.payload,
    }),
    syncStatusChanged: (state, action: PayloadAction<SyncStatus>) => ({
      ...state,
      sync: action.payload,
    }),
    syncRunSettled: (state, action: PayloadAction<SyncErrorKind | null>) => ({
      ...state,
      syncErrorKind: action.payload,
    }),
    outboxStateChanged: (state, action: PayloadAction<OutboxState>) => ({
      ...state,
      outbox: action.payload,
    }),
  },
  extraReducers: (builder) => {
    builder.addCase(signOut.fulfilled, () => initialState);
  },
  selectors: {
    selectCachePhase: (state) => state.cachePhase,
    selectCacheInfo: (state) => state.cache,
    selectCacheError: (state) => state.cacheError,
    selectWipeNoticeDismissed: (state) => state.wipeNoticeDismissed,
    selectCacheStats: (state) => state.stats,
    selectSyncStatus: (state) => state.sync,
    selectSyncErrorKind: (state) => state.syncErrorKind,
    selectOutboxState: (state) => state.outbox,
    selectUnsentCount: (state) => state.outbox.unsent,
  },
});

export const {
  cacheOpening,
  cacheOpened,
  cacheFailed,
  cacheClosed,
  wipeNoticeDismissed,
  cacheStatsLoaded,
  syncStatusChanged,
  syncRunSettled,
  outboxStateChanged,
} = offlineSlice.actions;

export const {
  selectCachePhase,
  selectCacheInfo,
  selectCacheError,
  selectWipeNoticeDismissed,
  selectCacheStats,
  selectSyncStatus,
  selectSyncErrorKind,
  selectOutboxState,
  selectUnsentCount,
} = offlineSlice.selectors;
