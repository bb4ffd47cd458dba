import { describe, expect, test } from 'vitest';
import {
  cacheClosed,
  cacheFailed,
  cacheOpened,
  cacheOpening,
  cacheStatsLoaded,
  EMPTY_OUTBOX,
  outboxStateChanged,
  selectCacheError,
  selectCacheInfo,
  selectCachePhase,
  selectCacheStats,
  selectOutboxState,
  selectSyncErrorKind,
  selectSyncStatus,
  selectUnsentCount,
  selectWipeNoticeDismissed,
  syncRunSettled,
  syncStatusChanged,
  wipeNoticeDismissed,
} from '../../../../../renderer/features/sync/offlineSlice.ts';
import { makeStore } from '../../../../../renderer/app/store.ts';
import { signOut } from '../../../../../renderer/features/session/sessionSlice.ts';
import { fakeBridge } from '../../../../support/fake-bridge.ts';

const info = {
  persistent: true,
  backend: 'gnome_libsecret',
  wipedOnOpen: true,
  storagePersisted: true,
};

function store() {
  return makeStore({ bridge: fakeBridge({ 'session-sign-out': () => ({}) }).bridge });
}

describe('offlineSlice through the store', () => {
  test('the cache goes from closed through opening to open, with what protects it', () => {
    const app = store();
    expect(selectCachePhase(app.getState())).toBe('closed');
    app.dispatch(cacheOpening());
    expect(selectCachePhase(app.getState())).toBe('opening');
    app.dispatch(cacheOpened(info));
    expect(selectCachePhase(app.getState())).toBe('open');
    expect(selectCacheInfo(app.getState())).toEqual(info);
  });

  test('a cache that cannot be opened says why', () => {
    const app = store();
    app.dispatch(cacheOpening());
    app.dispatch(cacheFailed('Nøglen kunne ikke låses op'));
    expect(selectCachePhase(app.getState())).toBe('failed');
    expect(selectCacheError(app.getState())).toBe('Nøglen kunne ikke låses op');
  });

  test('the "cache was emptied" notice stays closed only for the cache it was about', () => {
    const app = store();
    app.dispatch(cacheOpened(info));
    app.dispatch(wipeNoticeDismissed());
    expect(selectWipeNoticeDismissed(app.getState())).toBe(true);
    app.dispatch(cacheOpened(info));
    expect(selectWipeNoticeDismissed(app.getState())).toBe(false);
  });

  test('keeps the sync status, how the last run ended, the cache size and the outbox state', () => {
    const app = store();
    const offline = {
      phase: 'offline',
      lastSyncedAt: '2026-12-07T08:00:00Z',
      since: '2026-12-07T09:00:00Z',
    } as const;
    const outbox = { unsent: 3, needsAttention: 1, sending: false, lastError: 'HTTP 503' };
    app.dispatch(syncStatusChanged(offline));
    app.dispatch(syncRunSettled('unreachable'));
    app.dispatch(cacheStatsLoaded({ resources: 120, bytes: 48_000 }));
    app.dispatch(outboxStateChanged(outbox));

    const state = app.getState();
    expect(selectSyncStatus(state)).toEqual(offline);
    expect(selectSyncErrorKind(state)).toBe('unreachable');
    expect(selectCacheStats(state)).toEqual({ resources: 120, bytes: 48_000 });
    expect(selectOutboxState(state)).toEqual(outbox);
    expect(selectUnsentCount(state)).toBe(3);
  });

  test('closing the cache or signing out forgets all of it', async () => {
    const app = store();
    app.dispatch(cacheOpened(info));
    app.dispatch(outboxStateChanged({ ...EMPTY_OUTBOX, unsent: 2 }));
    app.dispatch(cacheClosed());
    expect(selectCachePhase(app.getState())).toBe('closed');
    expect(selectUnsentCount(app.getState())).toBe(0);

    app.dispatch(cacheOpened(info));
    app.dispatch(cacheStatsLoaded({ resources: 5, bytes: 900 }));
    await app.dispatch(signOut());
    expect(selectCachePhase(app.getState())).toBe('closed');
    expect(selectCacheInfo(app.getState())).toBeNull();
    expect(selectCacheStats(app.getState())).toBeNull();
  });
});
