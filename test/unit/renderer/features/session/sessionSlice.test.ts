import { describe, expect, test } from 'vitest';
import { makeStore } from '../../../../../renderer/app/store.ts';
import {
  clearSignInError,
  loadPersonas,
  selectBackendUnavailable,
  selectPersonas,
  selectPersonasError,
  selectPersonasStarting,
  selectSession,
  selectSignInError,
  selectSigningIn,
  signIn,
  signOut,
} from '../../../../../renderer/features/session/sessionSlice.ts';
import { fakeBridge, type FakeAnswer } from '../../../../support/fake-bridge.ts';
import { persona, session } from '../../../../support/slice-fixtures.ts';

describe('sessionSlice through the store', () => {
  test('the personas main lists, and whether the back end is still starting or unavailable', async () => {
    const store = makeStore({
      bridge: fakeBridge({
        'session-personas': () => ({ starting: false, unavailable: null, personas: [persona] }),
      }).bridge,
    });
    await store.dispatch(loadPersonas());
    expect(selectPersonas(store.getState())).toEqual([persona]);
    expect(selectPersonasStarting(store.getState())).toBe(false);
    expect(selectBackendUnavailable(store.getState())).toBeNull();

    const starting = makeStore({
      bridge: fakeBridge({
        'session-personas': () => ({
          starting: true,
          unavailable: 'Port 8443 i brug',
          personas: [],
        }),
      }).bridge,
    });
    await starting.dispatch(loadPersonas());
    expect(selectPersonasStarting(starting.getState())).toBe(true);
    expect(selectBackendUnavailable(starting.getState())).toBe('Port 8443 i brug');
  });

  test('a persona list main cannot give is an error, not an empty list', async () => {
    const store = makeStore({
      bridge: fakeBridge({ 'session-personas': () => ({ refuse: 'Ingen forbindelse' }) }).bridge,
    });
    await store.dispatch(loadPersonas());
    expect(selectPersonasError(store.getState())).toBe('Ingen forbindelse');
  });

  test('signing in shows who is signing in, then the session main gave', async () => {
    const main = fakeBridge({ 'session-sign-in': () => session });
    const store = makeStore({ bridge: main.bridge });

    const signingIn = store.dispatch(signIn(persona.id));
    expect(selectSigningIn(store.getState())).toBe(persona.id);
    await signingIn;

    expect(selectSigningIn(store.getState())).toBeNull();
    expect(selectSession(store.getState())).toEqual(session);
    expect(main.requests).toEqual([
      { channel: 'session-sign-in', request: { personaId: persona.id } },
    ]);
  });

  test('a refused sign-in keeps main’s reason for the UI to translate, until cleared', async () => {
    const store = makeStore({
      bridge: fakeBridge({
        'session-sign-in': () => ({ refuse: 'No such persona', reason: 'unknown-persona' }),
      }).bridge,
    });
    await store.dispatch(signIn('nobody'));
    expect(selectSession(store.getState())).toBeNull();
    expect(selectSignInError(store.getState())).toEqual({
      message: 'No such persona',
      reason: 'unknown-persona',
    });

    store.dispatch(clearSignInError());
    expect(selectSignInError(store.getState())).toBeNull();
  });

  test('signing out forgets the session only once main has ended it', async () => {
    let refuse = true;
    const store = makeStore({
      bridge: fakeBridge({
        'session-sign-in': () => session,
        'session-sign-out': (): FakeAnswer<'session-sign-out'> =>
          refuse ? { refuse: 'Kunne ikke logge ud' } : {},
      }).bridge,
    });
    await store.dispatch(signIn(persona.id));

    await store.dispatch(signOut());
    expect(selectSession(store.getState())).toEqual(session);

    refuse = false;
    await store.dispatch(signOut());
    expect(selectSession(store.getState())).toBeNull();
  });
});
