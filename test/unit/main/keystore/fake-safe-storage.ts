import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SafeStorageLike } from '../../../../main/keystore/safe-storage-key-store.ts';

export interface FakeSafeStorage extends SafeStorageLike {
  /** How many times each method was called. */
  readonly calls: { encrypt: number; decrypt: number; backend: number };
}

/**
 * Electron's `safeStorage` at its edge, for tests: the same four methods, and
 * real encryption (AES-256-GCM under a secret this "keyring" holds), so a
 * file wrapped by one keyring does not open with another, and
 * `decryptString` throws on anything it did not wrap — as Electron's does.
 */
export function fakeSafeStorage(
  options: {
    readonly available?: boolean | 'throws';
    readonly backend?: string;
    /** The keyring's secret: two fakes with one secret are one keyring (a restart). */
    readonly secret?: Buffer;
  } = {},
): FakeSafeStorage {
  const secret = options.secret ?? randomBytes(32);
  const calls = { encrypt: 0, decrypt: 0, backend: 0 };
  return {
    calls,
    isEncryptionAvailable: () => {
      if (options.available === 'throws') throw new Error('keyring daemon not reachable');
      return options.available ?? true;
    },
    getSelectedStorageBackend: () => {
      calls.backend += 1;
      return options.backend ?? 'gnome_libsecret';
    },
    encryptString: (plainText) => {
      calls.encrypt += 1;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', secret, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from('v11'), iv, cipher.getAuthTag(), body]);
    },
    decryptString: (encrypted) => {
      calls.decrypt += 1;
      if (encrypted.subarray(0, 3).toString() !== 'v11' || encrypted.length < 31)
        throw new Error(
          'Error while decrypting the ciphertext provided to safeStorage.decryptString.',
        );
      const decipher = createDecipheriv('aes-256-gcm', secret, encrypted.subarray(3, 15));
      decipher.setAuthTag(encrypted.subarray(15, 31));
      try {
        return Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new Error(
          'Error while decrypting the ciphertext provided to safeStorage.decryptString.',
        );
      }
    },
  };
}
