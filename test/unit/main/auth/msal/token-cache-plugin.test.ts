import { TokenCacheContext, type ISerializableTokenCache } from '@azure/msal-node';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createTokenCachePlugin,
  openTokenCache,
  sealTokenCache,
  TOKEN_CACHE_FILE,
  type TokenCacheCipher,
} from '../../../../../main/auth/msal/token-cache-plugin.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';
import { fakeSafeStorage } from '../../keystore/fake-safe-storage.ts';

const SECRET_CACHE = JSON.stringify({
  Account: { 'practitioner-1': { username: 'mette@rn.test' } },
  RefreshToken: { rt: { secret: 'the-refresh-token-secret' } },
});

function cipherOf(keyring = fakeSafeStorage()): TokenCacheCipher {
  return {
    encrypt: (text) => Promise.resolve(keyring.encryptString(text)),
    decrypt: (sealed) => Promise.resolve().then(() => keyring.decryptString(sealed)),
  };
}

/** msal's side of one cache access: what it hands the plugin, and what it got back. */
class FakeMsalCache implements ISerializableTokenCache {
  state: string | null = null;
  deserialized: string[] = [];
  deserialize(cache: string): void {
    this.state = cache;
    this.deserialized.push(cache);
  }
  serialize(): string {
    return this.state ?? '{}';
  }
}

async function access(
  plugin: ReturnType<typeof createTokenCachePlugin>,
  cache: FakeMsalCache,
  change?: string,
): Promise<void> {
  await plugin.beforeCacheAccess(new TokenCacheContext(cache, false));
  if (change !== undefined) cache.state = change;
  await plugin.afterCacheAccess(new TokenCacheContext(cache, change !== undefined));
}

describe('the sign-in cache on disk, sealed by the OS keyring', () => {
  const temp = useTempDir('wb-token-cache');
  const file = () => join(temp.path, 'user-data', TOKEN_CACHE_FILE);

  const plugin = (persistent: boolean, cipher: TokenCacheCipher, log: string[] = []) =>
    createTokenCachePlugin({ persistent, file: file(), cipher, log: (line) => log.push(line) });

  it('writes only sealed text, owner-only, after an access that changed the cache', async () => {
    const cache = new FakeMsalCache();
    const writer = plugin(true, cipherOf());
    await access(writer, cache);
    await expect(readdir(temp.path)).resolves.toEqual([]);

    await access(writer, cache, SECRET_CACHE);
    const text = await readFile(file(), 'utf8');
    expect(text).not.toContain('the-refresh-token-secret');
    expect(text).not.toContain('mette');
    expect(JSON.parse(text)).toMatchObject({
      format: 'nordjysk-workbench/token-cache',
      version: 1,
      sealedWith: 'electron-safe-storage',
    });
    if (process.platform !== 'win32') expect((await stat(file())).mode & 0o777).toBe(0o600);
  });

  it('hands the cache back at every access, as msal reloads from the plugin before silent calls', async () => {
    const writer = plugin(true, cipherOf());
    const cache = new FakeMsalCache();
    await access(writer, cache, SECRET_CACHE);
    await access(writer, cache);
    await access(writer, cache);
    expect(cache.deserialized).toEqual([SECRET_CACHE, SECRET_CACHE]);
  });

  it('opens what it sealed after a restart, with the same keyring', async () => {
    const keyring = fakeSafeStorage();
    await access(plugin(true, cipherOf(keyring)), new FakeMsalCache(), SECRET_CACHE);

    const restarted = new FakeMsalCache();
    await access(plugin(true, cipherOf(keyring)), restarted);
    expect(restarted.deserialized).toEqual([SECRET_CACHE]);
  });

  it('removes a cache another keyring sealed, and the user signs in again', async () => {
    await access(plugin(true, cipherOf()), new FakeMsalCache(), SECRET_CACHE);
    const log: string[] = [];
    const cache = new FakeMsalCache();
    await access(plugin(true, cipherOf(), log), cache);
    expect(cache.deserialized).toEqual([]);
    expect(log).toEqual([
      'the sign-in cache could not be opened (undecryptable); removed, sign in again',
    ]);
    await expect(readdir(join(temp.path, 'user-data'))).resolves.toEqual([]);
  });

  it('removes a damaged file', async () => {
    await access(plugin(true, cipherOf()), new FakeMsalCache(), SECRET_CACHE);
    await writeFile(file(), '{"format":"something else"}');
    const log: string[] = [];
    await access(plugin(true, cipherOf(), log), new FakeMsalCache());
    expect(log[0]).toMatch(/unreadable-file/);
  });

  it('keeps the cache in memory only, and never touches the disk, without a real keyring', async () => {
    const log: string[] = [];
    const memory = plugin(false, cipherOf(), log);
    const cache = new FakeMsalCache();
    await access(memory, cache, SECRET_CACHE);
    await access(memory, cache);
    expect(cache.deserialized).toEqual([SECRET_CACHE]);
    expect(memory.persistent).toBe(false);
    await expect(readdir(temp.path)).resolves.toEqual([]);
    expect(log).toEqual(['no OS keyring: the sign-in cache is kept in memory for this run only']);
  });
});

describe('sealing and opening the cache file', () => {
  it('round-trips, and says why a file cannot be opened', async () => {
    const cipher = cipherOf();
    const sealed = await sealTokenCache(cipher, SECRET_CACHE);
    await expect(openTokenCache(cipher, sealed)).resolves.toEqual({
      ok: true,
      serialized: SECRET_CACHE,
    });
    await expect(openTokenCache(cipherOf(), sealed)).resolves.toEqual({
      ok: false,
      reason: 'undecryptable',
    });
    await expect(openTokenCache(cipher, 'not json')).resolves.toEqual({
      ok: false,
      reason: 'unreadable-file',
    });
    const extra = JSON.stringify({ ...(JSON.parse(sealed) as object), extra: 1 });
    await expect(openTokenCache(cipher, extra)).resolves.toEqual({
      ok: false,
      reason: 'unreadable-file',
    });
    await expect(
      openTokenCache(cipher, await sealTokenCache(cipher, 'not json inside')),
    ).resolves.toEqual({ ok: false, reason: 'unreadable-file' });
  });
});
