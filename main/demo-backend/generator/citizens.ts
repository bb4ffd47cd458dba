/**
 * Citizens (ehealth-patient): synthetic CPR, Danish name, a home address in
 * a North Jutland municipality, a GP practice by ydernummer, and for a few
 * per cent name-and-address protection (extension plus security label R).
 */
import type { Patient } from '@medplum/fhirtypes';
import { toCoding } from '../../../shared/fhir/coding.ts';
import { Confidentiality } from '../../../shared/fhir/codes-care.ts';
import { Ext, Profile } from '../../../shared/fhir/profiles.ts';
import { CodeSystem, IdentifierSystem } from '../../../shared/fhir/systems.ts';
import type { DataCalendar } from './time.ts';
import { DAY_MS, isoLocalDate } from './time.ts';
import type { MunicipalityDef } from './geography.ts';
import { MUNICIPALITIES, REGION, STREETS, dkCoreMunicipalityCode } from './geography.ts';
import type { ProgrammeKey } from './health-services.ts';
import type { PersonName } from './names.ts';
import { danishName } from './names.ts';
import { PROGRAMME_DEFS } from './programmes.ts';
import type { Rng } from './random.ts';
import { refTo } from './sink.ts';
import { syntheticBirthDate, syntheticCpr } from './synthetic-cpr.ts';
import type { PracticeInfo, World } from './world.ts';

/** Share of citizens with name and address protection. */
export const PROTECTED_SHARE = 0.03;

/**
 * Where citizens live: by population, with Hjørring weighted up so the
 * municipal nurse persona has a caseload in tens at the default size.
 */
const MUNICIPALITY_WEIGHTS: readonly (readonly [MunicipalityDef, number])[] = MUNICIPALITIES.map(
  (m) => [m, m.population * (m.code === '860' ? 1.8 : 1)],
);

export interface Citizen {
  readonly patientId: string;
  readonly name: PersonName;
  readonly sex: 'female' | 'male';
  readonly birthDate: string;
  readonly cpr: string;
  readonly municipality: MunicipalityDef;
  readonly practice: PracticeInfo;
  readonly programmes: readonly ProgrammeKey[];
  readonly isProtected: boolean;
}

const COMORBIDITY: Readonly<Record<ProgrammeKey, readonly (readonly [ProgrammeKey, number])[]>> = {
  copd: [
    ['heart-failure', 0.6],
    ['diabetes', 0.4],
  ],
  'heart-failure': [
    ['diabetes', 0.5],
    ['copd', 0.5],
  ],
  diabetes: [
    ['heart-failure', 0.6],
    ['copd', 0.4],
  ],
  pregnancy: [],
};

export function chooseProgrammes(rng: Rng): ProgrammeKey[] {
  const primary = rng.weighted<ProgrammeKey>([
    ['copd', 0.42],
    ['heart-failure', 0.25],
    ['diabetes', 0.25],
    ['pregnancy', 0.08],
  ]);
  const others = COMORBIDITY[primary];
  if (others.length > 0 && rng.chance(0.3)) return [primary, rng.weighted(others)];
  return [primary];
}

function choosePractice(rng: Rng, world: World, code: string): PracticeInfo {
  const local = world.practices.filter((p) => p.municipalityCode === code);
  const pool = local.length > 0 ? local : world.practices;
  return rng.weighted(pool.map((p) => [p, p.weight] as const));
}

/** Draws a citizen (no resources yet); `takenCprs` keeps CPRs unique. */
export function drawCitizen(
  rng: Rng,
  calendar: DataCalendar,
  world: World,
  index: number,
  takenCprs: Set<string>,
): Citizen {
  const programmes = chooseProgrammes(rng);
  const primary = PROGRAMME_DEFS[programmes[0] ?? 'copd'];
  const sex = rng.chance(primary.femaleShare) ? 'female' : 'male';
  const birthDate = syntheticBirthDate(rng, calendar.anchor, primary.ages[0], primary.ages[1]);
  let cpr = syntheticCpr(rng, birthDate, sex);
  while (takenCprs.has(cpr)) cpr = syntheticCpr(rng, birthDate, sex);
  takenCprs.add(cpr);
  const municipality = rng.weighted(MUNICIPALITY_WEIGHTS);
  return {
    patientId: `pat-${index + 1}`,
    name: danishName(rng, sex),
    sex,
    birthDate,
    cpr,
    municipality,
    practice: choosePractice(rng, world, municipality.code),
    programmes,
    isProtected: rng.chance(PROTECTED_SHARE),
  };
}

export function buildPatient(rng: Rng, calendar: DataCalendar, citizen: Citizen): Patient {
  const [postalCode, city] = rng.pick(citizen.municipality.towns);
  const telecom = [
    ...(rng.chance(0.7) ? [{ system: 'other' as const, value: 'NemSMS' }] : []),
    ...(rng.chance(0.85) ? [{ system: 'other' as const, value: 'eBoks' }] : []),
  ];
  const patient: Patient = {
    resourceType: 'Patient',
    id: citizen.patientId,
    meta: { profile: [Profile.patient] },
    identifier: [{ use: 'official', system: IdentifierSystem.cpr, value: citizen.cpr }],
    active: true,
    name: [
      {
        use: 'official',
        text: citizen.name.text,
        family: citizen.name.family,
        given: [...citizen.name.given],
      },
    ],
    ...(telecom.length > 0 ? { telecom } : {}),
    gender: citizen.sex,
    birthDate: citizen.birthDate,
    address: [
      {
        extension: [
          {
            url: Ext.dkCoreMunicipalityCodes,
            valueCodeableConcept: {
              coding: [
                {
                  system: CodeSystem.dkCoreMunicipality,
                  code: dkCoreMunicipalityCode(citizen.municipality.code),
                  display: citizen.municipality.name,
                },
              ],
            },
          },
          {
            url: Ext.dkCoreRegionalSubDivisionCodes,
            valueCodeableConcept: {
              coding: [
                { system: CodeSystem.dkRegion, code: REGION.iso, display: 'Nord Denmark Region' },
              ],
            },
          },
        ],
        use: 'home',
        type: 'physical',
        line: [
          `${rng.pick(STREETS)} ${rng.int(1, 120)}${rng.chance(0.2) ? `, ${rng.int(1, 4)}. ${rng.pick(['th', 'tv', 'mf'])}` : ''}`,
        ],
        city,
        postalCode,
        country: 'DK',
      },
    ],
    generalPractitioner: [
      {
        ...refTo('Organization', citizen.practice.organizationId),
        identifier: { system: IdentifierSystem.ydernummer, value: citizen.practice.ydernummer },
        display: citizen.practice.name,
      },
    ],
    communication: [
      {
        language: { coding: [{ system: CodeSystem.bcp47, code: 'da', display: 'Dansk' }] },
        preferred: true,
      },
    ],
  };
  if (citizen.isProtected) {
    patient.meta = { ...patient.meta, security: [toCoding(Confidentiality.restricted)] };
    const since = isoLocalDate(calendar.now - rng.int(60, 2000) * DAY_MS);
    patient.extension = [{ url: Ext.nameAndAddressProtection, valuePeriod: { start: since } }];
  }
  return patient;
}
