import { join } from 'node:path';
import { z } from 'zod';
import {
  readTextIfExists,
  removeKeyFiles,
  setAside,
  userKeyFileName,
  writeFileAtomically,
} from './key-files.ts';
import {
  createSerialQueue,
  DATA_KEY_BYTES,
  keyIdOf,
  newDataKey,
  type KeyReplacement,
  type KeyReplacementReason,
  type KeyStore,
  type UnlockedKey,
} from './key-store.ts';
import { createMemoryKeyStore } from './memory-key-store.ts';

/**
 * The part of Electron's `safeStorage` the key store uses; the glue module
 * passes Electron's own object, tests pass a fake.
 */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which secret store Chromium picked. */
  getSelectedStorageBackend?(): string;
}

/** What the OS offers to wrap keys with. */
export interface Keyring {
  /** True when a wrapped key is protected by the OS; false means: persist nothing. */
  readonly usable: boolean;
  readonly backend: string;
}

/**
 * Linux backends that are no keyring: `basic_text` encrypts with a password
 * hard-coded in Chromium, and `unknown` is what Electron says before it has
 * chosen. Anything else (a new backend name included) is taken as real.
 */
const NO_KEYRING = new Set(['basic_text', 'unknown']);

/** Whether `safeStorage` can protect a key on this machine, and by what. */
export function assessKeyring(safeStorage: SafeStorageLike, platform: NodeJS.Platform): Keyring {
  let available: boolean;
  try {
    available = safeStorage.isEncryptionAvailable();
  } catch {
    available = false;
  }
  if (!available) return { usable: false, backend: 'unavailable' };
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    return { usable: !NO_KEYRING.has(backend), backend };
  }
  if (platform === 'win32') return { usable: true, backend: 'dpapi' };
  if (platform === 'darwin') return { usable: true, backend: 'keychain' };
  return { usable: true, backend: 'os-keyring' };
}

const KEY_FILE_FORMAT = 'nordjysk-workbench/cache-key';

/** The file on disk: only the wrapped key and when it was made. */
const KeyFileSchema = z.strictObject({
  format: z.literal(KEY_FILE_FORMAT),
  version: z.literal(1),
  wrappedWith: z.literal('electron-safe-storage'),
  wrappedKey: z.base64().max(8192),
  createdAt: z.iso.datetime(),
});

/**
 * What is wrapped: the key and the file it belongs to, so a key file copied
 * over another user's is refused rather than handing one user another's key.
 */
const WrappedContentSchema = z.strictObject({
  file: z.string().max(100),
  key: z.base64().max(100),
});

/** The text of a key file holding `key` wrapped by `safeStorage`. */
export function wrapDataKey(
  safeStorage: SafeStorageLike,
  fileName: string,
  key: Uint8Array,
  now: Date,
): string {
  const content = JSON.stringify({ file: fileName, key: Buffer.from(key).toString('base64') });
  const file: z.infer<typeof KeyFileSchema> = {
    format: KEY_FILE_FORMAT,
    version: 1,
    wrappedWith: 'electron-safe-storage',
    wrappedKey: safeStorage.encryptString(content).toString('base64'),
    createdAt: now.toISOString(),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export type UnwrapOutcome =
  | { readonly ok: true; readonly key: Uint8Array }
  | { readonly ok: false; readonly reason: KeyReplacementReason };

/** The key in a key file's text, or why it cannot be had. Never throws. */
export function unwrapDataKey(
  safeStorage: SafeStorageLike,
  fileName: string,
  text: string,
): UnwrapOutcome {
  const file = KeyFileSchema.safeParse(parseJson(text));
  if (!file.success) return { ok: false, reason: 'unreadable-file' };
  let content: string;
  try {
    content = safeStorage.decryptString(Buffer.from(file.data.wrappedKey, 'base64'));
  } catch {
    return { ok: false, reason: 'undecryptable' };
  }
  const wrapped = WrappedContentSchema.safeParse(parseJson(content));
  if (!wrapped.success || wrapped.data.file !== fileName)
    return { ok: false, reason: 'unreadable-file' };
  const key = new Uint8Array(Buffer.from(wrapped.data.key, 'base64'));
  if (key.length !== DATA_KEY_BYTES) return { ok: false, reason: 'unreadable-file' };
  return { ok: true, key };
}

export interface SafeStorageKeyStoreOptions {
  readonly safeStorage: SafeStorageLike;
  readonly platform: NodeJS.Platform;
  /** `<userData>/cache-keys`; created on the first key written, never when nothing may persist. */
  readonly directory: string;
  /** Main's log. Gets file names and reasons, never a key or a user key. */
  readonly log: (message: string) => void;
  readonly now?: () => Date;
}

/**
 * Per-user data keys wrapped with `safeStorage`, one file per user under
 * `directory`. Without a real keyring it persists nothing: keys live in
 * memory for this run and are reported as not persistent. The keyring is
 * assessed once, on first use (after the app is ready), and holds for the run.
 */
export function createSafeStorageKeyStore(options: SafeStorageKeyStoreOptions): KeyStore {
  const { safeStorage, directory, log } = options;
  const now = options.now ?? (() => new Date());
  const serialized = createSerialQueue();
  let decided: { readonly keyring: Keyring; readonly memory: KeyStore | null } | null = null;

  function decide(): { readonly keyring: Keyring; readonly memory: KeyStore | null } {
    if (decided) return decided;
    const keyring = assessKeyring(safeStorage, options.platform);
    if (!keyring.usable)
      log(`no OS keyring (${keyring.backend}): cache keys are kept in memory for this run only`);
    decided = { keyring, memory: keyring.usable ? null : createMemoryKeyStore(keyring.backend) };
    return decided;
  }

  async function unlockStored(userKey: string, backend: string): Promise<UnlockedKey> {
    const fileName = userKeyFileName(userKey);
    const path = join(directory, fileName);
    const text = await readTextIfExists(path);
    let replaced: KeyReplacement | null = null;
    if (text !== null) {
      const opened = unwrapDataKey(safeStorage, fileName, text);
      if (opened.ok) return unlocked(opened.key, backend, null);
      replaced = { reason: opened.reason, keptAs: await setAside(path, now()) };
      log(
        `cache key ${fileName} could not be opened (${opened.reason}); ` +
          `kept as ${replaced.keptAs} and a new key issued`,
      );
    }
    const key = newDataKey();
    await writeFileAtomically(path, wrapDataKey(safeStorage, fileName, key, now()));
    return unlocked(key, backend, replaced);
  }

  return {
    unlock: (userKey) =>
      serialized(() => {
        const { keyring, memory } = decide();
        return memory ? memory.unlock(userKey) : unlockStored(userKey, keyring.backend);
      }),
    forget: (userKey) =>
      serialized(async () => {
        await decide().memory?.forget(userKey);
        // Also when nothing persists now: a key stored in an earlier run is as stale as the cache.
        await removeKeyFiles(directory, userKey);
      }),
    status: () => {
      const { keyring } = decide();
      return Promise.resolve({ backend: keyring.backend, persistent: keyring.usable });
    },
  };
}

function unlocked(key: Uint8Array, backend: string, replaced: KeyReplacement | null): UnlockedKey {
  return { key, keyId: keyIdOf(key), persistent: true, backend, replaced };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
