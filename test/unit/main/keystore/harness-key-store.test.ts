import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { userKeyFileName } from '../../../../main/keystore/key-files.ts';
import { keyIdOf } from '../../../../main/keystore/key-store.ts';
import {
  createHarnessKeyStore,
  HARNESS_KEY_BACKEND,
} from '../../../harness/server/harness-key-store.ts';
import { useTempDir } from '../../../support/temp-dir.ts';

const USER = 'persona:lung-nurse';

describe('the harness-only key store', () => {
  const temp = useTempDir('wb-harness-keys');
  const directory = (): string => join(temp.path, 'harness-cache-keys');

  it('keeps the key in the harness user-data folder and finds it after a restart', async () => {
    const first = await createHarnessKeyStore(temp.path).unlock(USER);
    expect(first).toMatchObject({
      persistent: true,
      backend: HARNESS_KEY_BACKEND,
      replaced: null,
      keyId: keyIdOf(first.key),
    });
    expect(await readdir(directory())).toEqual([userKeyFileName(USER)]);
    const file = JSON.parse(await readFile(join(directory(), userKeyFileName(USER)), 'utf8')) as {
      harnessOnly: boolean;
    };
    expect(file.harnessOnly).toBe(true);

    const again = await createHarnessKeyStore(temp.path).unlock(USER);
    expect(again.keyId).toBe(first.keyId);
    expect(await createHarnessKeyStore(temp.path).status()).toEqual({
      backend: HARNESS_KEY_BACKEND,
      persistent: true,
    });
  });

  it.each(['{', '{"harnessOnly":true,"key":"AAAA"}', '{"key":"x"}', ''])(
    'keeps an unusable file (%j) aside and issues a new key',
    async (text) => {
      await mkdir(directory(), { recursive: true });
      await writeFile(join(directory(), userKeyFileName(USER)), text);
      const log: string[] = [];
      const unlocked = await createHarnessKeyStore(temp.path, (line) => log.push(line)).unlock(
        USER,
      );
      expect(unlocked.replaced?.reason).toBe('unreadable-file');
      const keptAs = unlocked.replaced?.keptAs ?? '';
      expect(await readFile(join(directory(), keptAs), 'utf8')).toBe(text);
      expect(log).toEqual([expect.stringContaining(keptAs)]);
      expect((await createHarnessKeyStore(temp.path).unlock(USER)).keyId).toBe(unlocked.keyId);
    },
  );

  it('forgets the key files it set aside as unreadable too', async () => {
    await mkdir(directory(), { recursive: true });
    await writeFile(join(directory(), userKeyFileName(USER)), 'not a key');
    const keys = createHarnessKeyStore(temp.path);
    expect((await keys.unlock(USER)).replaced).not.toBeNull();
    expect(await readdir(directory())).toHaveLength(2);
    await keys.forget(USER);
    expect(await readdir(directory())).toEqual([]);
  });

  it('agrees on one key for concurrent unlocks, and forgets', async () => {
    const keys = createHarnessKeyStore(temp.path);
    const all = await Promise.all(Array.from({ length: 6 }, () => keys.unlock(USER)));
    expect(new Set(all.map((unlocked) => unlocked.keyId)).size).toBe(1);
    await keys.forget(USER);
    expect(await readdir(directory())).toEqual([]);
    expect((await keys.unlock(USER)).keyId).not.toBe(all[0]!.keyId);
  });
});
