import { join } from 'node:path';
import { z } from 'zod';
import {
  readTextIfExists,
  removeKeyFiles,
  setAside,
  userKeyFileName,
  writeFileAtomically,
} from '../../../main/keystore/key-files.ts';
import {
  createSerialQueue,
  DATA_KEY_BYTES,
  keyIdOf,
  newDataKey,
  type KeyReplacement,
  type KeyStore,
  type UnlockedKey,
} from '../../../main/keystore/key-store.ts';

/**
 * HARNESS ONLY — never part of the packaged app (it lives under test/, which
 * electron-builder.yml does not ship and main/ may not import).
 *
 * The browser harness has no Electron `safeStorage`, so this stand-in keeps
 * each user's data key *unwrapped* in a file under the harness's own
 * user-data folder. That is acceptable only because the harness runs on
 * synthetic demo data in throw-away folders; it lets end-to-end tests restart
 * the harness and find the encrypted cache still openable, as it would be in
 * the app.
 */
export const HARNESS_KEY_BACKEND = 'harness-file';

const HarnessKeyFileSchema = z.strictObject({
  harnessOnly: z.literal(true),
  key: z.base64().max(100),
});

/** The harness's key store: same interface as the app's, keys in `<userDataDir>/harness-cache-keys/`. */
export function createHarnessKeyStore(
  userDataDir: string,
  log: (message: string) => void = () => undefined,
): KeyStore {
  const directory = join(userDataDir, 'harness-cache-keys');
  const serialized = createSerialQueue();

  async function unlock(userKey: string): Promise<UnlockedKey> {
    const fileName = userKeyFileName(userKey);
    const path = join(directory, fileName);
    const text = await readTextIfExists(path);
    let replaced: KeyReplacement | null = null;
    if (text !== null) {
      const key = readHarnessKey(text);
      if (key) return unlocked(key, null);
      replaced = { reason: 'unreadable-file', keptAs: await setAside(path, new Date()) };
      log(`harness cache key ${fileName} unreadable; kept as ${replaced.keptAs}, new key issued`);
    }
    const key = newDataKey();
    const file = { harnessOnly: true, key: Buffer.from(key).toString('base64') };
    await writeFileAtomically(path, `${JSON.stringify(file)}\n`);
    return unlocked(key, replaced);
  }

  return {
    unlock: (userKey) => serialized(() => unlock(userKey)),
    forget: (userKey) => serialized(() => removeKeyFiles(directory, userKey)),
    status: () => Promise.resolve({ backend: HARNESS_KEY_BACKEND, persistent: true }),
  };
}

function readHarnessKey(text: string): Uint8Array | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const file = HarnessKeyFileSchema.safeParse(json);
  if (!file.success) return null;
  const key = new Uint8Array(Buffer.from(file.data.key, 'base64'));
  return key.length === DATA_KEY_BYTES ? key : null;
}

function unlocked(key: Uint8Array, replaced: KeyReplacement | null): UnlockedKey {
  return { key, keyId: keyIdOf(key), persistent: true, backend: HARNESS_KEY_BACKEND, replaced };
}
