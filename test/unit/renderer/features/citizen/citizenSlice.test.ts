import { describe, expect, test } from 'vitest';
import { makeStore } from '../../../../../renderer/app/store.ts';
import {
  citizenOpened,
  selectOpenCitizenId,
} from '../../../../../renderer/features/citizen/citizenSlice.ts';
import { signOut } from '../../../../../renderer/features/session/sessionSlice.ts';
import { fakeBridge } from '../../../../support/fake-bridge.ts';

describe('citizenSlice through the store', () => {
  test('remembers the citizen last opened', () => {
    const store = makeStore({ bridge: fakeBridge().bridge });
    expect(selectOpenCitizenId(store.getState())).toBeNull();
    store.dispatch(citizenOpened('patient-1'));
    store.dispatch(citizenOpened('patient-2'));
    expect(selectOpenCitizenId(store.getState())).toBe('patient-2');
  });

  test('forgets it at sign-out, so the next user does not land on it', async () => {
    const store = makeStore({
      bridge: fakeBridge({ 'session-sign-out': () => ({}) }).bridge,
    });
    store.dispatch(citizenOpened('patient-1'));
    await store.dispatch(signOut());
    expect(selectOpenCitizenId(store.getState())).toBeNull();
  });
});
