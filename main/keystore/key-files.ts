import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

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

const SET_ASIDE_MARK = '.unreadable-';

/**
 * Renames a file that can no longer be used so it stays beside the new one
 * (for support to look at, or to recover from if the keyring comes back);
 * returns the new file name.
 */
export async function setAside(path: string, now: Date): Promise<string> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const aside = `${path}${SET_ASIDE_MARK}${stamp}-${randomBytes(3).toString('hex')}`;
  await rename(path, aside);
  return basename(aside);
}

/**
 * Removes a user's key file and every copy of it (set aside as unreadable,
 * or a temporary one from an interrupted write):
 * when the cache is forgotten, a key that could once open it is no use to
 * support and must not outlive it. Other users' files stay.
 */
export async function removeKeyFiles(directory: string, userKey: string): Promise<void> {
  const fileName = userKeyFileName(userKey);
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  // Its own file, the copies set aside, and a temporary file a crash left mid-write.
  const own = names.filter((name) => name === fileName || name.startsWith(`${fileName}.`));
  for (const name of own) await rm(join(directory, name), { force: true });
}
