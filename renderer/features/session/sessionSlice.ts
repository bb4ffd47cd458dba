import { createSlice } from '@reduxjs/toolkit';
import type { PersonaSummary, Session } from '../../../shared/ipc/schemas.ts';
import { bootstrap } from '../startup/appSlice.ts';
import { createBridgeThunk } from '../../app/hooks.ts';
import { unwrap, type BridgeFailure } from '../../data/bridge.ts';

export interface SessionState {
  readonly session: Session | null;
  readonly personas: readonly PersonaSummary[];
  /** The demo back end is still starting; the persona list follows. */
  readonly personasStarting: boolean;
  readonly personasError: string | null;
  /** Why the demo back end is not available (it failed to start), or null. */
  readonly backendUnavailable: string | null;
  readonly signingIn: string | null;
  /** Why the last sign-in failed: a translation key reason when main gave one, else its message. */
  readonly signInError: BridgeFailure | null;
}

const initialState: SessionState = {
  session: null,
  personas: [],
  personasStarting: false,
  personasError: null,
  backendUnavailable: null,
  signingIn: null,
  signInError: null,
};

export const loadPersonas = createBridgeThunk('session/loadPersonas', (_: undefined, bridge) =>
  unwrap(bridge.sessionPersonas()),
);

export const signIn = createBridgeThunk('session/signIn', (personaId: string, bridge) =>
  unwrap(bridge.sessionSignIn({ personaId })),
);

export const signOut = createBridgeThunk('session/signOut', async (_: undefined, bridge) => {
  await unwrap(bridge.sessionSignOut());
});

export const sessionSlice = createSlice({
  name: 'session',
  initialState,
  reducers: {
    clearSignInError: (state) => ({ ...state, signInError: null }),
  },
  extraReducers: (builder) => {
    builder
      .addCase(bootstrap.fulfilled, (state, action) => ({
        ...state,
        session: action.payload.session,
      }))
      .addCase(loadPersonas.fulfilled, (state, action) => ({
        ...state,
        personas: action.payload.personas,
        personasStarting: action.payload.starting,
        backendUnavailable: action.payload.unavailable,
        personasError: null,
      }))
      .addCase(loadPersonas.rejected, (state, action) => ({
        ...state,
        personasError: action.payload?.message ?? action.error.message ?? 'unknown error',
      }))
      .addCase(signIn.pending, (state, action) => ({
        ...state,
        signingIn: action.meta.arg,
        signInError: null,
      }))
      .addCase(signIn.fulfilled, (state, action) => ({
        ...state,
        signingIn: null,
        session: action.payload,
      }))
      .addCase(signIn.rejected, (state, action) => ({
        ...state,
        signingIn: null,
        signInError: action.payload ?? {
          message: action.error.message ?? 'unknown error',
          reason: null,
        },
      }))
      .addCase(signOut.fulfilled, (state) => ({ ...state, session: null }));
  },
  selectors: {
    selectSession: (state) => state.session,
    selectPersonas: (state) => state.personas,
    selectPersonasStarting: (state) => state.personasStarting,
    selectPersonasError: (state) => state.personasError,
    selectBackendUnavailable: (state) => state.backendUnavailable,
    selectSigningIn: (state) => state.signingIn,
    selectSignInError: (state) => state.signInError,
  },
});

export const { clearSignInError } = sessionSlice.actions;
export const {
  selectSession,
  selectPersonas,
  selectPersonasStarting,
  selectPersonasError,
  selectBackendUnavailable,
  selectSigningIn,
  selectSignInError,
} = sessionSlice.selectors;
