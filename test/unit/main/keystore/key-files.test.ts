import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  readTextIfExists,
  removeKeyFiles,
  setAside,
  userKeyFileName,
  writeFileAtomically,
} from '../../../../main/keystore/key-files.ts';
import { createSerialQueue, keyIdOf, newDataKey } from '../../../../main/keystore/key-store.ts';
import { useTempDir } from '../../../support/temp-dir.ts';

describe('key files', () => {
  const temp = useTempDir('wb-key-files');

  it('names a user’s file by a stable hash that does not show the user', () => {
    const name = userKeyFileName('persona:lung-nurse');
    expect(name).toBe(userKeyFileName('persona:lung-nurse'));
    expect(name).not.toBe(userKeyFileName('persona:gp'));
    expect(name).toMatch(/^[0-9a-f]{40}\.json$/);
  });

  it('reads null for a missing file and throws for other errors', async () => {
    expect(await readTextIfExists(join(temp.path, 'missing.json'))).toBeNull();
    await mkdir(join(temp.path, 'a-folder'));
    await expect(readTextIfExists(join(temp.path, 'a-folder'))).rejects.toMatchObject({
      code: 'EISDIR',
    });
  });

  it('writes atomically into a new owner-only folder', async () => {
    const path = join(temp.path, 'keys', 'k.json');
    await writeFileAtomically(path, 'first');
    await writeFileAtomically(path, 'second');
    expect(await readFile(path, 'utf8')).toBe('second');
    expect(await readdir(join(temp.path, 'keys'))).toEqual(['k.json']);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('leaves no temporary file behind when the final rename fails', async () => {
    // A non-empty folder where the file should go: the rename over it fails.
    const path = join(temp.path, 'k.json');
    await mkdir(path);
    await writeFile(join(path, 'inside'), 'x');
    await expect(writeFileAtomically(path, 'text')).rejects.toThrow();
    expect(await readdir(temp.path)).toEqual(['k.json']);
  });

  it('sets a file aside beside itself, content untouched', async () => {
    const path = join(temp.path, 'k.json');
    await writeFile(path, 'old');
    const aside = await setAside(path, new Date('2026-11-26T10:00:00.123Z'));
    expect(aside).toMatch(/^k\.json\.unreadable-2026-11-26T10-00-00-123Z-[0-9a-f]{6}$/);
    expect(await readdir(temp.path)).toEqual([aside]);
    expect(await readFile(join(temp.path, aside), 'utf8')).toBe('old');
  });

  it('removes a user’s key file and its set-aside and temporary copies, nothing else; a missing folder is no error', async () => {
    const own = userKeyFileName('persona:a');
    const other = userKeyFileName('persona:b');
    const names = [
      own,
      `${own}.unreadable-2026-11-26T10-00-00-123Z-a1b2c3`,
      `${own}.unreadable-2026-12-01T08-00-00-000Z-d4e5f6`,
      other,
      `${other}.unreadable-2026-11-26T10-00-00-123Z-a1b2c3`,
      `${own}.tmp-1-abcd`,
      'README',
    ];
    for (const name of names) await writeFile(join(temp.path, name), 'x');
    await removeKeyFiles(temp.path, 'persona:a');
    expect((await readdir(temp.path)).sort()).toEqual(
      [other, `${other}.unreadable-2026-11-26T10-00-00-123Z-a1b2c3`, 'README'].sort(),
    );
    await expect(removeKeyFiles(join(temp.path, 'missing'), 'persona:a')).resolves.toBeUndefined();
  });

  it('makes 32-byte keys whose id is stable and reveals nothing', () => {
    const key = newDataKey();
    expect(key).toHaveLength(32);
    expect(keyIdOf(key)).toBe(keyIdOf(key.slice()));
    expect(keyIdOf(key)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(keyIdOf(newDataKey())).not.toBe(keyIdOf(key));
  });

  it('runs queued work in order, and goes on after a failure', async () => {
    const serialized = createSerialQueue();
    const order: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = serialized(async () => {
      await gate;
      order.push('first');
      throw new Error('first failed');
    });
    const second = serialized(() => {
      order.push('second');
      return Promise.resolve('ok');
    });
    release();
    await expect(first).rejects.toThrow('first failed');
    expect(await second).toBe('ok');
    expect(order).toEqual(['first', 'second']);
  });
});
