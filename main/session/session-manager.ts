import type { PersonaRecord } from '../../shared/domain/persona-record.ts';
import type { PersonaSummary, Session } from '../../shared/ipc/schemas.ts';

/** Where personas come from: the demo back end's dataset; null while it is still starting. */
export type PersonaDirectory = () => readonly PersonaRecord[] | null;

/** Why the back end behind the personas is not available, or null. */
export type BackendProblem = () => string | null;

export interface SessionManager {
  personas(): { starting: boolean; unavailable: string | null; personas: PersonaSummary[] };
  signIn(personaId: string): Session;
  current(): Session | null;
  signOut(): void;
}

/** Thrown for a persona id that does not exist; the IPC layer turns it into a typed refusal. */
export class UnknownPersonaError extends Error {
  readonly personaId: string;
  constructor(personaId: string) {
    super(`There is no demo persona with the id "${personaId}".`);
    this.name = 'UnknownPersonaError';
    this.personaId = personaId;
  }
}

/**
 * Thrown for a sign-in as someone else while a user is signed in: a user
 * switch goes through sign-out, whose guard asks about unsent entries first
 * (issue 4), so it can never happen around it.
 */
export class AlreadySignedInError extends Error {
  constructor() {
    super('Someone else is signed in. Sign out first (unsent entries are asked about then).');
    this.name = 'AlreadySignedInError';
  }
}

/**
 * The signed-in user, held in main (never in the page, so a reload keeps it
 * and the page cannot forge it). With no identity provider configured, sign-in
 * is by demo persona.
 */
export function createSessionManager(
  directory: PersonaDirectory,
  now: () => Date = () => new Date(),
  problem: BackendProblem = () => null,
): SessionManager {
  let session: Session | null = null;
  return {
    personas: () => {
      const records = directory();
      return {
        starting: records === null,
        unavailable: problem(),
        personas: (records ?? []).map((record) => record.summary),
      };
    },
    signIn: (personaId) => {
      const record = directory()?.find((candidate) => candidate.summary.id === personaId);
      if (!record) throw new UnknownPersonaError(personaId);
      if (session) {
        // The same user again (a second tab, a retried call): the session as it is.
        if (session.persona.id === personaId) return session;
        throw new AlreadySignedInError();
      }
      session = {
        persona: record.summary,
        practitionerId: record.practitionerId,
        organizationId: record.organizationId,
        signedInAt: now().toISOString(),
        demo: true,
      };
      return session;
    },
    current: () => session,
    signOut: () => {
      session = null;
    },
  };
}
