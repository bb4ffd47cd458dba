import { describe, expect, test } from 'vitest';
import { makeStore } from '../../../../../renderer/app/store.ts';
import {
  DEFAULT_CACHE_RETENTION_DAYS,
  savePreferences,
  selectCacheRetentionDays,
  selectLanguage,
  selectSettingsError,
  selectSettingsSaving,
  selectSettingsView,
} from '../../../../../renderer/features/settings/settingsSlice.ts';
import { fakeBridge } from '../../../../support/fake-bridge.ts';
import { settingsView } from '../../../../support/settings-view.ts';

describe('settingsSlice through the store', () => {
  test('Danish and the default retention until main says otherwise', () => {
    const store = makeStore({ bridge: fakeBridge().bridge });
    expect(selectSettingsView(store.getState())).toBeNull();
    expect(selectLanguage(store.getState())).toBe('da');
    expect(selectCacheRetentionDays(store.getState())).toBe(DEFAULT_CACHE_RETENTION_DAYS);
  });

  test('a language change is saved in main first, and the UI follows main’s answer', async () => {
    const main = fakeBridge({ 'settings-update': () => settingsView({ language: 'en' }) });
    const store = makeStore({ bridge: main.bridge });

    const saving = store.dispatch(savePreferences({ language: 'en' }));
    expect(selectSettingsSaving(store.getState())).toBe(true);
    expect(selectLanguage(store.getState())).toBe('da');
    await saving;

    expect(selectSettingsSaving(store.getState())).toBe(false);
    expect(selectLanguage(store.getState())).toBe('en');
    expect(main.requests).toEqual([{ channel: 'settings-update', request: { language: 'en' } }]);
  });

  test('a refused change keeps the old value and says why, with main’s reason', async () => {
    const store = makeStore({
      bridge: fakeBridge({
        'settings-update': () => ({
          refuse: 'language: locked by the administrator',
          reason: 'setting-locked',
        }),
      }).bridge,
    });
    await store.dispatch(savePreferences({ language: 'en' }));
    expect(selectLanguage(store.getState())).toBe('da');
    expect(selectSettingsError(store.getState())).toEqual({
      message: 'language: locked by the administrator',
      reason: 'setting-locked',
    });
    expect(selectSettingsSaving(store.getState())).toBe(false);
  });

  test('the cache retention is what main answers with', async () => {
    const main = fakeBridge({
      'settings-update': (request) =>
        settingsView(request.cacheRetentionDays === 90 ? { cacheRetentionDays: 90 } : {}),
    });
    const store = makeStore({ bridge: main.bridge });

    await store.dispatch(savePreferences({ cacheRetentionDays: 90 }));
    expect(selectCacheRetentionDays(store.getState())).toBe(90);

    await store.dispatch(savePreferences({ cacheRetentionDays: 7 }));
    expect(selectCacheRetentionDays(store.getState())).toBe(DEFAULT_CACHE_RETENTION_DAYS);
    expect(main.requests.map((request) => request.request)).toEqual([
      { cacheRetentionDays: 90 },
      { cacheRetentionDays: 7 },
    ]);
  });
});
