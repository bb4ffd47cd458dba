import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

/**
 * The file name (without folder) for a user's key: a SHA-256 of the user key
 * under a label, so a folder listing does not say who has used the machine.
 * It is not a secret: whoever knows a user key can recompute it. Keying it
 * with a secret would need that secret stored somewhere too, and losing it
 * would orphan every user's key at once.
 */
export function userKeyFileName(userKey: string): string {
  const digest = createHash('sha256')
    .update('nordjysk-workbench/cache-key-file\u0000')
    .update(userKey, 'utf8')
    .digest('hex');
  return `${digest.slice(0, 40)}.json`;
}

/** The file's text, or null when there is no such file. Other errors (permissions, …) throw. */
export async function readTextIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Writes through a temporary file in the same folder (flushed to disk, owner
 * only) and a rename, so a crash leaves either the old file or the new one,
 * never half of one.
 */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    // A failed write must not leave temporary files in the user-data folder.
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Renames a file that can no longer be used so it stays beside the new one
 * (for support to look at, or to recover from if the keyring comes back);
 * returns the new file name.
 */
export async function setAside(path: string, now: Date): Promise<string> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const aside = `${path}.unreadable-${stamp}-${randomBytes(3).toString('hex')}`;
  await rename(path, aside);
  return basename(aside);
}
