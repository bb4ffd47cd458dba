import { z } from 'zod';
import { PersonaSummarySchema } from '../ipc/schemas.ts';

/**
 * A demo persona as main's session needs it: the summary the sign-in screen
 * shows and the identifiers that scope the session. The demo back end builds
 * these from its dataset and sends them to its parent, which parses them with
 * this schema (they cross a process boundary).
 */
export const PersonaRecordSchema = z.strictObject({
  summary: PersonaSummarySchema,
  practitionerId: z.string().min(1).max(64),
  organizationId: z.string().min(1).max(64),
});

export type PersonaRecord = Readonly<z.infer<typeof PersonaRecordSchema>>;
