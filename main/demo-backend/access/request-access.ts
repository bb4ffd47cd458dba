import type { RoleKey } from '../../../shared/fhir/codes-organization.ts';
import { roleAllows, roleInCareTeam, type AppAction } from '../../../shared/domain/roles.ts';
import type { TokenCheck } from './verify-token.ts';
import type { BackendContext } from '../backend-context.ts';
import { FhirHttpError } from '../fhir/fhir-error.ts';
import type { StoredResource } from '../store/resource-store.ts';
import { patientOf } from './patient-of.ts';

/**
 * FUT's access rule, as the demo back end enforces it for a request that
 * carries a verified token: the user acts in the context care team of the
 * token, in which they must be a participant; a citizen's data is theirs to
 * read only through an EpisodeOfCare on which that team is a team; what they
 * may change is decided by their role in that team (shared/domain/roles.ts).
 * Everything else is a 403 with an OperationOutcome that says why.
 */

/** Who is asking, in which context. */
export interface Principal {
  readonly practitionerId: string;
  readonly careTeamId: string;
  readonly organizationId: string | null;
  readonly role: RoleKey | null;
  readonly name: string | null;
}

export type Authorization =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly status: 401 | 403; readonly text: string };

/** The verified token's claims checked against the server's care teams. */
export function principalOf(check: TokenCheck, context: BackendContext): Authorization {
  if (!check.ok) {
    return {
      ok: false,
      status: 401,
      text: `The access token was not accepted (${check.reason}). Sign in again.`,
    };
  }
  const { claims } = check;
  if (claims.user_type !== 'PRACTITIONER')
    return { ok: false, status: 403, text: 'Only practitioners may use this service.' };
  const teamId = claims.context.care_team_id?.replace(/^CareTeam\//, '');
  if (!teamId)
    return { ok: false, status: 403, text: 'The token names no care team as its context.' };
  const team = context.store.get('CareTeam', teamId)?.resource;
  const careTeam = team?.resourceType === 'CareTeam' ? team : null;
  const role = careTeam ? roleInCareTeam(careTeam, claims.sub) : null;
  const member = (careTeam?.participant ?? []).some(
    (participant) => participant.member?.reference === `Practitioner/${claims.sub}`,
  );
  if (!member) {
    return {
      ok: false,
      status: 403,
      text: `The token's context, care team ${teamId}, is not a team the user belongs to.`,
    };
  }
  return {
    ok: true,
    principal: {
      practitionerId: claims.sub,
      careTeamId: teamId,
      organizationId: claims.context.organization_id?.replace(/^Organization\//, '') ?? null,
      role,
      name: claims.name ?? null,
    },
  };
}

/** The patients whose data the context team may read: those of its episodes of care. */
export function patientsOfTeam(teamId: string, context: BackendContext): ReadonlySet<string> {
  const patients = new Set<string>();
  for (const id of context.indexes.idsByReference('EpisodeOfCare', 'team', `CareTeam/${teamId}`)) {
    const episode = context.store.get('EpisodeOfCare', id)?.resource;
    if (episode?.resourceType !== 'EpisodeOfCare') continue;
    if (!(episode.team ?? []).some((team) => team.reference === `CareTeam/${teamId}`)) continue;
    const patient = episode.patient.reference?.replace(/^Patient\//, '');
    if (patient) patients.add(patient);
  }
  return patients;
}

/** One request's access: checks what it returns or changes, and notes whose data it showed. */
export class RequestAccess {
  readonly principal: Principal;
  readonly #context: BackendContext;
  #allowed: ReadonlySet<string> | null = null;
  /** Patient id → the resources of theirs this request returned (for the audit). */
  readonly shown = new Map<string, string[]>();
  /** Patients this request was refused (audited too). */
  readonly refused = new Set<string>();

  constructor(principal: Principal, context: BackendContext) {
    this.principal = principal;
    this.#context = context;
  }

  /** Whether the context team may see this patient's data. */
  allows(patientId: string): boolean {
    this.#allowed ??= patientsOfTeam(this.principal.careTeamId, this.#context);
    return this.#allowed.has(patientId);
  }

  /** Refuses the whole answer if any resource is a patient's outside the context; notes the rest. */
  checkShown(resources: readonly StoredResource[]): void {
    const owned = resources.flatMap((entry) => {
      const patient = patientOf(entry.resource);
      return patient === null ? [] : [{ patient, reference: `${entry.type}/${entry.id}` }];
    });
    // All checked before any is noted: a refused answer shows nothing.
    for (const { patient } of owned) if (!this.allows(patient)) throw this.refusal(patient);
    for (const { patient, reference } of owned) {
      const list = this.shown.get(patient);
      if (list) list.push(reference);
      else this.shown.set(patient, [reference]);
    }
  }

  /** Refuses a patient the context team has no episode of care with. */
  checkPatient(patientId: string): void {
    if (!this.allows(patientId)) throw this.refusal(patientId);
  }

  /** Refuses an action the user's role in the context team does not allow. */
  requireAction(action: AppAction): void {
    if (!roleAllows(this.principal.role, action)) {
      throw new FhirHttpError(
        403,
        'forbidden',
        `The user's role in care team ${this.principal.careTeamId} (${this.principal.role ?? 'none'}) does not allow ${action}.`,
      );
    }
  }

  /** A refused patient is noted too: the refused attempt is audited. */
  refusal(patientId: string): FhirHttpError {
    this.refused.add(patientId);
    return new FhirHttpError(
      403,
      'forbidden',
      `No access: the citizen has no episode of care with care team ${this.principal.careTeamId}.`,
    );
  }
}
