import { createSlice } from '@reduxjs/toolkit';
import type { Language } from '../../../shared/ipc/schemas.ts';
import { bootstrap } from '../../app/appSlice.ts';
import { createBridgeThunk } from '../../app/hooks.ts';
import { unwrap } from '../../data/bridge.ts';

export interface SettingsState {
  readonly language: Language;
  readonly saving: boolean;
  readonly error: string | null;
}

const initialState: SettingsState = { language: 'da', saving: false, error: null };

/** Saves the language in main first, so the choice survives a restart; the UI follows main's answer. */
export const changeLanguage = createBridgeThunk(
  'settings/changeLanguage',
  async (language: Language, bridge) =>
    (await unwrap(bridge.settingsUpdate({ language }))).language,
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
    selectSettingsSaving: (state) => state.saving,
    selectSettingsError: (state) => state.error,
  },
});

export const { selectLanguage, selectSettingsSaving, selectSettingsError } =
  settingsSlice.selectors;
