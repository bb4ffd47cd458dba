/**
 * Demo personas: who you can sign in as when no tenant is configured
 * (DESIGN §4). One per user group, each tied to the Practitioner,
 * Organization and CareTeams the demo back end seeds for it.
 */
import { z } from 'zod';
import { ROLE_KEYS } from '../fhir/codes-organization.ts';

/** A FHIR resource id (FHIR R4 `id`: 1–64 of A–Z a–z 0–9 - .). */
export const FhirIdSchema = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/);

export const PersonaSectorSchema = z.enum([
  'hospital',
  'municipality',
  'general-practice',
  'coordination',
]);
export type PersonaSector = z.infer<typeof PersonaSectorSchema>;

/**
 * An OIO-BPP role by its suffix (`monitoring_adjuster` for
 * `urn:dk:sundhed:ehealth:role:monitoring_adjuster`); shared/fhir maps it to
 * the OIO-BPP code and the equivalent care-team role.
 */
export const OioBppRoleKeySchema = z.enum(ROLE_KEYS);

export const DemoPersonaSchema = z.strictObject({
  /** Stable across seeds: `hospital-nurse`, `municipal-nurse`, `gp`, `coordinator`. */
  id: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/),
  displayName: z.string().min(1).max(200),
  /** Job title and place, in Danish, as the UI shows it. */
  title: z.string().min(1).max(200),
  sector: PersonaSectorSchema,
  organizationId: FhirIdSchema,
  practitionerId: FhirIdSchema,
  /** The care teams whose caseload the persona works; never empty. */
  careTeamIds: z.array(FhirIdSchema).min(1).max(50),
  /** OIO-BPP roles, the first being the one the persona signs in with. */
  oioBppRoles: z.array(OioBppRoleKeySchema).min(1).max(10),
});
export type DemoPersona = z.infer<typeof DemoPersonaSchema>;
