import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SettingsView } from '../../shared/ipc/schemas.ts';
import {
  PreferencesChangeSchema,
  type MachineSettings,
  type PreferencesChange,
  type SettingsProblem,
  type UserPreferences,
} from '../../shared/settings/entries.ts';
import {
  parseAdministratorFile,
  parseMachineFile,
  parseUserValue,
  resolveSettings,
  type AdministratorDefaults,
  type FileText,
  type Layer,
} from './settings-layers.ts';

/** Where the three files are; the machine-wide two are absent in unit tests. */
export interface SettingsFiles {
  /** The administrator defaults file IT rolls out (main/settings/settings-paths.ts). */
  readonly administrator: string | null;
  /** This machine's override of the connection settings. */
  readonly machine: string | null;
  /** The user's own preferences, in the user-data folder. */
  readonly user: string;
}

export interface SettingsStore {
  read(): Promise<SettingsView>;
  /** Saves the given preferences and returns the settings in force; refuses locked or out-of-bound values. */
  update(change: PreferencesChange): Promise<SettingsView>;
}

/** Why a change was not saved: the page shows it and nothing is written. */
export class SettingsRefusedError extends Error {
  readonly reason: 'setting-locked' | 'setting-invalid';
  constructor(reason: 'setting-locked' | 'setting-invalid', message: string) {
    super(message);
    this.name = 'SettingsRefusedError';
    this.reason = reason;
  }
}

async function readText(path: string | null): Promise<FileText> {
  if (path === null) return null;
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return { unreadable: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
}

/**
 * The settings at both levels. The machine-wide files are read once, at the
 * first read (IT's changes apply at the next start). The user's file is the
 * only one the app writes: through a temporary file and a rename, so a crash
 * leaves the old file whole. A user file that is not JSON is kept beside it
 * (never deleted); one with some bad entries is copied aside before the first
 * write drops them, and the valid rest is used.
 */
export function createSettingsStore(
  files: SettingsFiles,
  onProblem: (message: string) => void = () => undefined,
): SettingsStore {
  let machineLevel: Promise<{
    administrator: AdministratorDefaults;
    machine: Layer<MachineSettings>;
  }> | null = null;
  let user: Layer<UserPreferences> | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  function loadMachineLevel() {
    machineLevel ??= Promise.all([readText(files.administrator), readText(files.machine)]).then(
      ([administratorText, machineText]) => {
        const loaded = {
          administrator: parseAdministratorFile(administratorText),
          machine: parseMachineFile(machineText),
        };
        report([...loaded.administrator.problems, ...loaded.machine.problems]);
        return loaded;
      },
    );
    return machineLevel;
  }

  function report(problems: readonly SettingsProblem[]): void {
    for (const each of problems)
      onProblem(
        `settings: ${each.file} file: ${each.entry ?? '(whole file)'}: ${each.kind}: ${each.detail}`,
      );
  }

  async function loadUser(): Promise<Layer<UserPreferences>> {
    if (user) return user;
    const text = await readText(files.user);
    if (text === null) {
      user = { values: {}, problems: [] };
      return user;
    }
    if (typeof text !== 'string') {
      user = {
        values: {},
        problems: [{ file: 'user', kind: 'unreadable', entry: null, detail: text.unreadable }],
      };
      report(user.problems);
      return user;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      raw = undefined;
    }
    const parsed = parseUserValue(raw);
    const stamp = Date.now();
    if (
      raw === undefined ||
      (Object.keys(parsed.values).length === 0 && parsed.problems.length > 0)
    ) {
      // Nothing usable: the file goes aside whole and the defaults are used.
      const aside = `${files.user}.unreadable-${stamp}`;
      await rename(files.user, aside).catch(() => undefined);
      user = {
        values: {},
        problems: [
          { file: 'user', kind: 'not-json', entry: null, detail: `not valid; kept as ${aside}` },
        ],
      };
    } else if (parsed.problems.length > 0) {
      // Some entries usable: a copy keeps the rest for whoever wants it back.
      await copyFile(files.user, `${files.user}.invalid-${stamp}`).catch(() => undefined);
      user = parsed;
    } else {
      user = parsed;
    }
    report(user.problems);
    return user;
  }

  async function view(): Promise<SettingsView> {
    const { administrator, machine } = await loadMachineLevel();
    return resolveSettings(administrator, machine, await loadUser());
  }

  function serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  }

  async function write(values: Partial<UserPreferences>): Promise<void> {
    await mkdir(dirname(files.user), { recursive: true });
    const temporary = `${files.user}.tmp-${process.pid}`;
    try {
      await writeFile(temporary, `${JSON.stringify(values, null, 2)}\n`, 'utf8');
      await rename(temporary, files.user);
    } catch (error) {
      // A failed write must not litter the user-data folder with temporary files.
      await rm(temporary, { force: true }).catch(() => undefined);
      throw error;
    }
  }

  return {
    read: () => serialized(view),
    update: (change) =>
      serialized(async () => {
        const parsed = PreferencesChangeSchema.safeParse(change);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new SettingsRefusedError(
            'setting-invalid',
            `${issue?.path.map(String).join('.') || 'change'}: ${issue?.message ?? 'not valid'}`,
          );
        }
        const before = await view();
        const changed = Object.entries(parsed.data).filter(([, value]) => value !== undefined);
        const locked = changed
          .map(([name]) => name)
          .filter((name) => before.entries[name as keyof typeof before.entries].locked);
        if (locked.length > 0) {
          const by = before.managedBy ? ` (${before.managedBy})` : '';
          throw new SettingsRefusedError(
            'setting-locked',
            `${locked.join(', ')}: locked by the administrator${by}`,
          );
        }
        const maximum = before.connection.idleLockMaxMinutes;
        if (parsed.data.idleLockMinutes !== undefined && parsed.data.idleLockMinutes > maximum) {
          throw new SettingsRefusedError(
            'setting-invalid',
            `idleLockMinutes: at most ${maximum} minutes on this machine`,
          );
        }
        const current = await loadUser();
        const values = { ...current.values, ...Object.fromEntries(changed) };
        await write(values);
        // Problems in the old file are behind us once it has been rewritten.
        user = { values, problems: [] };
        return view();
      }),
  };
}
