import { z } from 'zod/mini';
import {
  ENTRY_NAMES,
  USER_ENTRIES,
  MachineSettingsSchema,
  PreferencesChangeSchema,
  SettingSourceSchema,
  SettingsProblemSchema,
  UserPreferencesSchema,
  type PreferencesChange,
  type SettingsEntry,
} from '../settings/entries.ts';
import { ROLE_KEYS } from '../fhir/codes-organization.ts';

/** A string of at most `max` characters. */
function text(max: number) {
  return z.string().check(z.maxLength(max));
}

/** Languages the UI ships in; Danish first. */
export const LanguageSchema = USER_ENTRIES.language.schema;
export type Language = z.infer<typeof LanguageSchema>;

/** How the app is running: the Electron app, or the browser harness used in development and tests. */
export const RunModeSchema = z.enum(['electron', 'harness']);

export const AppInfoSchema = z.strictObject({
  name: text(200),
  version: text(50),
  mode: RunModeSchema,
  platform: text(50),
  electronVersion: z.nullable(text(50)),
  chromeVersion: z.nullable(text(50)),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

/**
 * The settings in force, both levels (shared/settings/entries.ts): the
 * machine's connection settings and the user's preferences, where each
 * entry's value comes from and whether it is locked, who manages the
 * administrator defaults, and what was wrong in the files.
 */
export const SettingsViewSchema = z.strictObject({
  connection: MachineSettingsSchema,
  preferences: UserPreferencesSchema,
  entries: z.record(
    z.enum(ENTRY_NAMES as [SettingsEntry, ...SettingsEntry[]]),
    z.strictObject({ source: SettingSourceSchema, locked: z.boolean() }),
  ),
  /** Who sets the administrator defaults (the file's `managedBy`), or null. */
  managedBy: z.nullable(text(200)),
  problems: z.array(SettingsProblemSchema).check(z.maxLength(100)),
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

/** A change to the user's preferences: only the entries given; a locked entry is refused. */
export const SettingsUpdateSchema = PreferencesChangeSchema;
export type SettingsUpdate = PreferencesChange;

export const HealthCheckSchema = z.strictObject({
  status: z.enum(['ok', 'degraded']),
  uptimeSeconds: z.number().check(z.nonnegative()),
  checks: z
    .array(z.strictObject({ name: text(100), ok: z.boolean(), detail: text(500) }))
    .check(z.maxLength(50)),
});
export type HealthCheck = z.infer<typeof HealthCheckSchema>;

/** A request that carries nothing. Strict, so stray keys are refused rather than ignored. */
export const EmptyRequestSchema = z.strictObject({});

/** Where a user works; decides what the workbench shows first. */
export const SectorSchema = z.enum([
  'hospital',
  'municipality',
  'general-practice',
  'coordination',
]);
export type Sector = z.infer<typeof SectorSchema>;

const IdSchema = z.string().check(z.regex(/^[A-Za-z0-9\-.]{1,64}$/));

/** A demo persona as the sign-in screen shows it (only when no identity provider is configured). */
export const PersonaSummarySchema = z.strictObject({
  id: IdSchema,
  displayName: text(200),
  title: text(200),
  sector: SectorSchema,
  organizationName: text(300),
  /** The persona's teams, each with the persona's role in it (what the UI lets them do there). */
  careTeams: z
    .array(z.strictObject({ id: IdSchema, name: text(300), role: z.nullable(z.enum(ROLE_KEYS)) }))
    .check(z.maxLength(50)),
});
export type PersonaSummary = z.infer<typeof PersonaSummarySchema>;

export const PersonaListSchema = z.strictObject({
  /** True while the demo back end is still starting; the list is then empty. */
  starting: z.boolean(),
  /** Why no back end is available (it failed to start), or null. */
  unavailable: z.nullable(text(1000)),
  personas: z.array(PersonaSummarySchema).check(z.maxLength(20)),
});

export const SignInRequestSchema = z.strictObject({ personaId: IdSchema });

/** Who is signed in, and the care teams that scope what they see. */
export const SessionSchema = z.strictObject({
  persona: PersonaSummarySchema,
  practitionerId: IdSchema,
  organizationId: IdSchema,
  /** ISO instant of sign-in. */
  signedInAt: z.iso.datetime(),
  /** True for a demo persona (no real identity behind it); the UI marks it. */
  demo: z.boolean(),
});
export type Session = z.infer<typeof SessionSchema>;

export const CurrentSessionSchema = z.strictObject({ session: z.nullable(SessionSchema) });

/**
 * The user's data key for the encrypted offline cache (docs/adr/0003, "Keys"):
 * 32 bytes as standard base64 with padding, exactly.
 */
export const CacheDataKeySchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/, 'a 32-byte key in base64'));

export const CacheUnlockSchema = z.strictObject({
  /** The raw key: import it as non-extractable keys, then drop it. Never log or store it. */
  key: CacheDataKeySchema,
  /** Names the key (not secret): a cache sealed under another keyId cannot be opened with it. */
  keyId: z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/)),
  /** False: the key lives in main's memory for this run only, so the cache must not be persisted either. */
  persistent: z.boolean(),
  /** What protects the key (`dpapi`, `keychain`, `gnome_libsecret`, `basic_text`, `harness-file`, …), for the UI to name. */
  backend: z.string().check(z.regex(/^[a-z0-9_-]{1,40}$/)),
  /**
   * Set when the stored key could not be used (`unreadable-file`: not a key file for this user;
   * `undecryptable`: the OS keyring no longer opens it) and this is a new key: the old file was
   * kept aside, and a cache sealed under the old key cannot be opened. Absent or null: no such event.
   */
  replaced: z.optional(z.nullable(z.enum(['unreadable-file', 'undecryptable']))),
});
export type CacheUnlock = z.infer<typeof CacheUnlockSchema>;

/** The renderer's count of entries saved locally and not yet on the server (its outbox). */
export const OutboxUnsentSchema = z.strictObject({
  count: z.int().check(z.minimum(0), z.maximum(1_000_000)),
});

/** Why main asks the page before going: the app is quitting, or only this window is closing. */
export const QuitReasonSchema = z.enum(['quit', 'close']);
export type QuitReason = z.infer<typeof QuitReasonSchema>;

/** Main → page: the user wants to quit (or close the window) while the page reported unsent entries. */
export const QuitRequestSchema = z.strictObject({
  /** Names this question; the answer carries it back, so a late answer to an old one is ignored. */
  requestId: z.int().check(z.minimum(1), z.maximum(Number.MAX_SAFE_INTEGER)),
  reason: QuitReasonSchema,
});
export type QuitRequest = z.infer<typeof QuitRequestSchema>;

/**
 * The page's answer: `shown` (the question is on screen; main then waits for
 * the user however long), `quit` (go ahead: sent, kept or discarded as the
 * user chose) or `stay` (the user cancelled, or entries are left after send now).
 */
export const QuitAnswerSchema = z.strictObject({
  requestId: z.int().check(z.minimum(1), z.maximum(Number.MAX_SAFE_INTEGER)),
  answer: z.enum(['shown', 'quit', 'stay']),
});
export type QuitAnswer = z.infer<typeof QuitAnswerSchema>;

/** Why main refused a context launch (main/launch/launch-request.ts); the page words it. */
export const LaunchRefusalSchema = z.enum([
  'too-long',
  'malformed',
  'unknown-target',
  'missing-cpr',
  'invalid-cpr',
  'invalid-team',
  'repeated',
]);
export type LaunchRefusal = z.infer<typeof LaunchRefusalSchema>;

/** A practice system's request to open a citizen, or why it could not be used. */
export const ContextLaunchSchema = z.union([
  z.strictObject({
    kind: z.literal('open-citizen'),
    /** Ten digits, a real birth date (checked by main). */
    cpr: z.string().check(z.regex(/^\d{10}$/)),
    teamId: z.nullable(IdSchema),
  }),
  z.strictObject({ kind: z.literal('refused'), reason: LaunchRefusalSchema }),
]);
export type ContextLaunch = z.infer<typeof ContextLaunchSchema>;

export const PendingLaunchSchema = z.strictObject({ launch: z.nullable(ContextLaunchSchema) });

/** An uncaught error in the page, for main's log (scrubbed there). */
export const RendererErrorSchema = z.strictObject({
  message: text(2000),
  /** Where: the script and line, when the browser says. */
  source: z.optional(text(300)),
});

/** What "kopiér diagnostik" gives support: no secrets, nothing clinical. */
export const DiagnosticsSchema = z.strictObject({
  appInfo: AppInfoSchema,
  settings: SettingsViewSchema,
  /** Main's last errors, scrubbed, newest last. */
  recentErrors: z.array(text(4000)).check(z.maxLength(50)),
});
export type Diagnostics = z.infer<typeof DiagnosticsSchema>;
