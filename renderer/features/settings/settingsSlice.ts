import { createSlice } from '@reduxjs/toolkit';
import type { SettingsUpdate, SettingsView } from '../../../shared/ipc/schemas.ts';
import { USER_ENTRIES } from '../../../shared/settings/entries.ts';
import { bootstrap } from '../startup/appSlice.ts';
import { createBridgeThunk } from '../../app/hooks.ts';
import { unwrap, type BridgeFailure } from '../../data/bridge.ts';

/** Days a citizen who left the caseload stays in the offline cache, unless the user chose otherwise. */
export const DEFAULT_CACHE_RETENTION_DAYS: number = USER_ENTRIES.cacheRetentionDays.builtIn;
/** The choices the settings page offers. */
export const CACHE_RETENTION_CHOICES = [7, 14, 30, 90] as const;

export interface SettingsState {
  /** Both levels as main resolved them; null until the first answer. */
  readonly view: SettingsView | null;
  readonly saving: boolean;
  readonly error: BridgeFailure | null;
}

const initialState: SettingsState = { view: null, saving: false, error: null };

/**
 * Saves preferences in main first, so a choice survives a restart and a
 * locked entry is refused there; the UI follows main's answer.
 */
export const savePreferences = createBridgeThunk(
  'settings/savePreferences',
  (change: SettingsUpdate, bridge) => unwrap(bridge.settingsUpdate(change)),
);

export const settingsSlice = createSlice({
  name: 'settings',
  initialState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(bootstrap.fulfilled, (state, action) => ({
        ...state,
        view: action.payload.settings,
      }))
      .addCase(savePreferences.pending, (state) => ({ ...state, saving: true, error: null }))
      .addCase(savePreferences.fulfilled, (state, action) => ({
        ...state,
        saving: false,
        view: action.payload,
      }))
      .addCase(savePreferences.rejected, (state, action) => ({
        ...state,
        saving: false,
        error: action.payload ?? { message: action.error.message ?? 'unknown error', reason: null },
      }));
  },
  selectors: {
    selectSettingsView: (state) => state.view,
    selectLanguage: (state) => state.view?.preferences.language ?? USER_ENTRIES.language.builtIn,
    selectCacheRetentionDays: (state) =>
      state.view?.preferences.cacheRetentionDays ?? DEFAULT_CACHE_RETENTION_DAYS,
    selectSettingsSaving: (state) => state.saving,
    selectSettingsError: (state) => state.error,
  },
});

export const {
  selectSettingsView,
  selectLanguage,
  selectCacheRetentionDays,
  selectSettingsSaving,
  selectSettingsError,
} = settingsSlice.selectors;
