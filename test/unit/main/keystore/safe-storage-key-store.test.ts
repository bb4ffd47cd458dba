import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { userKeyFileName } from '../../../../main/keystore/key-files.ts';
import { DATA_KEY_BYTES, keyIdOf, type KeyStore } from '../../../../main/keystore/key-store.ts';
import {
  assessKeyring,
  createSafeStorageKeyStore,
  wrapDataKey,
} from '../../../../main/keystore/safe-storage-key-store.ts';
import { useTempDir } from '../../../support/temp-dir.ts';
import { fakeSafeStorage, type FakeSafeStorage } from './fake-safe-storage.ts';

const USER = 'persona:lung-nurse';
const OTHER_USER = 'persona:home-care-nurse';

describe('the safeStorage key store', () => {
  const temp = useTempDir('wb-keys');
  const directory = (): string => join(temp.path, 'cache-keys');
  const keyFile = (user = USER): string => join(directory(), userKeyFileName(user));

  function store(
    safeStorage: FakeSafeStorage,
    platform: NodeJS.Platform = 'linux',
  ): { store: KeyStore; log: string[] } {
    const log: string[] = [];
    return {
      store: createSafeStorageKeyStore({
        safeStorage,
        platform,
        directory: directory(),
        log: (message) => log.push(message),
        now: () => new Date('2026-11-26T10:00:00Z'),
      }),
      log,
    };
  }

  /** Every text the store wrote or logged must be free of the key and the user's name. */
  async function expectNoSecretsOnDisk(key: Uint8Array, log: readonly string[]): Promise<void> {
    const forms = [
      Buffer.from(key).toString('base64'),
      Buffer.from(key).toString('base64url'),
      Buffer.from(key).toString('hex'),
      USER,
      'lung-nurse',
    ];
    const names = await readdir(directory()).catch(() => [] as string[]);
    for (const name of names) {
      const bytes = await readFile(join(directory(), name));
      for (const form of forms) {
        expect(name).not.toContain(form);
        expect(bytes.toString('latin1')).not.toContain(form);
      }
      expect(bytes.includes(Buffer.from(key))).toBe(false);
    }
    for (const line of log) for (const form of forms) expect(line).not.toContain(form);
  }

  it('creates a key on first unlock, wraps it in an owner-only file, and opens it in the next run', async () => {
    const secret = randomBytes(32);
    const first = store(fakeSafeStorage({ secret }));
    const unlocked = await first.store.unlock(USER);

    expect(unlocked.key).toHaveLength(DATA_KEY_BYTES);
    expect(unlocked).toMatchObject({
      keyId: keyIdOf(unlocked.key),
      persistent: true,
      backend: 'gnome_libsecret',
      replaced: null,
    });
    expect(await readdir(directory())).toEqual([userKeyFileName(USER)]);
    expect((await stat(keyFile())).mode & 0o777).toBe(0o600);
    expect((await stat(directory())).mode & 0o777).toBe(0o700);
    await expectNoSecretsOnDisk(unlocked.key, first.log);

    // A new run (new store, same keyring) gets the same key back.
    const second = store(fakeSafeStorage({ secret }));
    const again = await second.store.unlock(USER);
    expect(Buffer.from(again.key).equals(Buffer.from(unlocked.key))).toBe(true);
    expect(again.keyId).toBe(unlocked.keyId);
    expect(again.replaced).toBeNull();
    expect(second.log).toEqual([]);
  });

  it('gives each user a key of their own, in a file named by a hash', async () => {
    const { store: keys } = store(fakeSafeStorage());
    const mine = await keys.unlock(USER);
    const theirs = await keys.unlock(OTHER_USER);
    expect(mine.keyId).not.toBe(theirs.keyId);
    expect((await readdir(directory())).sort()).toEqual(
      [userKeyFileName(USER), userKeyFileName(OTHER_USER)].sort(),
    );
    expect(userKeyFileName(USER)).toMatch(/^[0-9a-f]{40}\.json$/);
  });

  it('hands out a fresh copy each time, so the caller may overwrite it', async () => {
    const { store: keys } = store(fakeSafeStorage());
    const first = await keys.unlock(USER);
    const keyId = first.keyId;
    first.key.fill(0);
    const second = await keys.unlock(USER);
    expect(second.keyId).toBe(keyId);
    expect(keyIdOf(second.key)).toBe(keyId);
  });

  describe('without a real keyring', () => {
    it.each([
      ['basic_text (a password hard-coded in Chromium)', { backend: 'basic_text' }, 'basic_text'],
      ['unknown (no backend chosen yet)', { backend: 'unknown' }, 'unknown'],
      ['encryption unavailable', { available: false }, 'unavailable'],
      ['a keyring check that throws', { available: 'throws' as const }, 'unavailable'],
    ])('%s: keeps keys in memory only and says so', async (_what, fake, backend) => {
      const safeStorage = fakeSafeStorage(fake);
      const first = store(safeStorage);

      expect(await first.store.status()).toEqual({ backend, persistent: false });
      const unlocked = await first.store.unlock(USER);
      expect(unlocked).toMatchObject({ persistent: false, backend, replaced: null });
      expect(unlocked.key).toHaveLength(DATA_KEY_BYTES);
      // Same key for the rest of the run…
      expect((await first.store.unlock(USER)).keyId).toBe(unlocked.keyId);
      // …nothing written, not even the folder, and nothing wrapped with the weak "keyring".
      await expect(stat(directory())).rejects.toMatchObject({ code: 'ENOENT' });
      expect(safeStorage.calls.encrypt).toBe(0);
      expect(first.log).toEqual([expect.stringContaining('in memory for this run only')]);
      expect(first.log[0]).toContain(backend);

      // A new run cannot recover it: the cache of the old run is unopenable by design.
      const second = store(fakeSafeStorage(fake));
      expect((await second.store.unlock(USER)).keyId).not.toBe(unlocked.keyId);
    });

    it('leaves a key file from an earlier run with a keyring alone, and forget removes it', async () => {
      const secret = randomBytes(32);
      const earlier = await store(fakeSafeStorage({ secret })).store.unlock(USER);
      const before = await readFile(keyFile(), 'utf8');

      const now = store(fakeSafeStorage({ secret, backend: 'basic_text' }));
      const unlocked = await now.store.unlock(USER);
      expect(unlocked.persistent).toBe(false);
      expect(unlocked.keyId).not.toBe(earlier.keyId);
      expect(await readFile(keyFile(), 'utf8')).toBe(before);

      await now.store.forget(USER);
      expect(await readdir(directory())).toEqual([]);
    });
  });

  it.each([
    ['win32', 'dpapi'],
    ['darwin', 'keychain'],
    ['freebsd', 'os-keyring'],
  ] as const)(
    'on %s names the backend %s without asking for a Linux backend',
    (platform, backend) => {
      const safeStorage = fakeSafeStorage({ backend: 'basic_text' });
      expect(assessKeyring(safeStorage, platform)).toEqual({ usable: true, backend });
      expect(safeStorage.calls.backend).toBe(0);
    },
  );

  it.each(['gnome_libsecret', 'kwallet5', 'kwallet6', 'some_future_backend'])(
    'on Linux takes %s as a real keyring',
    (backend) => {
      expect(assessKeyring(fakeSafeStorage({ backend }), 'linux')).toEqual({
        usable: true,
        backend,
      });
    },
  );

  describe('a stored key that cannot be used', () => {
    const secret = randomBytes(32);
    const otherUsersFile = (): string =>
      wrapDataKey(
        fakeSafeStorage({ secret }),
        userKeyFileName(OTHER_USER),
        randomBytes(32),
        new Date(),
      );
    const shortKeyFile = (): string =>
      wrapDataKey(fakeSafeStorage({ secret }), userKeyFileName(USER), randomBytes(16), new Date());

    it.each([
      ['not JSON', () => '{"format": "nordjysk-workbench/cache-key"', 'unreadable-file'],
      ['empty', () => '', 'unreadable-file'],
      ['JSON of another shape', () => '{"key": "AAAA"}', 'unreadable-file'],
      ['an array', () => '[]', 'unreadable-file'],
      ["another user's file copied over it", otherUsersFile, 'unreadable-file'],
      ['a wrapped key of the wrong length', shortKeyFile, 'unreadable-file'],
      [
        'wrapped by another keyring (reset, or another machine)',
        () => wrapDataKey(fakeSafeStorage(), userKeyFileName(USER), randomBytes(32), new Date()),
        'undecryptable',
      ],
      [
        'wrapped content that is not base64 of a ciphertext',
        () =>
          JSON.stringify({
            format: 'nordjysk-workbench/cache-key',
            version: 1,
            wrappedWith: 'electron-safe-storage',
            wrappedKey: Buffer.from('garbage').toString('base64'),
            createdAt: '2026-11-01T00:00:00.000Z',
          }),
        'undecryptable',
      ],
    ])(
      '%s: is kept aside untouched, a new key is issued and reported',
      async (_what, text, reason) => {
        await mkdir(directory(), { recursive: true });
        const original = text();
        await writeFile(keyFile(), original);
        const { store: keys, log } = store(fakeSafeStorage({ secret }));

        const unlocked = await keys.unlock(USER);

        expect(unlocked.persistent).toBe(true);
        expect(unlocked.replaced?.reason).toBe(reason);
        const keptAs = unlocked.replaced?.keptAs ?? '';
        expect(keptAs).toMatch(new RegExp(`^${userKeyFileName(USER)}\\.unreadable-`));
        expect((await readdir(directory())).sort()).toEqual([userKeyFileName(USER), keptAs].sort());
        expect(await readFile(join(directory(), keptAs), 'utf8')).toBe(original);
        expect(log).toHaveLength(1);
        expect(log[0]).toContain(keptAs);
        expect(log[0]).toContain(reason);
        await expectNoSecretsOnDisk(unlocked.key, log);

        // The new key is the user's key from now on.
        const next = await store(fakeSafeStorage({ secret })).store.unlock(USER);
        expect(next.keyId).toBe(unlocked.keyId);
        expect(next.replaced).toBeNull();
      },
    );
  });

  it('forget removes the key files set aside as unreadable too, and leaves other users’ files', async () => {
    await mkdir(directory(), { recursive: true });
    const { store: keys } = store(fakeSafeStorage());
    await keys.unlock(OTHER_USER);
    await writeFile(keyFile(OTHER_USER), 'not a key file');
    await keys.unlock(OTHER_USER);
    await writeFile(keyFile(), 'not a key file');
    await keys.unlock(USER);
    await writeFile(keyFile(), 'broken again');
    await keys.unlock(USER);
    const others = (await readdir(directory()))
      .filter((name) => name.startsWith(userKeyFileName(OTHER_USER)))
      .sort();
    expect(others).toHaveLength(2);
    expect(await readdir(directory())).toHaveLength(5);

    await keys.forget(USER);

    expect((await readdir(directory())).sort()).toEqual(others);
  });

  describe('concurrent unlocks', () => {
    it('of a new user agree on one key and write one file', async () => {
      const { store: keys } = store(fakeSafeStorage());
      const results = await Promise.all(Array.from({ length: 8 }, () => keys.unlock(USER)));
      expect(new Set(results.map((result) => result.keyId)).size).toBe(1);
      expect(await readdir(directory())).toEqual([userKeyFileName(USER)]);
    });

    it('over an unusable file set it aside once and agree on the new key', async () => {
      await mkdir(directory(), { recursive: true });
      await writeFile(keyFile(), 'not a key file');
      const { store: keys, log } = store(fakeSafeStorage());
      const results = await Promise.all(Array.from({ length: 5 }, () => keys.unlock(USER)));
      expect(new Set(results.map((result) => result.keyId)).size).toBe(1);
      expect(results.filter((result) => result.replaced !== null)).toHaveLength(1);
      expect(await readdir(directory())).toHaveLength(2);
      expect(log).toHaveLength(1);
    });

    it('and a forget in between are run in order', async () => {
      const { store: keys } = store(fakeSafeStorage());
      const [before, , after] = await Promise.all([
        keys.unlock(USER),
        keys.forget(USER),
        keys.unlock(USER),
      ]);
      expect(after.keyId).not.toBe(before.keyId);
      expect(await readdir(directory())).toEqual([userKeyFileName(USER)]);
    });

    it('do not wedge the store after one fails', async () => {
      // A file where the folder should be: the write fails.
      await writeFile(directory(), 'in the way');
      const { store: keys } = store(fakeSafeStorage());
      const outcomes = await Promise.allSettled([keys.unlock(USER), keys.unlock(USER)]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
      expect(await keys.status()).toEqual({ backend: 'gnome_libsecret', persistent: true });
    });
  });

  it('forget deletes only that user’s key; the next unlock issues a new one', async () => {
    const { store: keys } = store(fakeSafeStorage());
    const mine = await keys.unlock(USER);
    const theirs = await keys.unlock(OTHER_USER);

    await keys.forget(USER);
    expect(await readdir(directory())).toEqual([userKeyFileName(OTHER_USER)]);
    expect((await keys.unlock(OTHER_USER)).keyId).toBe(theirs.keyId);

    const fresh = await keys.unlock(USER);
    expect(fresh.keyId).not.toBe(mine.keyId);
    expect(fresh.replaced).toBeNull();
    // Forgetting someone who has no key is not an error.
    await keys.forget('persona:nobody');
  });

  it('fails the unlock and writes nothing when the keyring refuses to wrap', async () => {
    const safeStorage = fakeSafeStorage();
    const failing: FakeSafeStorage = {
      ...safeStorage,
      encryptString: () => {
        throw new Error('keyring locked');
      },
    };
    const { store: keys } = store(failing);
    await expect(keys.unlock(USER)).rejects.toThrow('keyring locked');
    expect(await readdir(directory()).catch(() => [])).toEqual([]);
  });
});
