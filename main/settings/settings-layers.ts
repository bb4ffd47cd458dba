import { z } from 'zod/mini';
import {
  builtInMachineSettings,
  builtInUserPreferences,
  isMachineEntry,
  isUserEntry,
  MACHINE_ENTRIES,
  MACHINE_ENTRY_NAMES,
  USER_ENTRIES,
  USER_ENTRY_NAMES,
  type MachineSettings,
  type SettingSource,
  type SettingsEntry,
  type SettingsFile,
  type SettingsProblem,
  type UserPreferences,
} from '../../shared/settings/entries.ts';
import type { SettingsView } from '../../shared/ipc/schemas.ts';

/** The valid entries of one file, and what was wrong with the rest. */
export interface Layer<V> {
  readonly values: Partial<V>;
  readonly problems: readonly SettingsProblem[];
}

/** The administrator defaults file: defaults at both levels, the locks, and who sets them. */
export interface AdministratorDefaults {
  readonly managedBy: string | null;
  readonly machine: Partial<MachineSettings>;
  readonly user: Partial<UserPreferences>;
  readonly locked: ReadonlySet<SettingsEntry>;
  readonly problems: readonly SettingsProblem[];
}

/** A file's text, `null` when there is none, or why it could not be read. */
export type FileText = string | null | { readonly unreadable: string };

export const NO_ADMINISTRATOR_DEFAULTS: AdministratorDefaults = {
  managedBy: null,
  machine: {},
  user: {},
  locked: new Set(),
  problems: [],
};

type EntryTable = Readonly<Record<string, { readonly schema: z.ZodMiniType }>>;

function problem(
  file: SettingsFile,
  kind: SettingsProblem['kind'],
  entry: string | null,
  detail: string,
): SettingsProblem {
  return { file, kind, entry: entry?.slice(0, 200) ?? null, detail: detail.slice(0, 500) };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first thing the validator says about a value, with where in it. */
function firstIssue(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'not valid';
  const where = issue.path.length > 0 ? ` (at ${issue.path.map(String).join('.')})` : '';
  return `${issue.message}${where}`;
}

/** Each own key of `raw` checked against its entry's schema; the rest named as problems. */
export function parseEntries<V>(
  table: EntryTable,
  raw: unknown,
  file: SettingsFile,
  prefix = '',
): Layer<V> {
  if (!isPlainObject(raw)) {
    return {
      values: {},
      problems: [
        problem(file, 'not-json', prefix ? prefix.slice(0, -1) : null, 'must be a JSON object'),
      ],
    };
  }
  const values: Record<string, unknown> = {};
  const problems: SettingsProblem[] = [];
  for (const [name, value] of Object.entries(raw)) {
    const entry = Object.hasOwn(table, name) ? table[name] : undefined;
    if (!entry) {
      problems.push(problem(file, 'unknown-entry', `${prefix}${name}`, 'no such setting'));
      continue;
    }
    const parsed = entry.schema.safeParse(value);
    if (parsed.success) values[name] = parsed.data;
    else
      problems.push(problem(file, 'invalid-value', `${prefix}${name}`, firstIssue(parsed.error)));
  }
  return { values: values as Partial<V>, problems };
}

/** JSON text to a value, or the problem that stops it. */
function parseJson(
  text: FileText,
  file: SettingsFile,
): { value: unknown } | SettingsProblem | null {
  if (text === null) return null;
  if (typeof text !== 'string') return problem(file, 'unreadable', null, text.unreadable);
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return problem(file, 'not-json', null, error instanceof Error ? error.message : String(error));
  }
}

const AdministratorTopLevel = new Set(['managedBy', 'machine', 'user', 'locked', '$comment']);
const ManagedBySchema = z.string().check(z.minLength(1), z.maxLength(200));

/**
 * The administrator defaults file:
 * `{ "managedBy": "…", "machine": {…}, "user": {…}, "locked": ["entry", …] }`.
 * Every part is optional and checked on its own.
 */
export function parseAdministratorFile(text: FileText): AdministratorDefaults {
  const json = parseJson(text, 'administrator');
  if (json === null) return NO_ADMINISTRATOR_DEFAULTS;
  if (!('value' in json)) return { ...NO_ADMINISTRATOR_DEFAULTS, problems: [json] };
  const raw = json.value;
  if (!isPlainObject(raw)) {
    return {
      ...NO_ADMINISTRATOR_DEFAULTS,
      problems: [problem('administrator', 'not-json', null, 'must be a JSON object')],
    };
  }
  const problems: SettingsProblem[] = [];
  for (const name of Object.keys(raw)) {
    if (!AdministratorTopLevel.has(name))
      problems.push(
        problem(
          'administrator',
          'unknown-entry',
          name,
          'expected managedBy, machine, user or locked',
        ),
      );
  }
  let managedBy: string | null = null;
  if (raw.managedBy !== undefined) {
    const parsed = ManagedBySchema.safeParse(raw.managedBy);
    if (parsed.success) managedBy = parsed.data;
    else
      problems.push(
        problem('administrator', 'invalid-value', 'managedBy', firstIssue(parsed.error)),
      );
  }
  const machine =
    raw.machine === undefined
      ? { values: {}, problems: [] }
      : parseEntries<MachineSettings>(MACHINE_ENTRIES, raw.machine, 'administrator', 'machine.');
  const user =
    raw.user === undefined
      ? { values: {}, problems: [] }
      : parseEntries<UserPreferences>(USER_ENTRIES, raw.user, 'administrator', 'user.');
  problems.push(...machine.problems, ...user.problems);

  const locked = new Set<SettingsEntry>();
  if (raw.locked !== undefined) {
    if (!Array.isArray(raw.locked)) {
      problems.push(
        problem('administrator', 'invalid-value', 'locked', 'must be a list of setting names'),
      );
    } else {
      for (const name of raw.locked as unknown[]) {
        if (typeof name === 'string' && (isMachineEntry(name) || isUserEntry(name)))
          locked.add(name);
        else
          problems.push(
            problem(
              'administrator',
              'unknown-entry',
              `locked: ${String(name).slice(0, 100)}`,
              'no such setting',
            ),
          );
      }
    }
  }
  return { managedBy, machine: machine.values, user: user.values, locked, problems };
}

/** The machine override file: a flat object of machine entries. */
export function parseMachineFile(text: FileText): Layer<MachineSettings> {
  const json = parseJson(text, 'machine');
  if (json === null) return { values: {}, problems: [] };
  if (!('value' in json)) return { values: {}, problems: [json] };
  return parseEntries<MachineSettings>(MACHINE_ENTRIES, json.value, 'machine');
}

/** The user's file: a flat object of the preferences the user chose. */
export function parseUserValue(raw: unknown): Layer<UserPreferences> {
  return parseEntries<UserPreferences>(USER_ENTRIES, raw, 'user');
}

function pick<V>(
  name: keyof V & string,
  builtIn: V,
  administrator: Partial<V>,
  own: Partial<V>,
  ownSource: SettingSource,
  locked: boolean,
): { value: unknown; source: SettingSource } {
  if (!locked && Object.hasOwn(own, name)) return { value: own[name], source: ownSource };
  if (Object.hasOwn(administrator, name))
    return { value: administrator[name], source: 'administrator' };
  return { value: builtIn[name], source: 'built-in' };
}

/**
 * The settings in force: built-in < administrator < the machine's or the
 * user's own, except where the administrator locked an entry. The user's idle
 * lock never exceeds the machine's maximum.
 */
export function resolveSettings(
  administrator: AdministratorDefaults,
  machine: Layer<MachineSettings>,
  user: Layer<UserPreferences>,
): SettingsView {
  const builtInMachine = builtInMachineSettings();
  const builtInUser = builtInUserPreferences();
  const connection = { ...builtInMachine };
  const preferences = { ...builtInUser };
  const entries = {} as SettingsView['entries'];
  const problems = [...administrator.problems, ...machine.problems, ...user.problems];

  for (const name of MACHINE_ENTRY_NAMES) {
    const locked = administrator.locked.has(name);
    if (locked && Object.hasOwn(machine.values, name))
      problems.push(
        problem('machine', 'locked', name, 'locked by the administrator defaults file; ignored'),
      );
    const chosen = pick(
      name,
      builtInMachine,
      administrator.machine,
      machine.values,
      'machine',
      locked,
    );
    (connection as Record<string, unknown>)[name] = chosen.value;
    entries[name] = { source: chosen.source, locked };
  }
  for (const name of USER_ENTRY_NAMES) {
    // A user's earlier choice of an entry locked since is kept in the file, not used.
    const locked = administrator.locked.has(name);
    const chosen = pick(name, builtInUser, administrator.user, user.values, 'user', locked);
    (preferences as Record<string, unknown>)[name] = chosen.value;
    entries[name] = { source: chosen.source, locked };
  }
  preferences.idleLockMinutes = Math.min(
    preferences.idleLockMinutes,
    connection.idleLockMaxMinutes,
  );
  return {
    connection,
    preferences,
    entries,
    managedBy: administrator.managedBy,
    problems: problems.slice(0, 100),
  };
}
