/**
 * The demo personas (DESIGN §4): fixed people in fixed teams, the same for
 * every seed, so tests and demos can sign in as them by id. One per user
 * group, and a clinical viewer (issue 15: a role that sees but cannot act).
 */
import type { RoleKey } from '../../../shared/fhir/codes-organization.ts';
import type { DemoPersona, PersonaSector } from '../../../shared/domain/persona.ts';
import type { PersonName } from './names.ts';

export type PersonaId = 'hospital-nurse' | 'municipal-nurse' | 'gp' | 'coordinator' | 'viewer';

export interface PersonaStaff {
  readonly id: PersonaId;
  readonly practitionerId: string;
  readonly name: PersonName;
  readonly sex: 'female' | 'male';
  readonly jobTitle: string;
  /** Shown under the name: job title and place. */
  readonly title: string;
  readonly sector: PersonaSector;
  readonly roles: readonly RoleKey[];
}

function name(given: readonly string[], family: string): PersonName {
  return { given, family, text: [...given, family].join(' ') };
}

export const PERSONA_STAFF: Readonly<Record<PersonaId, PersonaStaff>> = Object.freeze({
  'hospital-nurse': {
    id: 'hospital-nurse',
    practitionerId: 'prac-persona-hospital-nurse',
    name: name(['Mette'], 'Kjærsgaard'),
    sex: 'female',
    jobTitle: 'Sygeplejerske',
    title: 'Sygeplejerske, Lungemedicinsk Ambulatorium, Aalborg Universitetshospital',
    sector: 'hospital',
    roles: ['monitoring_adjuster', 'citizen_enroller'],
  },
  'municipal-nurse': {
    id: 'municipal-nurse',
    practitionerId: 'prac-persona-municipal-nurse',
    name: name(['Søren', 'Bøgh'], 'Madsen'),
    sex: 'male',
    jobTitle: 'Hjemmesygeplejerske',
    title: 'Hjemmesygeplejerske, Hjemmesygeplejen, Hjørring Kommune',
    sector: 'municipality',
    roles: ['monitoring_adjuster', 'citizen_enroller'],
  },
  gp: {
    id: 'gp',
    practitionerId: 'prac-persona-gp',
    name: name(['Anne-Marie'], 'Østergaard'),
    sex: 'female',
    jobTitle: 'Praktiserende læge',
    title: 'Praktiserende læge, Lægehuset Vestbyen, Aalborg',
    sector: 'general-practice',
    roles: ['monitoring_adjuster', 'clinical_viewer'],
  },
  coordinator: {
    id: 'coordinator',
    practitionerId: 'prac-persona-coordinator',
    name: name(['Birgitte', 'Aagaard'], 'Holm'),
    sex: 'female',
    jobTitle: 'Tovholder',
    title: 'Tovholder, TeleCare Nord, Region Nordjylland',
    sector: 'coordination',
    roles: ['careteam_administrator', 'monitoring_adjuster'],
  },
  viewer: {
    id: 'viewer',
    practitionerId: 'prac-persona-viewer',
    name: name(['Lars'], 'Nørgaard'),
    sex: 'male',
    jobTitle: 'Fysioterapeut',
    title: 'Fysioterapeut, Hjemmesygeplejen, Hjørring Kommune (kun læseadgang)',
    sector: 'municipality',
    roles: ['clinical_viewer'],
  },
});

export const PERSONA_IDS: readonly PersonaId[] = [
  'hospital-nurse',
  'municipal-nurse',
  'gp',
  'coordinator',
  'viewer',
];

/** The DemoPersona for a persona, given where the world put it. */
export function demoPersona(
  staff: PersonaStaff,
  organizationId: string,
  careTeamIds: readonly string[],
): DemoPersona {
  return {
    id: staff.id,
    displayName: staff.name.text,
    title: staff.title,
    sector: staff.sector,
    organizationId,
    practitionerId: staff.practitionerId,
    careTeamIds: [...careTeamIds],
    oioBppRoles: [...staff.roles],
  };
}
