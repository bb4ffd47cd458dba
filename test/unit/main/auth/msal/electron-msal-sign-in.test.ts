import { readdir } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import { useTempDir } from '../../../../support/temp-dir.ts';
import type { SafeStorageLike } from '../../../../../main/keystore/safe-storage-key-store.ts';
import { fakeSafeStorage } from '../../keystore/fake-safe-storage.ts';

/** Electron's `safeStorage` and `shell` at the module's edge; each test picks the keyring. */
const electron = vi.hoisted(() => {
  const keyring: { current: SafeStorageLike | null } = { current: null };
  const use = (): SafeStorageLike => {
    if (!keyring.current) throw new Error('no keyring chosen');
    return keyring.current;
  };
  return {
    keyring,
    safeStorage: {
      isEncryptionAvailable: () => use().isEncryptionAvailable(),
      getSelectedStorageBackend: () => use().getSelectedStorageBackend?.() ?? 'unknown',
      encryptStringAsync: (text: string) => Promise.resolve(use().encryptString(text)),
      decryptStringAsync: (sealed: Buffer) =>
        Promise.resolve({ shouldReEncrypt: false, result: use().decryptString(sealed) }),
    },
    shell: { openExternal: vi.fn<(url: string) => Promise<void>>(() => Promise.resolve()) },
  };
});
vi.mock('electron', () => ({
  safeStorage: electron.safeStorage,
  shell: electron.shell,
  default: electron,
}));

const { createElectronMsalSignIn } =
  await import('../../../../../main/auth/msal/electron-msal-sign-in.ts');

describe('the Electron glue of the sign-in', () => {
  const temp = useTempDir('wb-electron-sign-in');
  const config = {
    kind: 'fut' as const,
    authority: 'https://127.0.0.1:1/realms/test',
    clientId: 'workbench',
    scopes: ['fhir'],
  };
  /** The glue as main/index.ts would start it, with its log kept for the test. */
  const start = () => {
    const log: string[] = [];
    const signIn = createElectronMsalSignIn(
      config,
      temp.path,
      (line) => log.push(line),
      electron.shell.openExternal,
    );
    return { signIn, log };
  };

  it('keeps the cache in memory only where the OS keyring is not real', async () => {
    electron.keyring.current = fakeSafeStorage({ backend: 'basic_text' });
    const { signIn, log } = start();
    await expect(signIn.accounts()).resolves.toEqual([]);
    expect(log).toContain('no OS keyring: the sign-in cache is kept in memory for this run only');
    await expect(readdir(temp.path)).resolves.toEqual([]);
    signIn.dispose();
  });

  it('uses the keyring-sealed cache where the keyring is real', async () => {
    electron.keyring.current = fakeSafeStorage({ backend: 'gnome_libsecret' });
    const { signIn, log } = start();
    await expect(signIn.accounts()).resolves.toEqual([]);
    expect(log).toEqual([]);
    signIn.dispose();
  });

  it('does not open the system browser when the provider cannot be reached', async () => {
    electron.keyring.current = fakeSafeStorage();
    const { signIn } = start();
    await expect(signIn.signInInteractive()).rejects.toMatchObject({
      reason: 'provider-unreachable',
    });
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
    signIn.dispose();
  });
});
