import { describe, expect, test } from 'vitest';
import { makeStore } from '../../../../../renderer/app/store.ts';
import {
  changeCacheRetention,
  changeLanguage,
  DEFAULT_CACHE_RETENTION_DAYS,
  selectCacheRetentionDays,
  selectLanguage,
  selectSettingsError,
  selectSettingsSaving,
} from '../../../../../renderer/features/settings/settingsSlice.ts';
import { fakeBridge } from '../../../../support/fake-bridge.ts';

describe('settingsSlice through the store', () => {
  test('Danish and the default retention until main says otherwise', () => {
    const store = makeStore({ bridge: fakeBridge().bridge });
    expect(selectLanguage(store.getState())).toBe('da');
    expect(selectCacheRetentionDays(store.getState())).toBe(DEFAULT_CACHE_RETENTION_DAYS);
  });

  test('a language change is saved in main first, and the UI follows main’s answer', async () => {
    const main = fakeBridge({ 'settings-update': () => ({ language: 'en' }) });
    const store = makeStore({ bridge: main.bridge });

    const saving = store.dispatch(changeLanguage('en'));
    expect(selectSettingsSaving(store.getState())).toBe(true);
    expect(selectLanguage(store.getState())).toBe('da');
    await saving;

    expect(selectSettingsSaving(store.getState())).toBe(false);
    expect(selectLanguage(store.getState())).toBe('en');
    expect(main.requests).toEqual([{ channel: 'settings-update', request: { language: 'en' } }]);
  });

  test('a refused change keeps the old value and says why', async () => {
    const store = makeStore({
      bridge: fakeBridge({ 'settings-update': () => ({ refuse: 'Disken er skrivebeskyttet' }) })
        .bridge,
    });
    await store.dispatch(changeLanguage('en'));
    expect(selectLanguage(store.getState())).toBe('da');
    expect(selectSettingsError(store.getState())).toBe('Disken er skrivebeskyttet');
    expect(selectSettingsSaving(store.getState())).toBe(false);
  });

  test('the cache retention is what main saved; main leaving it out means the default', async () => {
    const main = fakeBridge({
      'settings-update': (request) =>
        request.cacheRetentionDays === 90
          ? { language: 'da', cacheRetentionDays: 90 }
          : { language: 'da' },
    });
    const store = makeStore({ bridge: main.bridge });

    await store.dispatch(changeCacheRetention(90));
    expect(selectCacheRetentionDays(store.getState())).toBe(90);

    await store.dispatch(changeCacheRetention(7));
    expect(selectCacheRetentionDays(store.getState())).toBe(DEFAULT_CACHE_RETENTION_DAYS);
    expect(main.requests.map((request) => request.request)).toEqual([
      { cacheRetentionDays: 90 },
      { cacheRetentionDays: 7 },
    ]);
  });
});
