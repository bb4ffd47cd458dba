import { createSlice } from '@reduxjs/toolkit';
import type { Language } from '../../../shared/ipc/schemas.ts';
import { bootstrap } from '../startup/appSlice.ts';
import { createBridgeThunk } from '../../app/hooks.ts';
import { unwrap } from '../../data/bridge.ts';

/** Days a citizen who left the caseload stays in the offline cache, unless the user chose otherwise. */
export const DEFAULT_CACHE_RETENTION_DAYS = 30;
/** The choices the settings page offers. */
export const CACHE_RETENTION_CHOICES = [7, 14, 30, 90] as const;

export interface SettingsState {
  readonly language: Language;
  readonly cacheRetentionDays: number;
  readonly saving: boolean;
  readonly error: string | null;
}

const initialState: SettingsState = {
  language: 'da',
  cacheRetentionDays: DEFAULT_CACHE_RETENTION_DAYS,
  saving: false,
  error: null,
};

/** Saves the language in main first, so the choice survives a restart; the UI follows main's answer. */
export const changeLanguage = createBridgeThunk(
  'settings/changeLanguage',
  async (language: Language, bridge) =>
    (await unwrap(bridge.settingsUpdate({ language }))).language,
);

/** Saves the offline cache's retention in main, like the language. */
export const changeCacheRetention = createBridgeThunk(
  'settings/changeCacheRetention',
  async (days: number, bridge) =>
    (await unwrap(bridge.settingsUpdate({ cacheRetentionDays: days }))).cacheRetentionDays ??
    DEFAULT_CACHE_RETENTION_DAYS,
);

export const settingsSlice = createSlice({
  name: 'settings',
  initialState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(bootstrap.fulfilled, (state, action) => ({
        ...state,
        language: action.payload.settings.language,
        cacheRetentionDays:
          action.payload.settings.cacheRetentionDays ?? DEFAULT_CACHE_RETENTION_DAYS,
      }))
      .addCase(changeCacheRetention.pending, (state) => ({ ...state, saving: true, error: null }))
      .addCase(changeCacheRetention.fulfilled, (state, action) => ({
        ...state,
        saving: false,
        cacheRetentionDays: action.payload,
      }))
      .addCase(changeCacheRetention.rejected, (state, action) => ({
        ...state,
        saving: false,
        error: action.payload?.message ?? action.error.message ?? 'unknown error',
      }))
      .addCase(changeLanguage.pending, (state) => ({ ...state, saving: true, error: null }))
      .addCase(changeLanguage.fulfilled, (state, action) => ({
        ...state,
        saving: false,
        language: action.payload,
      }))
      .addCase(changeLanguage.rejected, (state, action) => ({
        ...state,
        saving: false,
        error: action.payload?.message ?? action.error.message ?? 'unknown error',
      }));
  },
  selectors: {
    selectLanguage: (state) => state.language,
    selectCacheRetentionDays: (state) => state.cacheRetentionDays,
    selectSettingsSaving: (state) => state.saving,
    selectSettingsError: (state) => state.error,
  },
});

export const {
  selectLanguage,
  selectCacheRetentionDays,
  selectSettingsSaving,
  selectSettingsError,
} = settingsSlice.selectors;
