import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createSettingsStore,
  SettingsRefusedError,
  type SettingsFiles,
} from '../../../../main/settings/settings-store.ts';
import { builtInUserPreferences } from '../../../../shared/settings/entries.ts';
import { useTempDir } from '../../../support/temp-dir.ts';

describe('the settings store', () => {
  const temp = useTempDir('wb-settings');
  const file = (): string => join(temp.path, 'settings.json');
  /** The user's file only; the machine-wide files are absent. */
  const userOnly = (user = file()): SettingsFiles => ({ administrator: null, machine: null, user });
  const language = async (store: ReturnType<typeof createSettingsStore>) =>
    (await store.read()).preferences.language;

  it('uses the built-in defaults when there is no file, and writes nothing just to read', async () => {
    const problems: string[] = [];
    const store = createSettingsStore(userOnly(), (message) => problems.push(message));
    const view = await store.read();
    expect(view.preferences).toEqual(builtInUserPreferences());
    expect(view.entries.language).toEqual({ source: 'built-in', locked: false });
    expect(view.problems).toEqual([]);
    expect(await readdir(temp.path)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('creates a missing folder on the first write, and stores only what the user chose', async () => {
    const nested = join(temp.path, 'a', 'b', 'settings.json');
    await createSettingsStore(userOnly(nested)).update({ language: 'en' });
    expect(JSON.parse(await readFile(nested, 'utf8'))).toEqual({ language: 'en' });
  });

  it.each([
    ['not JSON', '{"language": "en"'],
    ['JSON whose only entry is not valid', '{"language": "fr"}'],
    ['an array', '[]'],
    ['a string', '"en"'],
    ['an empty file', ''],
  ])('keeps a file holding %s aside, untouched, and uses the defaults', async (_what, text) => {
    await writeFile(file(), text);
    const problems: string[] = [];
    const store = createSettingsStore(userOnly(), (message) => problems.push(message));

    const view = await store.read();
    expect(view.preferences.language).toBe('da');
    expect(view.problems).toEqual([
      expect.objectContaining({ file: 'user', kind: 'not-json', entry: null }),
    ]);

    const names = await readdir(temp.path);
    const aside = names.filter((name) => name.startsWith('settings.json.unreadable-'));
    expect(aside).toHaveLength(1);
    expect(await readFile(join(temp.path, aside[0]!), 'utf8')).toBe(text);
    expect(names).not.toContain('settings.json');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(aside[0]);
  });

  it('uses the valid entries of a partly bad file, names the bad ones, and keeps a copy of it', async () => {
    const text = '{"language": "en", "token": "x", "idleLockMinutes": -3}';
    await writeFile(file(), text);
    const store = createSettingsStore(userOnly());

    const view = await store.read();
    expect(view.preferences.language).toBe('en');
    expect(view.preferences.idleLockMinutes).toBe(builtInUserPreferences().idleLockMinutes);
    expect(view.problems).toEqual([
      expect.objectContaining({ file: 'user', kind: 'unknown-entry', entry: 'token' }),
      expect.objectContaining({ file: 'user', kind: 'invalid-value', entry: 'idleLockMinutes' }),
    ]);
    const copies = (await readdir(temp.path)).filter((name) => name.includes('.invalid-'));
    expect(copies).toHaveLength(1);
    expect(await readFile(join(temp.path, copies[0]!), 'utf8')).toBe(text);

    // The next write keeps the good entry and drops the bad ones; the problems are behind us.
    const after = await store.update({ desktopNotifications: false });
    expect(after.problems).toEqual([]);
    expect(JSON.parse(await readFile(file(), 'utf8'))).toEqual({
      language: 'en',
      desktopNotifications: false,
    });
  });

  it('still saves after a corrupt file was put aside', async () => {
    await writeFile(file(), '{oops');
    const store = createSettingsStore(userOnly());
    expect((await store.update({ language: 'en' })).preferences.language).toBe('en');
    expect(JSON.parse(await readFile(file(), 'utf8'))).toEqual({ language: 'en' });
  });

  it('merges an update into what is stored, and a new store reads it back', async () => {
    const first = createSettingsStore(userOnly());
    await first.update({ language: 'en' });
    await first.update({ cacheRetentionDays: 90 });
    // An update that names nothing, or leaves a field undefined, changes nothing.
    await first.update({});
    await first.update({ language: undefined });
    expect(JSON.parse(await readFile(file(), 'utf8'))).toEqual({
      language: 'en',
      cacheRetentionDays: 90,
    });

    const second = createSettingsStore(userOnly());
    const view = await second.read();
    expect(view.preferences).toMatchObject({ language: 'en', cacheRetentionDays: 90 });
    expect(view.entries.language).toEqual({ source: 'user', locked: false });
  });

  it('reads an earlier version’s file (language and retention only)', async () => {
    await writeFile(file(), '{"language":"en","cacheRetentionDays":14}');
    const view = await createSettingsStore(userOnly()).read();
    expect(view.preferences).toMatchObject({ language: 'en', cacheRetentionDays: 14 });
    expect(view.problems).toEqual([]);
  });

  it('serialises concurrent updates: each sees the one before, the last one wins', async () => {
    const store = createSettingsStore(userOnly());
    const wanted = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 'en' : 'da'));
    const results = await Promise.all(
      wanted.flatMap((choice) => [store.update({ language: choice }), store.read()]),
    );
    expect(results.map((view) => view.preferences.language)).toEqual(
      wanted.flatMap((choice) => [choice, choice]),
    );
    expect(JSON.parse(await readFile(file(), 'utf8'))).toEqual({ language: wanted.at(-1) });
    expect(await language(createSettingsStore(userOnly()))).toBe(wanted.at(-1));
  });

  it('leaves no temporary file behind after writing', async () => {
    const store = createSettingsStore(userOnly());
    await Promise.all([store.update({ language: 'en' }), store.update({ language: 'da' })]);
    expect(await readdir(temp.path)).toEqual(['settings.json']);
  });

  it('leaves no temporary file behind when a write fails, and recovers afterwards', async () => {
    // A folder where the file should be: reading says so, and the final rename fails.
    await mkdir(join(file(), 'in-the-way'), { recursive: true });
    const store = createSettingsStore(userOnly());
    expect((await store.read()).problems).toEqual([
      expect.objectContaining({ file: 'user', kind: 'unreadable' }),
    ]);
    await expect(store.update({ language: 'en' })).rejects.toThrow();
    expect(await readdir(temp.path)).toEqual(['settings.json']);

    await rm(file(), { recursive: true });
    expect((await store.update({ language: 'en' })).preferences.language).toBe('en');
    expect(await readdir(temp.path)).toEqual(['settings.json']);
  });

  it.each([
    ['a language it does not ship', { language: 'fr' }],
    ['a retention of 0 days', { cacheRetentionDays: 0 }],
    ['an unknown entry', { token: 'x' }],
    ['a connection setting', { updateUrl: 'https://updates.example.dk' }],
  ])('refuses %s with a clear message and keeps what it had', async (_what, change) => {
    const store = createSettingsStore(userOnly());
    await store.update({ language: 'en' });
    const refusal = await store.update(change as never).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(SettingsRefusedError);
    expect(refusal).toMatchObject({ reason: 'setting-invalid' });
    expect(await language(store)).toBe('en');
    expect(JSON.parse(await readFile(file(), 'utf8'))).toEqual({ language: 'en' });
  });
});
