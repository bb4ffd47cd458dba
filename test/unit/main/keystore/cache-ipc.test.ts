import fc from 'fast-check';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IpcDispatch } from '../../../../main/ipc/dispatcher.ts';
import { keyIdOf, type KeyStore, type UnlockedKey } from '../../../../main/keystore/key-store.ts';
import { createMemoryKeyStore } from '../../../../main/keystore/memory-key-store.ts';
import { createSafeStorageKeyStore } from '../../../../main/keystore/safe-storage-key-store.ts';
import { invokeContract } from '../../../../shared/ipc/contract.ts';
import { IpcErrorSchema } from '../../../../shared/ipc/result.ts';
import { CacheUnlockSchema, type CacheUnlock } from '../../../../shared/ipc/schemas.ts';
import { readyBackend, testPersona } from '../../../support/backend-state.ts';
import { useTempDir } from '../../../support/temp-dir.ts';
import { testRuntime } from '../../../support/test-runtime.ts';
import { fakeSafeStorage } from './fake-safe-storage.ts';

const FROM_APP = { url: 'app://workbench/', isMainFrame: true };

/** A key store that records what it was asked and what it handed out. */
function recordingStore(inner: KeyStore): KeyStore & {
  readonly asked: string[];
  readonly handedOut: UnlockedKey[];
} {
  const asked: string[] = [];
  const handedOut: UnlockedKey[] = [];
  return {
    asked,
    handedOut,
    unlock: async (userKey) => {
      asked.push(`unlock ${userKey}`);
      const unlocked = await inner.unlock(userKey);
      handedOut.push(unlocked);
      return unlocked;
    },
    forget: (userKey) => {
      asked.push(`forget ${userKey}`);
      return inner.forget(userKey);
    },
    status: () => inner.status(),
  };
}

describe('the cache-unlock and cache-forget channels', () => {
  const temp = useTempDir('wb-cache-ipc');

  function runtime(keyStore?: KeyStore): IpcDispatch {
    return testRuntime(temp.path, {
      backend: readyBackend([testPersona('lung-nurse', 'p-1'), testPersona('gp', 'p-2')]),
      ...(keyStore ? { keyStore } : {}),
    }).dispatch;
  }

  async function signIn(dispatch: IpcDispatch, personaId: string): Promise<void> {
    expect(await dispatch('session-sign-in', FROM_APP, { personaId })).toMatchObject({ ok: true });
  }

  async function unlock(dispatch: IpcDispatch): Promise<CacheUnlock> {
    const result = await dispatch('cache-unlock', FROM_APP, {});
    if (!result.ok) throw new Error(`cache-unlock failed: ${JSON.stringify(result.error)}`);
    return CacheUnlockSchema.parse(result.value);
  }

  it.each(['cache-unlock', 'cache-forget'] as const)(
    '%s refuses with reason not-signed-in when nobody is signed in, without touching the store',
    async (channel) => {
      const store = recordingStore(createMemoryKeyStore());
      const dispatch = runtime(store);
      const result = await dispatch(channel, FROM_APP, {});
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'handler-failed', reason: 'not-signed-in' },
      });
      if (!result.ok) expect(IpcErrorSchema.safeParse(result.error).success).toBe(true);
      expect(store.asked).toEqual([]);

      // Nor after a sign-out.
      await signIn(dispatch, 'lung-nurse');
      expect(await dispatch('session-sign-out', FROM_APP, {})).toMatchObject({ ok: true });
      expect(await dispatch(channel, FROM_APP, {})).toMatchObject({
        ok: false,
        error: { reason: 'not-signed-in' },
      });
      expect(store.asked).toEqual([]);
    },
  );

  it('hands the signed-in user their key, the same each time, and keeps no copy', async () => {
    const store = recordingStore(createMemoryKeyStore());
    const dispatch = runtime(store);
    await signIn(dispatch, 'lung-nurse');

    const first = await unlock(dispatch);
    const raw = Buffer.from(first.key, 'base64');
    expect(raw).toHaveLength(32);
    expect(first).toEqual({
      key: first.key,
      keyId: keyIdOf(raw),
      persistent: false,
      backend: 'memory',
      replaced: null,
    });
    expect((await unlock(dispatch)).key).toBe(first.key);
    expect(store.asked).toEqual(['unlock persona:lung-nurse', 'unlock persona:lung-nurse']);
    // The buffers main got from the store were overwritten once answered.
    for (const handed of store.handedOut) expect(handed.key.every((byte) => byte === 0)).toBe(true);
  });

  it('gives another user another key, and only ever the signed-in user’s', async () => {
    const dispatch = runtime();
    await signIn(dispatch, 'lung-nurse');
    const nurse = await unlock(dispatch);
    // A user switch goes through sign-out (main refuses signing in over another user).
    expect(await dispatch('session-sign-out', FROM_APP, {})).toMatchObject({ ok: true });
    await signIn(dispatch, 'gp');
    const gp = await unlock(dispatch);
    expect(gp.keyId).not.toBe(nurse.keyId);
    // Naming a user in the request is refused, not obeyed.
    expect(
      await dispatch('cache-unlock', FROM_APP, { userKey: 'persona:lung-nurse' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await dispatch('session-sign-out', FROM_APP, {})).toMatchObject({ ok: true });
    await signIn(dispatch, 'lung-nurse');
    expect((await unlock(dispatch)).keyId).toBe(nurse.keyId);
  });

  it('forgets the signed-in user’s key: the next unlock issues a new one', async () => {
    const dispatch = runtime();
    await signIn(dispatch, 'lung-nurse');
    const before = await unlock(dispatch);
    expect(await dispatch('cache-forget', FROM_APP, {})).toEqual({ ok: true, value: {} });
    expect((await unlock(dispatch)).keyId).not.toBe(before.keyId);
  });

  it('says persistent:false with the backend name when the keyring is basic_text', async () => {
    const dispatch = runtime(
      createSafeStorageKeyStore({
        safeStorage: fakeSafeStorage({ backend: 'basic_text' }),
        platform: 'linux',
        directory: join(temp.path, 'cache-keys'),
        log: () => undefined,
      }),
    );
    await signIn(dispatch, 'lung-nurse');
    expect(await unlock(dispatch)).toMatchObject({ persistent: false, backend: 'basic_text' });
    expect(await readdir(temp.path)).not.toContain('cache-keys');
    expect(await dispatch('health-check', FROM_APP, {})).toMatchObject({
      ok: true,
      value: {
        checks: expect.arrayContaining([
          { name: 'cache-keys', ok: true, detail: 'basic_text: in memory for this run only' },
        ]) as unknown,
      },
    });
  });

  it('reports a replaced key in the answer', async () => {
    const store = createSafeStorageKeyStore({
      safeStorage: fakeSafeStorage(),
      platform: 'linux',
      directory: join(temp.path, 'cache-keys'),
      log: () => undefined,
    });
    const dispatch = runtime(store);
    await signIn(dispatch, 'lung-nurse');
    const first = await unlock(dispatch);
    expect(first).toMatchObject({ persistent: true, backend: 'gnome_libsecret', replaced: null });

    // The keyring was reset: the same folder, another keyring.
    const afterReset = runtime(
      createSafeStorageKeyStore({
        safeStorage: fakeSafeStorage(),
        platform: 'linux',
        directory: join(temp.path, 'cache-keys'),
        log: () => undefined,
      }),
    );
    await signIn(afterReset, 'lung-nurse');
    const replaced = await unlock(afterReset);
    expect(replaced.replaced).toBe('undecryptable');
    expect(replaced.keyId).not.toBe(first.keyId);
    expect((await unlock(afterReset)).replaced).toBeNull();
  });

  it('reports a failing key store with reason cache-key-unavailable, not its details', async () => {
    const broken: KeyStore = {
      unlock: () => Promise.reject(new Error('EACCES: /secret/path/cache-keys')),
      forget: () => Promise.resolve(),
      status: () => Promise.resolve({ backend: 'gnome_libsecret', persistent: true }),
    };
    const dispatch = runtime(broken);
    await signIn(dispatch, 'lung-nurse');
    const result = await dispatch('cache-unlock', FROM_APP, {});
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'handler-failed', reason: 'cache-key-unavailable' },
    });
    expect(JSON.stringify(result)).not.toContain('EACCES');
  });

  it('answers any payload with a well-formed result while signed in', async () => {
    const dispatch = runtime();
    await signIn(dispatch, 'lung-nurse');
    for (const channel of ['cache-unlock', 'cache-forget'] as const) {
      await fc.assert(
        fc.asyncProperty(
          fc.anything({ withNullPrototype: true, withTypedArray: true }),
          async (payload) => {
            const result = await dispatch(channel, FROM_APP, payload);
            if (result.ok) {
              expect(invokeContract[channel].response.safeParse(result.value).success).toBe(true);
            } else {
              expect(result.error.code).toBe('invalid-payload');
            }
          },
        ),
        { numRuns: 200 },
      );
    }
    expect(await dispatch('cache-unlock', FROM_APP, {})).toMatchObject({ ok: true });
  });
});
