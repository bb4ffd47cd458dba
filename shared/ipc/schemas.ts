import { z } from 'zod';

/** Languages the UI ships in; Danish first. */
export const LanguageSchema = z.enum(['da', 'en']);
export type Language = z.infer<typeof LanguageSchema>;

/** How the app is running: the Electron app, or the browser harness used in development and tests. */
export const RunModeSchema = z.enum(['electron', 'harness']);

export const AppInfoSchema = z.strictObject({
  name: z.string().max(200),
  version: z.string().max(50),
  mode: RunModeSchema,
  platform: z.string().max(50),
  electronVersion: z.string().max(50).nullable(),
  chromeVersion: z.string().max(50).nullable(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

/** User settings kept by main. Nothing clinical lives here. */
export const SettingsSchema = z.strictObject({
  language: LanguageSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsUpdateSchema = z.strictObject({
  language: LanguageSchema.optional(),
});
export type SettingsUpdate = z.infer<typeof SettingsUpdateSchema>;

export const HealthCheckSchema = z.strictObject({
  status: z.enum(['ok', 'degraded']),
  uptimeSeconds: z.number().nonnegative(),
  checks: z
    .array(
      z.strictObject({
        name: z.string().max(100),
        ok: z.boolean(),
        detail: z.string().max(500),
      }),
    )
    .max(50),
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

const IdSchema = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/);

/** A demo persona as the sign-in screen shows it (only when no identity provider is configured). */
export const PersonaSummarySchema = z.strictObject({
  id: IdSchema,
  displayName: z.string().max(200),
  title: z.string().max(200),
  sector: SectorSchema,
  organizationName: z.string().max(300),
  careTeams: z.array(z.strictObject({ id: IdSchema, name: z.string().max(300) })).max(50),
});
export type PersonaSummary = z.infer<typeof PersonaSummarySchema>;

export const PersonaListSchema = z.strictObject({
  /** True while the demo back end is still starting; the list is then empty. */
  starting: z.boolean(),
  /** Why no back end is available (it failed to start), or null. */
  unavailable: z.string().max(1000).nullable(),
  personas: z.array(PersonaSummarySchema).max(20),
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

export const CurrentSessionSchema = z.strictObject({ session: SessionSchema.nullable() });
