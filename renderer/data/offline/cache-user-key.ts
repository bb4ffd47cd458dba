import { cacheDbName } from '../cache/cache-name.ts';

/**
 * An opaque, non-identifying name for the user's database: SHA-256 of the
 * user id under a fixed label, base64url, 32 characters. IndexedDB names are
 * visible on disk; a persona id or a name must not be.
 */
export async function cacheUserKey(userId: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(`nordjysk-esundhed-workbench cache user\u0000${userId}`),
  );
  let binary = '';
  for (const byte of new Uint8Array(digest)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '').slice(0, 32);
}

/**
 * Whether the user has a cache database on this device (persistent ones:
 * an in-memory cache is made anew each run). Where the browser cannot list
 * its databases: true, so the caller waits for the cache instead of
 * assuming it empty.
 */
export async function hasCacheDatabase(
  userId: string,
  factory: IDBFactory | undefined = globalThis.indexedDB,
): Promise<boolean> {
  if (typeof factory?.databases !== 'function') return true;
  const name = cacheDbName(await cacheUserKey(userId));
  return (await factory.databases()).some((database) => database.name === name);
}
