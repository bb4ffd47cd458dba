import { safeStorage } from 'electron';
import { join } from 'node:path';
import type { KeyStore } from './key-store.ts';
import { createSafeStorageKeyStore } from './safe-storage-key-store.ts';

/**
 * The Electron app's key store: Electron's own `safeStorage`, keys under
 * `<userData>/cache-keys`. The only module of the key store that touches
 * `electron`; call it after the app is ready (before that, Linux reports no
 * keyring).
 */
export function createElectronKeyStore(
  userDataDir: string,
  log: (message: string) => void,
): KeyStore {
  return createSafeStorageKeyStore({
    safeStorage,
    platform: process.platform,
    directory: join(userDataDir, 'cache-keys'),
    log,
  });
}
