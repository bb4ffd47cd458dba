import { z } from 'zod/mini';

/**
 * Every setting the workbench has, in two levels:
 *
 * - **machine** (connection): needed before anyone signs in, the same for
 *   everyone on the computer — built-in default < the administrator defaults
 *   file < this machine's override file, unless the administrator locked it;
 * - **user** (personal preferences): built-in default < the administrator
 *   defaults file < the user's own choice, unless locked.
 *
 * Each entry is validated on its own, so one bad entry in a file costs only
 * that entry: the app starts on the valid rest and the built-in defaults.
 * Nothing clinical and no secret lives in a setting.
 */

function text(max: number) {
  return z.string().check(z.minLength(1), z.maxLength(max));
}

/** A host name (letters, digits, dots, hyphens; IDN in its xn-- form) and an optional port. */
const HOST = String.raw`[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d{1,5})?`;
const LOOPBACK = String.raw`(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?`;

/** A URL path: the unreserved and sub-delimiter characters, percent escapes, `:`, `@` and `/`. */
const PATH = String.raw`(?:/[A-Za-z0-9\-._~%!$&'()*+,;=:@/]*)?`;

/** A string of at most `max` characters matching `pattern`, refused with `message`. */
function matching(pattern: string, max: number, message: string) {
  return z.string().check(z.maxLength(max), z.regex(new RegExp(`^${pattern}$`), { message }));
}

/**
 * A base address: https, or http on this computer only (a FHIR server or
 * provider run locally for development); a path but no user name, password,
 * query or #fragment (the app appends paths and queries). Checked by pattern,
 * not `URL`, so this module runs in main and page alike.
 */
const BaseUrlSchema = matching(
  `(?:https://${HOST}|http://${LOOPBACK})${PATH}`,
  2000,
  'must be an https:// address (http:// only on 127.0.0.1 or localhost), without user name, password, query or #fragment',
);

/** https only, same shape otherwise: installers are code, and a sign-in page opens in the browser. */
const HttpsBaseUrlSchema = matching(
  `https://${HOST}${PATH}`,
  2000,
  'must be an https:// address without user name, password, query or #fragment',
);

/** An origin exactly as the browser writes it: lower-case, no path, no trailing slash. */
const HttpsOriginSchema = matching(
  `https://${HOST}`,
  300,
  'must be an https:// origin in lower case with no path, e.g. https://video.example.dk',
);

/** FUT's service names (patient, careplan, measurement, …): lower-case words. */
const ServiceNameSchema = z.string().check(z.regex(/^[a-z][a-z0-9-]{0,39}$/));

/**
 * The FHIR back end: FUT's per-service bases, or one base for a single-server
 * back end; null runs the embedded demo back end.
 */
export const FhirServicesSchema = z.nullable(
  z.union([
    z.strictObject({ base: BaseUrlSchema }),
    z.strictObject({
      services: z.record(ServiceNameSchema, BaseUrlSchema).check(
        z.refine((services) => Object.keys(services).length > 0, {
          message: 'must name at least one service',
        }),
      ),
    }),
  ]),
);
export type FhirServices = z.infer<typeof FhirServicesSchema>;

/** The OpenID provider users sign in with; null signs in with the demo personas. */
export const SignInProviderSchema = z.nullable(
  z.strictObject({
    /** `fut`: FUT's own OpenID provider (OIDC protocol mode); `entra`: Microsoft Entra ID. */
    kind: z.enum(['fut', 'entra']),
    // https only: the sign-in page opens in the system browser, which the app sends only to https.
    authority: HttpsBaseUrlSchema,
    clientId: z.string().check(z.regex(/^[A-Za-z0-9._:-]{1,200}$/)),
    scopes: z.array(z.string().check(z.regex(/^[!#-[\]-~]{1,200}$/))).check(z.maxLength(30)),
  }),
);
export type SignInProvider = z.infer<typeof SignInProviderSchema>;

/** A saved caseload view (the caseload issue fills these in). */
export const SavedViewSchema = z.strictObject({
  id: z.string().check(z.regex(/^[A-Za-z0-9\-.]{1,64}$/)),
  name: text(80),
  page: z.enum(['caseload']),
  /** The view's filters and sort, as the page's own query string. */
  query: z.string().check(z.maxLength(2000)),
});
export type SavedView = z.infer<typeof SavedViewSchema>;

const MINUTES_IN_A_WORKDAY = 8 * 60;

/** Machine-level (connection) entries and their built-in defaults. */
export const MACHINE_ENTRIES = {
  fhirServices: { schema: FhirServicesSchema, builtIn: null },
  signIn: { schema: SignInProviderSchema, builtIn: null },
  /** Where video meetings (VDX) may be opened from: origins allowed camera and microphone. */
  meetingOrigins: {
    schema: z.array(HttpsOriginSchema).check(z.maxLength(20)),
    builtIn: [] as string[],
  },
  /** Hours in which the OS's own unlock unlocks the app offline; 0 = off. Always off on shared workstations. */
  offlineGraceHours: {
    schema: z.int().check(z.minimum(0), z.maximum(72)),
    builtIn: 0,
  },
  /** A workstation several people use: no offline grace period, ever. */
  sharedWorkstation: { schema: z.boolean(), builtIn: false },
  /** The longest idle time a user may choose before the app locks. */
  idleLockMaxMinutes: {
    schema: z.int().check(z.minimum(1), z.maximum(MINUTES_IN_A_WORKDAY)),
    builtIn: 30,
  },
  /** Where updates are published (electron-updater's generic provider); null = no automatic updates. */
  updateUrl: { schema: z.nullable(HttpsBaseUrlSchema), builtIn: null as string | null },
} as const;

/** User-level entries (personal preferences) and their built-in defaults. */
export const USER_ENTRIES = {
  language: { schema: z.enum(['da', 'en']), builtIn: 'da' as 'da' | 'en' },
  /** Days the offline cache keeps a citizen who left the caseload. */
  cacheRetentionDays: {
    schema: z.int().check(z.minimum(1), z.maximum(365)),
    builtIn: 30,
  },
  desktopNotifications: { schema: z.boolean(), builtIn: true },
  /** Idle minutes before the app locks; never more than the machine's `idleLockMaxMinutes`. */
  idleLockMinutes: {
    schema: z.int().check(z.minimum(1), z.maximum(MINUTES_IN_A_WORKDAY)),
    builtIn: 10,
  },
  savedViews: {
    schema: z.array(SavedViewSchema).check(z.maxLength(50)),
    builtIn: [] as SavedView[],
  },
} as const;

type ValuesOf<E extends Record<string, { schema: z.ZodMiniType }>> = {
  -readonly [K in keyof E]: z.infer<E[K]['schema']>;
};

export type MachineSettings = ValuesOf<typeof MACHINE_ENTRIES>;
export type UserPreferences = ValuesOf<typeof USER_ENTRIES>;
export type MachineEntry = keyof MachineSettings;
export type UserEntry = keyof UserPreferences;
export type SettingsEntry = MachineEntry | UserEntry;

export const MACHINE_ENTRY_NAMES = Object.keys(MACHINE_ENTRIES) as MachineEntry[];
export const USER_ENTRY_NAMES = Object.keys(USER_ENTRIES) as UserEntry[];
export const ENTRY_NAMES: readonly SettingsEntry[] = [...MACHINE_ENTRY_NAMES, ...USER_ENTRY_NAMES];

export function isMachineEntry(name: string): name is MachineEntry {
  return Object.hasOwn(MACHINE_ENTRIES, name);
}

export function isUserEntry(name: string): name is UserEntry {
  return Object.hasOwn(USER_ENTRIES, name);
}

/** Built-in values are primitives, null or empty lists: a list is copied so no caller shares it. */
function copied<T>(value: T): T {
  return (Array.isArray(value) ? [...(value as unknown[])] : value) as T;
}

export function builtInMachineSettings(): MachineSettings {
  return Object.fromEntries(
    MACHINE_ENTRY_NAMES.map((name) => [name, copied(MACHINE_ENTRIES[name].builtIn)]),
  ) as MachineSettings;
}

export function builtInUserPreferences(): UserPreferences {
  return Object.fromEntries(
    USER_ENTRY_NAMES.map((name) => [name, copied(USER_ENTRIES[name].builtIn)]),
  ) as UserPreferences;
}

export const MachineSettingsSchema = z.strictObject(
  Object.fromEntries(MACHINE_ENTRY_NAMES.map((name) => [name, MACHINE_ENTRIES[name].schema])) as {
    [K in MachineEntry]: (typeof MACHINE_ENTRIES)[K]['schema'];
  },
);

export const UserPreferencesSchema = z.strictObject(
  Object.fromEntries(USER_ENTRY_NAMES.map((name) => [name, USER_ENTRIES[name].schema])) as {
    [K in UserEntry]: (typeof USER_ENTRIES)[K]['schema'];
  },
);

/** A change to the user's preferences: only the entries given. */
export const PreferencesChangeSchema = z.partial(UserPreferencesSchema);
export type PreferencesChange = z.infer<typeof PreferencesChangeSchema>;

/** The offline grace period in force: none on a shared workstation, whatever the files say. */
export function offlineGraceHoursInForce(connection: MachineSettings): number {
  return connection.sharedWorkstation ? 0 : connection.offlineGraceHours;
}

/** Where an entry's value in force comes from. */
export const SettingSourceSchema = z.enum(['built-in', 'administrator', 'machine', 'user']);
export type SettingSource = z.infer<typeof SettingSourceSchema>;

/** The files settings are read from. */
export const SettingsFileSchema = z.enum(['administrator', 'machine', 'user']);
export type SettingsFile = z.infer<typeof SettingsFileSchema>;

export const SettingsProblemKindSchema = z.enum([
  /** The file exists but could not be read (permissions, a folder in its place). */
  'unreadable',
  /** Not JSON, or JSON that is not an object. */
  'not-json',
  /** A name the app does not know (a typo, or a setting from a newer version). */
  'unknown-entry',
  /** A known entry whose value is not valid. */
  'invalid-value',
  /** An entry the administrator locked, set in a file that may not change it. */
  'locked',
]);
export type SettingsProblemKind = z.infer<typeof SettingsProblemKindSchema>;

/** One thing wrong with a settings file, named so an administrator can find and mend it. */
export const SettingsProblemSchema = z.strictObject({
  file: SettingsFileSchema,
  kind: SettingsProblemKindSchema,
  /** The entry's path in the file (`machine.updateUrl`, `language`), or null for the file as a whole. */
  entry: z.nullable(z.string().check(z.maxLength(200))),
  /** What is wrong, in the validator's words (English, for the administrator). */
  detail: z.string().check(z.maxLength(500)),
});
export type SettingsProblem = z.infer<typeof SettingsProblemSchema>;
