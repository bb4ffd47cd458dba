import type { ICachePlugin } from '@azure/msal-node';
import { rm } from 'node:fs/promises';
import { z } from 'zod';
import { readTextIfExists, writeFileAtomically } from '../../keystore/key-files.ts';
import { createSerialQueue } from '../../keystore/key-store.ts';

/** The file in the user-data folder (only where the OS has a real keyring). */
export const TOKEN_CACHE_FILE = 'token-cache.json';

/**
 * Seals and opens text with the OS keyring: Electron's
 * `safeStorage.encryptStringAsync` / `decryptStringAsync` in the app, a fake
 * in tests.
 */
export interface TokenCacheCipher {
  encrypt(plainText: string): Promise<Buffer>;
  /** Rejects when the text was not sealed by this keyring. */
  decrypt(sealed: Buffer): Promise<string>;
}

export interface TokenCachePluginOptions {
  /**
   * True only when the OS keyring is real (`assessKeyring(...).usable`):
   * then the cache is sealed and written to `file`; otherwise it lives in
   * msal's memory for this run and nothing touches the disk.
   */
  readonly persistent: boolean;
  readonly file: string;
  readonly cipher: TokenCacheCipher;
  /** Main's log: reasons only, never cache contents. */
  readonly log: (message: string) => void;
}

export interface TokenCachePlugin extends ICachePlugin {
  readonly persistent: boolean;
}

const FORMAT = 'nordjysk-workbench/token-cache';

const CacheFileSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(1),
  sealedWith: z.literal('electron-safe-storage'),
  sealed: z.base64().max(8 * 1024 * 1024),
});

/** The file's text for a serialized msal cache. */
export async function sealTokenCache(
  cipher: TokenCacheCipher,
  serialized: string,
): Promise<string> {
  const file: z.infer<typeof CacheFileSchema> = {
    format: FORMAT,
    version: 1,
    sealedWith: 'electron-safe-storage',
    sealed: (await cipher.encrypt(serialized)).toString('base64'),
  };
  return `${JSON.stringify(file)}\n`;
}

export type OpenedTokenCache =
  | { readonly ok: true; readonly serialized: string }
  | { readonly ok: false; readonly reason: 'unreadable-file' | 'undecryptable' };

/** The serialized cache in a file's text, or why it cannot be had. Never rejects. */
export async function openTokenCache(
  cipher: TokenCacheCipher,
  text: string,
): Promise<OpenedTokenCache> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'unreadable-file' };
  }
  const file = CacheFileSchema.safeParse(json);
  if (!file.success) return { ok: false, reason: 'unreadable-file' };
  let serialized: string;
  try {
    serialized = await cipher.decrypt(Buffer.from(file.data.sealed, 'base64'));
  } catch {
    return { ok: false, reason: 'undecryptable' };
  }
  try {
    JSON.parse(serialized);
  } catch {
    return { ok: false, reason: 'unreadable-file' };
  }
  return { ok: true, serialized };
}

/**
 * msal-node's cache plugin. msal treats the plugin as the cache's source of
 * truth: before every silent call it empties its memory and reloads from
 * what `beforeCacheAccess` deserializes (TokenCache.overwriteCache), so the
 * plugin keeps the serialized cache itself, in memory, and hands it over on
 * every access. With a real keyring it also writes it, sealed, atomically and
 * owner-only, after every access that changed it, and reads the file once,
 * on the first access (the app is its only writer). A file that cannot be
 * opened (another keyring, damage) is removed and the user signs in again: a
 * token cache is not worth recovering.
 */
export function createTokenCachePlugin(options: TokenCachePluginOptions): TokenCachePlugin {
  const { persistent, file, cipher, log } = options;
  const serialized = createSerialQueue();
  let loaded = !persistent;
  let current: string | null = null;
  if (!persistent) log('no OS keyring: the sign-in cache is kept in memory for this run only');

  const load = async (): Promise<string | null> => {
    const text = await readTextIfExists(file);
    if (text === null) return null;
    const opened = await openTokenCache(cipher, text);
    if (opened.ok) return opened.serialized;
    log(`the sign-in cache could not be opened (${opened.reason}); removed, sign in again`);
    await rm(file, { force: true });
    return null;
  };

  return {
    persistent,
    beforeCacheAccess: (context) =>
      serialized(async () => {
        if (!loaded) {
          current = await load();
          loaded = true;
        }
        if (current !== null) context.tokenCache.deserialize(current);
      }),
    afterCacheAccess: (context) =>
      serialized(async () => {
        if (!context.cacheHasChanged) return;
        current = context.tokenCache.serialize();
        if (persistent) await writeFileAtomically(file, await sealTokenCache(cipher, current));
      }),
  };
}
