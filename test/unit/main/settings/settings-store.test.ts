import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSettingsStore } from '../../../../main/settings/settings-store.ts';
import { useTempDir } from '../../../support/temp-dir.ts';

describe('the settings store', () => {
  const temp = useTempDir('wb-settings');
  const file = (): string => join(temp.path, 'settings.json');

  it('uses the defaults when there is no file, and writes nothing just to read', async () => {
    const problems: string[] = [];
    const store = createSettingsStore(file(), (message) => problems.push(message));
    expect(await store.read()).toEqual({ language: 'da' });
    expect(await readdir(temp.path)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('creates a missing folder on the first write', async () => {
    const nested = join(temp.path, 'a', 'b', 'settings.json');
    await createSettingsStore(nested).update({ language: 'en' });
    expect(JSON.parse(await readFile(nested, 'utf8'))).toEqual({ language: 'en' });
  });

  it.each([
    ['not JSON', '{"language": "en"'],
    ['JSON of the wrong shape', '{"language": "fr"}'],
    ['JSON with unknown fields', '{"language": "en", "token": "x"}'],
    ['an array', '[]'],
    ['an empty file', ''],
  ])('keeps a file holding %s aside, untouched, and uses the defaults', async (_what, text) => {
    await writeFile(file(), text);
    const problems: string[] = [];
    const store = createSettingsStore(file(), (message) => problems.push(message));

    expect(await store.read()).toEqual({ language: 'da' });

    const names = await readdir(temp.path);
    const aside = names.filter((name) => name.startsWith('settings.json.unreadable-'));
    expect(aside).toHaveLength(1);
    expect(await readFile(join(temp.path, aside[0]!), 'utf8')).toBe(text);
    expect(names).not.toContain('settings.json');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(aside[0]);
  });

  it('still saves after a corrupt file was put aside', async () => {
    await writeFile(file(), '{oops');
    const store = createSettingsStore(file());
    expect(await store.update({ language: 'en' })).toEqual({ language: 'en' });
    expect(JSON.parse(await readFile(file(), 'utf8'))).toEqual({ language: 'en' });
  });

  it('merges an update into what is stored, and a new store reads it back', async () => {
    const first = createSettingsStore(file());
    expect(await first.update({ language: 'en' })).toEqual({ language: 'en' });
    // An update that names nothing, or leaves a field undefined, changes nothing.
    expect(await first.update({})).toEqual({ language: 'en' });
    expect(await first.update({ language: undefined })).toEqual({ language: 'en' });

    const second = createSettingsStore(file());
    expect(await second.read()).toEqual({ language: 'en' });
  });

  it('reads a valid file written earlier', async () => {
    await writeFile(file(), '{"language":"en"}');
    expect(await createSettingsStore(file()).read()).toEqual({ language: 'en' });
  });

  it('serialises concurrent updates: each sees the one before, the last one wins', async () => {
    const store = createSettingsStore(file());
    const wanted = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 'en' : 'da'));
    const results = await Promise.all(
      wanted.flatMap((language) => [store.update({ language }), store.read()]),
    );
    const expected = wanted.flatMap((language) => [{ language }, { language }]);
    expect(results).toEqual(expected);
    expect(JSON.parse(await readFile(file(), 'utf8'))).toEqual({ language: wanted.at(-1) });
    expect(await createSettingsStore(file()).read()).toEqual({ language: wanted.at(-1) });
  });

  it('leaves no temporary file behind after writing', async () => {
    const store = createSettingsStore(file());
    await Promise.all([store.update({ language: 'en' }), store.update({ language: 'da' })]);
    expect(await readdir(temp.path)).toEqual(['settings.json']);
  });

  it('leaves no temporary file behind when a write fails, and recovers afterwards', async () => {
    // A folder where the file should be: the final rename fails.
    await mkdir(join(file(), 'in-the-way'), { recursive: true });
    const store = createSettingsStore(file());
    await expect(store.update({ language: 'en' })).rejects.toThrow();
    expect(await readdir(temp.path)).toEqual(['settings.json']);

    await rm(file(), { recursive: true });
    expect(await store.update({ language: 'en' })).toEqual({ language: 'en' });
    expect(await readdir(temp.path)).toEqual(['settings.json']);
  });

  it('refuses an update with a value off the schema and keeps what it had', async () => {
    const store = createSettingsStore(file());
    await store.update({ language: 'en' });
    await expect(store.update({ language: 'fr' as 'en' })).rejects.toThrow();
    expect(await store.read()).toEqual({ language: 'en' });
    expect(JSON.parse(await readFile(file(), 'utf8'))).toEqual({ language: 'en' });
  });
});
