import { createSerialQueue, keyIdOf, newDataKey, type KeyStore } from './key-store.ts';

/**
 * Keys in memory for this run only: nothing is written anywhere, so a cache
 * sealed under them cannot outlive the run. Used where there is no real
 * keyring (`basic_text` on Linux, `safeStorage` unavailable) and as the
 * default for runtimes built without a key store (tests).
 */
export function createMemoryKeyStore(backend = 'memory'): KeyStore {
  const keys = new Map<string, Uint8Array>();
  const serialized = createSerialQueue();
  return {
    unlock: (userKey) =>
      serialized(() => {
        let key = keys.get(userKey);
        if (!key) {
          key = newDataKey();
          keys.set(userKey, key);
        }
        // A copy: the caller overwrites what it gets once it has used it.
        return Promise.resolve({
          key: key.slice(),
          keyId: keyIdOf(key),
          persistent: false,
          backend,
          replaced: null,
        });
      }),
    forget: (userKey) =>
      serialized(() => {
        keys.get(userKey)?.fill(0);
        keys.delete(userKey);
        return Promise.resolve();
      }),
    status: () => Promise.resolve({ backend, persistent: false }),
  };
}
