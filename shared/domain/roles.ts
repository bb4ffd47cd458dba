import { CareTeamRole, ROLE_KEYS, type RoleKey } from '../fhir/codes-organization.ts';

/**
 * What a user may do in the workbench, decided by their role in the care
 * team in context — in FUT a role belongs to a membership of a care team
 * (CareTeam.participant.role, from the user's OIO-BPP role; FUT-PROFILES
 * §4.9), so the same person may approve in one team and only look in
 * another. The table is docs/adr/0006-roles.md; the UI hides what the role
 * cannot do, main refuses it, and the server refuses the write.
 */
export const APP_ACTIONS = [
  /** Open a citizen and see their forløb, measurements, answers and messages. */
  'view-citizen',
  /** Register a measurement on the citizen's behalf (`$submit-measurement`). */
  'register-measurement',
  /** Review a measurement or answer: the assessing ClinicalImpression and the Task completed. */
  'approve',
  /** Write to the citizen or to another sector. */
  'send-message',
  /** Change a plan's activities or thresholds. */
  'adjust-plan',
  /** Enrol a citizen in a forløb. */
  'enroll-citizen',
] as const;
export type AppAction = (typeof APP_ACTIONS)[number];

/** The workbench's own role, outside FUT: sees who looked at a citizen, nothing clinical. */
export const PRIVACY_OFFICER = 'privacy_officer';
export type WorkbenchRole = RoleKey | typeof PRIVACY_OFFICER;

const VIEW: readonly AppAction[] = ['view-citizen'];

/** Role → actions. A role not named here (FUT's administrative and logistics roles) does nothing clinical. */
const ROLE_ACTIONS: Readonly<Partial<Record<WorkbenchRole, readonly AppAction[]>>> = {
  clinical_viewer: VIEW,
  clinical_supporter: VIEW,
  monitoring_assistor: ['view-citizen', 'register-measurement', 'send-message'],
  monitoring_adjuster: [
    'view-citizen',
    'register-measurement',
    'approve',
    'send-message',
    'adjust-plan',
  ],
  citizen_enroller: ['view-citizen', 'enroll-citizen'],
};

/** Whether a role allows an action; an unknown or absent role allows nothing. */
export function roleAllows(role: WorkbenchRole | null, action: AppAction): boolean {
  if (!role || !Object.hasOwn(ROLE_ACTIONS, role)) return false;
  return ROLE_ACTIONS[role]?.includes(action) ?? false;
}

/** Every action of a role, in the table's order. */
export function actionsOf(role: WorkbenchRole | null): readonly AppAction[] {
  return APP_ACTIONS.filter((action) => roleAllows(role, action));
}

interface CareTeamLike {
  readonly participant?: readonly {
    readonly member?: { readonly reference?: string };
    readonly role?: readonly { readonly coding?: readonly { system?: string; code?: string }[] }[];
  }[];
}

const ROLE_BY_CODE: ReadonlyMap<string, RoleKey> = new Map(
  ROLE_KEYS.map((key) => [`${CareTeamRole[key].system}|${CareTeamRole[key].code}`, key]),
);

/**
 * The practitioner's role in a care team: the participant whose member is the
 * practitioner (a relative or absolute reference), its role codings read in
 * FUT's code system. Several memberships or roles: the one allowing most; none
 * known: null (the user then may do nothing in that team).
 */
export function roleInCareTeam(team: CareTeamLike, practitionerId: string): RoleKey | null {
  let best: RoleKey | null = null;
  for (const participant of team.participant ?? []) {
    const reference = participant.member?.reference ?? '';
    const id = /(?:^|\/)Practitioner\/([^/?#]+)(?:\/_history\/[^/]+)?$/.exec(reference)?.[1];
    if (id !== practitionerId) continue;
    for (const concept of participant.role ?? []) {
      for (const coding of concept.coding ?? []) {
        const key = ROLE_BY_CODE.get(`${coding.system ?? ''}|${coding.code ?? ''}`);
        if (key && (!best || actionsOf(key).length > actionsOf(best).length)) best = key;
      }
    }
  }
  return best;
}

/**
 * Whether the user may act on a citizen: in some team that is both the
 * user's and on one of the citizen's forløb, the user's role allows it
 * (FUT's context is a team on the citizen's forløb).
 */
export function allowedForCitizen(
  userTeams: readonly { readonly id: string; readonly role: WorkbenchRole | null }[],
  citizenTeamIds: readonly string[],
  action: AppAction,
): boolean {
  const onForløb = new Set(citizenTeamIds);
  return userTeams.some((team) => onForløb.has(team.id) && roleAllows(team.role, action));
}

/** FUT operations that change data, by the action they are; any other operation only reads. */
const WRITE_OPERATIONS: Readonly<Record<string, AppAction>> = {
  'submit-measurement': 'register-measurement',
  'set-measurement-validity': 'approve',
  'create-episode-of-care': 'enroll-citizen',
  createPatient: 'enroll-citizen',
  apply: 'adjust-plan',
};

/** A plain write (create, update, patch, delete) by the type it writes; other types: adjusting a plan. */
const WRITE_TYPES: Readonly<Record<string, AppAction>> = {
  ClinicalImpression: 'approve',
  Task: 'approve',
  Communication: 'send-message',
  CommunicationRequest: 'send-message',
  Observation: 'register-measurement',
  QuestionnaireResponse: 'register-measurement',
  Media: 'register-measurement',
  Provenance: 'register-measurement',
  EpisodeOfCare: 'enroll-citizen',
  Patient: 'enroll-citizen',
  Consent: 'enroll-citizen',
  Condition: 'enroll-citizen',
};

/** The action a FHIR write is, for the role check: an operation by its name, a write by its type. */
export function writeActionOf(
  write: { readonly operation: string } | { readonly type: string },
): AppAction | null {
  if ('operation' in write)
    return Object.hasOwn(WRITE_OPERATIONS, write.operation)
      ? (WRITE_OPERATIONS[write.operation] ?? null)
      : null;
  return Object.hasOwn(WRITE_TYPES, write.type)
    ? (WRITE_TYPES[write.type] ?? 'adjust-plan')
    : 'adjust-plan';
}
