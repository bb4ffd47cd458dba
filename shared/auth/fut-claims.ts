import { z } from 'zod/mini';

/**
 * FUT's access token, as far as the app and the demo back end rely on it:
 * the user (`sub`, `user_type`), the context FUT carries in claims
 * (`context.care_team_id`, `organization_id`, and the forløb or citizen in
 * focus), and the privileges in `realm_access.roles` (FUT-PROFILES.md §7,
 * "Context switching"). Other claims are allowed and ignored.
 */
export const FutContextSchema = z.object({
  care_team_id: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  organization_id: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  episode_of_care_id: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  patient_id: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  team_on_eoc: z.optional(z.boolean()),
});
export type FutContext = z.infer<typeof FutContextSchema>;

export const FutAccessClaimsSchema = z.object({
  sub: z.string().check(z.minLength(1), z.maxLength(200)),
  user_type: z.enum(['PRACTITIONER', 'PATIENT', 'SYSTEM']),
  context: FutContextSchema,
  realm_access: z.optional(z.object({ roles: z.array(z.string().check(z.maxLength(200))) })),
  name: z.optional(z.string().check(z.maxLength(300))),
});
export type FutAccessClaims = z.infer<typeof FutAccessClaimsSchema>;
