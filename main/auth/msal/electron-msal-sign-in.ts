import { safeStorage, shell } from 'electron';
import { join } from 'node:path';
import { assessKeyring } from '../../keystore/safe-storage-key-store.ts';
import { createMsalSignIn, type MsalSignIn, type SignInConfig } from './msal-sign-in.ts';
import { createTokenCachePlugin, TOKEN_CACHE_FILE } from './token-cache-plugin.ts';

/**
 * The app's sign-in: the system browser through `shell.openExternal`, the
 * token cache sealed with `safeStorage` in the user-data folder where the OS
 * has a real keyring (in memory only where it has none). The only module of
 * the sign-in that touches `electron`; call it after the app is ready
 * (before that, Linux reports no keyring).
 */
export function createElectronMsalSignIn(
  config: SignInConfig,
  userDataDir: string,
  log: (message: string) => void,
): MsalSignIn {
  const keyring = assessKeyring(safeStorage, process.platform);
  return createMsalSignIn(config, {
    openBrowser: (url) => shell.openExternal(url),
    cachePlugin: createTokenCachePlugin({
      persistent: keyring.usable,
      file: join(userDataDir, TOKEN_CACHE_FILE),
      cipher: {
        encrypt: (text) => safeStorage.encryptStringAsync(text),
        decrypt: async (sealed) => (await safeStorage.decryptStringAsync(sealed)).result,
      },
      log,
    }),
    log,
  });
}
