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
