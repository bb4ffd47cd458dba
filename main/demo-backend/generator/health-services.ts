/**
 * The region's hospitals, their units (sites) and the departments that run
 * telemedicine follow-up, and which department follows which programme for
 * which municipality.
 */
import type { OrganizationSpecialty } from '../../../shared/fhir/codes-organization.ts';
import type { SiteKey } from './geography.ts';
import { municipality } from './geography.ts';

/** The four telemedicine programmes (forløb) of the demo. */
export type ProgrammeKey = 'copd' | 'heart-failure' | 'diabetes' | 'pregnancy';
export const PROGRAMMES: readonly ProgrammeKey[] = [
  'copd',
  'heart-failure',
  'diabetes',
  'pregnancy',
];

export interface HospitalDef {
  readonly key: 'aauh' | 'rhn';
  readonly name: string;
  readonly sites: readonly { key: SiteKey; town: string; postalCode: string }[];
}

export const HOSPITALS: readonly HospitalDef[] = Object.freeze([
  {
    key: 'aauh',
    name: 'Aalborg Universitetshospital',
    sites: [
      { key: 'aauh-aalborg', town: 'Aalborg', postalCode: '9000' },
      { key: 'aauh-hobro', town: 'Hobro', postalCode: '9500' },
      { key: 'aauh-farsoe', town: 'Farsø', postalCode: '9640' },
      { key: 'aauh-thisted', town: 'Thisted', postalCode: '7700' },
    ],
  },
  {
    key: 'rhn',
    name: 'Regionshospital Nordjylland',
    sites: [
      { key: 'rhn-hjoerring', town: 'Hjørring', postalCode: '9800' },
      { key: 'rhn-frederikshavn', town: 'Frederikshavn', postalCode: '9900' },
    ],
  },
]);

export interface DepartmentDef {
  readonly key: string;
  readonly site: SiteKey;
  readonly name: string;
  readonly specialty: keyof typeof OrganizationSpecialty;
  /** The outpatient clinic under the department that runs the follow-up, if it has its own unit. */
  readonly clinic?: string;
  readonly programmes: readonly ProgrammeKey[];
}

const MEDICAL: readonly ProgrammeKey[] = ['copd', 'heart-failure', 'diabetes'];

export const DEPARTMENTS: readonly DepartmentDef[] = Object.freeze([
  {
    key: 'aauh-aalborg-lung',
    site: 'aauh-aalborg',
    name: 'Lungemedicinsk Afdeling',
    specialty: 'pulmonaryMedicine',
    clinic: 'Lungemedicinsk Ambulatorium',
    programmes: ['copd'],
  },
  {
    key: 'aauh-aalborg-cardio',
    site: 'aauh-aalborg',
    name: 'Kardiologisk Afdeling',
    specialty: 'cardiology',
    clinic: 'Hjertesvigtsklinikken',
    programmes: ['heart-failure'],
  },
  {
    key: 'aauh-aalborg-endo',
    site: 'aauh-aalborg',
    name: 'Endokrinologisk Afdeling',
    specialty: 'endocrinology',
    clinic: 'Diabetesambulatoriet',
    programmes: ['diabetes'],
  },
  {
    key: 'aauh-aalborg-obs',
    site: 'aauh-aalborg',
    name: 'Gynækologisk-Obstetrisk Afdeling',
    specialty: 'obstetricsAndGynecology',
    clinic: 'Svangreambulatoriet',
    programmes: ['pregnancy'],
  },
  {
    key: 'aauh-hobro-med',
    site: 'aauh-hobro',
    name: 'Medicinsk Afdeling',
    specialty: 'internalMedicine',
    programmes: MEDICAL,
  },
  {
    key: 'aauh-farsoe-med',
    site: 'aauh-farsoe',
    name: 'Medicinsk Afdeling',
    specialty: 'internalMedicine',
    programmes: MEDICAL,
  },
  {
    key: 'aauh-thisted-med',
    site: 'aauh-thisted',
    name: 'Medicinsk Afdeling',
    specialty: 'internalMedicine',
    programmes: MEDICAL,
  },
  {
    key: 'aauh-thisted-obs',
    site: 'aauh-thisted',
    name: 'Gynækologisk-Obstetrisk Afdeling',
    specialty: 'obstetricsAndGynecology',
    programmes: ['pregnancy'],
  },
  {
    key: 'rhn-hjoerring-lung',
    site: 'rhn-hjoerring',
    name: 'Lungemedicinsk Afdeling',
    specialty: 'pulmonaryMedicine',
    programmes: ['copd'],
  },
  {
    key: 'rhn-hjoerring-cardio',
    site: 'rhn-hjoerring',
    name: 'Kardiologisk Afdeling',
    specialty: 'cardiology',
    programmes: ['heart-failure'],
  },
  {
    key: 'rhn-hjoerring-endo',
    site: 'rhn-hjoerring',
    name: 'Endokrinologisk Afdeling',
    specialty: 'endocrinology',
    programmes: ['diabetes'],
  },
  {
    key: 'rhn-hjoerring-obs',
    site: 'rhn-hjoerring',
    name: 'Gynækologisk-Obstetrisk Afdeling',
    specialty: 'obstetricsAndGynecology',
    programmes: ['pregnancy'],
  },
  {
    key: 'rhn-frederikshavn-med',
    site: 'rhn-frederikshavn',
    name: 'Medicinsk Afdeling',
    specialty: 'internalMedicine',
    programmes: MEDICAL,
  },
]);

/** Short Danish name of a programme, as team and plan titles use it. */
export const PROGRAMME_TEAM_WORD: Readonly<Record<ProgrammeKey, string>> = Object.freeze({
  copd: 'KOL-team',
  'heart-failure': 'Hjertesvigtsteam',
  diabetes: 'Diabetesteam',
  pregnancy: 'Graviditetsteam',
});

/** The department that follows a programme for citizens of a municipality. */
export function departmentFor(programme: ProgrammeKey, municipalityCode: string): DepartmentDef {
  const home = municipality(municipalityCode);
  const site = programme === 'pregnancy' ? home.obstetricsSite : home.medicalSite;
  const found = DEPARTMENTS.find((d) => d.site === site && d.programmes.includes(programme));
  if (!found) throw new Error(`no department for ${programme} at ${site}`);
  return found;
}

/** The town part of a site key's hospital unit name. */
export function siteTown(site: SiteKey): string {
  for (const hospital of HOSPITALS) {
    const found = hospital.sites.find((s) => s.key === site);
    if (found) return found.town;
  }
  throw new Error(`unknown site ${site}`);
}
