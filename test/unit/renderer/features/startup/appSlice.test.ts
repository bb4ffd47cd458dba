import { describe, expect, test } from 'vitest';
import {
  bootstrap,
  checkHealth,
  selectAppError,
  selectAppInfo,
  selectAppStatus,
  selectHealth,
  selectHealthError,
} from '../../../../../renderer/features/startup/appSlice.ts';
import { makeStore } from '../../../../../renderer/app/store.ts';
import { selectSession } from '../../../../../renderer/features/session/sessionSlice.ts';
import {
  selectCacheRetentionDays,
  selectLanguage,
} from '../../../../../renderer/features/settings/settingsSlice.ts';
import { fakeBridge, type FakeMain } from '../../../../support/fake-bridge.ts';
import { appInfo, session } from '../../../../support/slice-fixtures.ts';
import { settingsView } from '../../../../support/settings-view.ts';

const answering: FakeMain = {
  'app-info': () => appInfo,
  'settings-read': () => settingsView({ language: 'en', cacheRetentionDays: 14 }),
  'session-current': () => ({ session }),
};

describe('appSlice through the store', () => {
  test('starts before main has answered', () => {
    const store = makeStore({ bridge: fakeBridge().bridge });
    expect(selectAppStatus(store.getState())).toBe('starting');
    expect(selectAppInfo(store.getState())).toBeNull();
  });

  test('bootstrap asks main who we are, the settings and the session, and is then ready', async () => {
    const main = fakeBridge(answering);
    const store = makeStore({ bridge: main.bridge });

    await store.dispatch(bootstrap());

    const state = store.getState();
    expect(selectAppStatus(state)).toBe('ready');
    expect(selectAppInfo(state)).toEqual(appInfo);
    expect(selectLanguage(state)).toBe('en');
    expect(selectCacheRetentionDays(state)).toBe(14);
    expect(selectSession(state)).toEqual(session);
    expect(main.requests.map((request) => request.channel).sort()).toEqual([
      'app-info',
      'session-current',
      'settings-read',
    ]);
  });

  test('bootstrap that main refuses fails with main’s message, and a retry can succeed', async () => {
    let refuse = true;
    const store = makeStore({
      bridge: fakeBridge({
        ...answering,
        'settings-read': () =>
          refuse ? { refuse: 'Indstillingerne kunne ikke læses' } : settingsView(),
      }).bridge,
    });

    await store.dispatch(bootstrap());
    expect(selectAppStatus(store.getState())).toBe('failed');
    expect(selectAppError(store.getState())).toBe('Indstillingerne kunne ikke læses');

    refuse = false;
    await store.dispatch(bootstrap());
    expect(selectAppStatus(store.getState())).toBe('ready');
    expect(selectAppError(store.getState())).toBeNull();
  });

  test('an answer that breaks the contract fails bootstrap instead of reaching the UI', async () => {
    const store = makeStore({
      bridge: fakeBridge({
        ...answering,
        'app-info': () => ({ unchecked: { ...appInfo, mode: 'cloud' } }),
      }).bridge,
    });
    await store.dispatch(bootstrap());
    expect(selectAppStatus(store.getState())).toBe('failed');
    expect(selectAppError(store.getState())).toMatch(/does not match the contract/);
  });

  test('a health check keeps main’s answer, or why there is none', async () => {
    const health = { status: 'ok' as const, uptimeSeconds: 12, checks: [] };
    const store = makeStore({ bridge: fakeBridge({ 'health-check': () => health }).bridge });
    await store.dispatch(checkHealth());
    expect(selectHealth(store.getState())).toEqual(health);
    expect(selectHealthError(store.getState())).toBeNull();

    const failing = makeStore({
      bridge: fakeBridge({ 'health-check': () => ({ refuse: 'Back end svarer ikke' }) }).bridge,
    });
    await failing.dispatch(checkHealth());
    expect(selectHealthError(failing.getState())).toBe('Back end svarer ikke');
  });
});
