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
