/**
 * Organisations, care teams and roles (FUT-PROFILES §1.2–1.5, §4.9), copied
 * from the IG's JSON; test/unit/shared/fhir/codes.test.ts checks them.
 */
import type { CodeDef } from './coding.ts';
import { codesOf } from './coding.ts';
import { CodeSystem, ehealthCodeSystem } from './systems.ts';

/** `ehealth-organization-source` (vs/organization-source). */
export const OrganizationSource = codesOf(ehealthCodeSystem('organization-source'), {
  manual: ['manual', 'Manual'],
  SOR: ['SOR', 'Sundhedsvæsenets Organisationsregister'],
  STS_ORG: ['STS-ORG', 'KOMBIT Støttesystem (STS) Organisation'],
});

/** `ehealth-organization-synchronizationStatus` (vs/organization-synchronization-status). */
export const SynchronizationStatus = codesOf(
  ehealthCodeSystem('organization-synchronization-status'),
  {
    NotSynchronized: ['NotSynchronized', 'Not synchronized'],
    EligibleForSynchronization: ['EligibleForSynchronization', 'Eligible for synchronization'],
    NoLongerSynchronized: ['NoLongerSynchronized', 'No longer synchronized'],
  },
);

/** Organization.type (vs/organization-type = SOR organisation types + OIO types). */
export const OrganizationType = Object.freeze({
  ...codesOf(CodeSystem.snomed, {
    hospital: ['22232009', 'Hospital'],
    generalPractice: ['394761003', 'General practitioner practice site'],
    municipalEstablishment: ['272511002', 'Municipal and civic establishment'],
  }),
  // Displays as the code system writes them (lower case); vs/sor-organization-type capitalises.
  ...codesOf(CodeSystem.snomedDk20150731, {
    region: ['550881000005103', 'region'],
    municipality: ['547211000005108', 'municipality'],
    clinicalUnit: ['550851000005109', 'clinical unit'],
    districtNursing: ['550621000005101', 'district nursing'],
  }),
  ...codesOf(ehealthCodeSystem('oio-organization-type'), {
    oioOrganisation: ['Organisation', 'Organisation'],
    oioOrganisationUnit: ['OrganisationEnhed', 'OrganisationEnhed'],
  }),
});

/** `ehealth-organization-specialty` specialty (vs/organization-specialty). */
export const OrganizationSpecialty = codesOf(CodeSystem.snomed, {
  pulmonaryMedicine: ['418112009', 'Pulmonary medicine'],
  cardiology: ['394579002', 'Cardiology'],
  endocrinology: ['394583002', 'Endocrinology'],
  obstetricsAndGynecology: ['394585009', 'Obstetrics and gynecology'],
  internalMedicine: ['419192003', 'Internal medicine'],
  generalMedicalPractice: ['408443003', 'General medical practice'],
  homeNursing: ['658161000005107', 'hjemmesygepleje'],
});

/**
 * CareTeam.participant.role and PractitionerRole.code (vs/careteam-participant-role).
 * Keys are the OIO-BPP suffixes, so the two lists line up.
 */
export const CareTeamRole = codesOf(ehealthCodeSystem('careteam-participant-role'), {
  citizen_enroller: ['citizenEnroller', 'Citizen enroller', 'Borgeropretter'],
  clinical_viewer: ['clinicalViewer', 'Clinical viewer', 'Klinisk se adgang'],
  monitoring_assistor: ['monitoringAssistor', 'Monitoring assistor', 'Monitoreringsmedhjælper'],
  monitoring_adjuster: ['monitoring_adjuster', 'Monitoring adjuster', 'Monitoreringstilretter'],
  report_user: ['reportUser', 'Report user', 'Nøgletalsmedarbejder'],
  questionnaire_editor: ['questionnaireEditor', 'Questionnaire editor', 'Spørgeskemaeditor'],
  clinical_administrator: [
    'clinicalAdministrator',
    'Clinical administrator',
    'Pakke- og forløbsbygger',
  ],
  clinical_supporter: ['clinicalSupporter', 'Clinical supporter', 'Klinisk supporter'],
  careteam_administrator: [
    'careteamAdministrator',
    'Careteam administrator',
    'Care Team Administrator',
  ],
});
export type RoleKey = keyof typeof CareTeamRole;

const OIO_BPP_PREFIX = 'urn:dk:sundhed:ehealth:role:';

/** OIO-BPP user roles as they arrive in the token (vs/oio-bpp-roles), same keys as CareTeamRole. */
export const OioBppRole = codesOf(ehealthCodeSystem('oio-bpp-roles'), {
  citizen_enroller: [`${OIO_BPP_PREFIX}citizen_enroller`, 'Borgeropretter'],
  clinical_viewer: [`${OIO_BPP_PREFIX}clinical_viewer`, 'Klinisk se adgang'],
  monitoring_assistor: [`${OIO_BPP_PREFIX}monitoring_assistor`, 'Monitoreringsmedhjælper'],
  monitoring_adjuster: [`${OIO_BPP_PREFIX}monitoring_adjuster`, 'Monitoreringstilretter'],
  report_user: [`${OIO_BPP_PREFIX}report_user`, 'Nøgletalsmedarbejder'],
  questionnaire_editor: [
    `${OIO_BPP_PREFIX}questionnaire_editor`,
    'Sundhedsfaglig spørgeskemaeditor',
  ],
  clinical_administrator: [`${OIO_BPP_PREFIX}clinical_administrator`, 'Pakke- og forløbsbygger'],
  clinical_supporter: [`${OIO_BPP_PREFIX}clinical_supporter`, 'Klinisk supporter'],
  careteam_administrator: [`${OIO_BPP_PREFIX}careteam_administrator`, 'Care Team administrator'],
});

/** The role keys, for schemas: `z.enum(ROLE_KEYS)`. */
export const ROLE_KEYS = Object.keys(CareTeamRole) as [RoleKey, ...RoleKey[]];

/**
 * The care-team role equivalent to an OIO-BPP role code (ConceptMap
 * oio-bpp-roles-to-careteam-participant-roles), accepting the legacy
 * `http://ehealth.seb.dk/roles/usersystemrole/<suffix>/1` form too.
 */
export function careTeamRoleForOioBpp(code: string): CodeDef | undefined {
  const legacy = /^http:\/\/ehealth\.seb\.dk\/roles\/usersystemrole\/([a-z_]+)\/1$/.exec(code);
  const suffix =
    legacy?.[1] ?? (code.startsWith(OIO_BPP_PREFIX) ? code.slice(OIO_BPP_PREFIX.length) : '');
  if (!Object.hasOwn(CareTeamRole, suffix)) return undefined;
  return CareTeamRole[suffix as RoleKey];
}
