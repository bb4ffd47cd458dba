/**
 * Practitioners (ehealth-practitioner) and their PractitionerRoles
 * (ehealth-practitionerrole). A role's code carries the care-team role the
 * profile binds (vs/careteam-participant-role) and, as a second coding, the
 * equivalent OIO-BPP role (ConceptMap oio-bpp-roles-to-careteam-participant-roles).
 */
import type { Practitioner } from '@medplum/fhirtypes';
import { toCodeableConcept } from '../../../shared/fhir/coding.ts';
import type { RoleKey } from '../../../shared/fhir/codes-organization.ts';
import { CareTeamRole, OioBppRole } from '../../../shared/fhir/codes-organization.ts';
import { Profile } from '../../../shared/fhir/profiles.ts';
import type { PersonName } from './names.ts';
import type { Sink } from './sink.ts';
import { refTo } from './sink.ts';

export interface StaffMember {
  readonly id: string;
  readonly name: PersonName;
  readonly organizationId: string;
  /** The first role is the one the person works in (their care-team participant role). */
  readonly roles: readonly RoleKey[];
}

export interface StaffInput {
  /** Fixed id (personas); otherwise `prac-<n>`. */
  readonly id?: string;
  readonly name: PersonName;
  readonly sex: 'female' | 'male';
  /** Job title in Danish: Sygeplejerske, Overlæge … */
  readonly title: string;
  readonly organizationId: string;
  readonly roles: readonly RoleKey[];
}

export function roleConcept(role: RoleKey) {
  return toCodeableConcept(CareTeamRole[role], OioBppRole[role]);
}

/** Adds a Practitioner and one PractitionerRole at the organisation. */
export function addStaff(sink: Sink, input: StaffInput): StaffMember {
  const id = input.id ?? sink.id('prac');
  const practitioner: Practitioner = {
    resourceType: 'Practitioner',
    id,
    meta: { profile: [Profile.practitioner] },
    active: true,
    name: [
      {
        use: 'official',
        text: input.name.text,
        family: input.name.family,
        given: [...input.name.given],
      },
    ],
    gender: input.sex,
    qualification: [{ code: { text: input.title } }],
  };
  sink.add(practitioner);
  sink.add({
    resourceType: 'PractitionerRole',
    id: `${id}-role`,
    meta: { profile: [Profile.practitionerRole] },
    active: true,
    practitioner: refTo('Practitioner', id),
    organization: refTo('Organization', input.organizationId),
    code: input.roles.map(roleConcept),
  });
  return { id, name: input.name, organizationId: input.organizationId, roles: input.roles };
}
