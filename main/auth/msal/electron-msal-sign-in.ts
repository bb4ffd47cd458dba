import { safeStorage } from 'electron';
import { join } from 'node:path';
import { assessKeyring } from '../../keystore/safe-storage-key-store.ts';
import { openExternalUrl } from '../../security/navigation-policy.ts';
import { createMsalSignIn, type MsalSignIn, type SignInConfig } from './msal-sign-in.ts';
import { SignInError } from './sign-in-errors.ts';
import { createTokenCachePlugin, TOKEN_CACHE_FILE } from './token-cache-plugin.ts';

/**
 * The app's sign-in: the system browser through the app's one external-link
 * gate (`openExternalUrl`: https only, no credentials; `openExternal` is
 * main's `shell.openExternal`), the
 * token cache sealed with `safeStorage` in the user-data folder where the OS
 * has a real keyring (in memory only where it has none). The only module of
 * the sign-in that touches `electron`; call it after the app is ready
 * (before that, Linux reports no keyring).
 */
export function createElectronMsalSignIn(
  config: SignInConfig,
  userDataDir: string,
  log: (message: string) => void,
  openExternal: (url: string) => Promise<void>,
): MsalSignIn {
  const keyring = assessKeyring(safeStorage, process.platform);
  return createMsalSignIn(config, {
    openBrowser: async (url) => {
      const decision = await openExternalUrl(url, openExternal);
      if (!decision.allow) throw new SignInError('browser-failed', decision.reason);
    },
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
