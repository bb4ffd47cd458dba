import { combineSlices, configureStore } from '@reduxjs/toolkit';
import type { WorkbenchApi } from '../../shared/ipc/workbench-api.ts';
import { citizenSlice } from '../features/citizen/citizenSlice.ts';
import { sessionSlice } from '../features/session/sessionSlice.ts';
import { settingsSlice } from '../features/settings/settingsSlice.ts';
import { appSlice } from '../features/startup/appSlice.ts';
import { offlineSlice } from '../features/sync/offlineSlice.ts';

const rootReducer = combineSlices(
  appSlice,
  settingsSlice,
  sessionSlice,
  citizenSlice,
  offlineSlice,
);

export type RootState = ReturnType<typeof rootReducer>;

/** What thunks receive besides state: the bridge to main, injected so tests can pass their own. */
export interface ThunkExtra {
  readonly bridge: WorkbenchApi;
}

export function makeStore(extra: ThunkExtra, preloadedState?: Partial<RootState>) {
  return configureStore({
    reducer: rootReducer,
    preloadedState,
    middleware: (getDefaultMiddleware) => getDefaultMiddleware({ thunk: { extraArgument: extra } }),
  });
}

export type AppStore = ReturnType<typeof makeStore>;
export type AppDispatch = AppStore['dispatch'];
