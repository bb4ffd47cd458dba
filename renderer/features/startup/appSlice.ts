import { createSlice } from '@reduxjs/toolkit';
import type { AppInfo, HealthCheck } from '../../../shared/ipc/schemas.ts';
import { unwrap } from '../../data/bridge.ts';
import { createBridgeThunk } from '../../app/hooks.ts';

export interface AppState {
  readonly status: 'starting' | 'ready' | 'failed';
  readonly info: AppInfo | null;
  readonly error: string | null;
  readonly health: HealthCheck | null;
  readonly healthError: string | null;
}

const initialState: AppState = {
  status: 'starting',
  info: null,
  error: null,
  health: null,
  healthError: null,
};

/** First contact with main: who we are and the user's settings. */
export const bootstrap = createBridgeThunk('app/bootstrap', async (_: undefined, bridge) => {
  const [info, settings, current] = await Promise.all([
    unwrap(bridge.appInfo()),
    unwrap(bridge.settingsRead()),
    unwrap(bridge.sessionCurrent()),
  ]);
  return { info, settings, session: current.session };
});

export const checkHealth = createBridgeThunk('app/checkHealth', (_: undefined, bridge) =>
  unwrap(bridge.healthCheck()),
);

export const appSlice = createSlice({
  name: 'app',
  initialState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(bootstrap.pending, (state) => ({ ...state, status: 'starting', error: null }))
      .addCase(bootstrap.fulfilled, (state, action) => ({
        ...state,
        status: 'ready',
        info: action.payload.info,
        error: null,
      }))
      .addCase(bootstrap.rejected, (state, action) => ({
        ...state,
        status: 'failed',
        error: action.payload?.message ?? action.error.message ?? 'unknown error',
      }))
      .addCase(checkHealth.fulfilled, (state, action) => ({
        ...state,
        health: action.payload,
        healthError: null,
      }))
      .addCase(checkHealth.rejected, (state, action) => ({
        ...state,
        healthError: action.payload?.message ?? action.error.message ?? 'unknown error',
      }));
  },
  selectors: {
    selectAppStatus: (state) => state.status,
    selectAppInfo: (state) => state.info,
    selectAppError: (state) => state.error,
    selectHealth: (state) => state.health,
    selectHealthError: (state) => state.healthError,
  },
});

export const { selectAppStatus, selectAppInfo, selectAppError, selectHealth, selectHealthError } =
  appSlice.selectors;
