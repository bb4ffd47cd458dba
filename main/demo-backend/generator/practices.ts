/**
 * GP practices (almen praksis): Organizations with SOR id and ydernummer,
 * spread over the municipalities by population. The demo GP's practice,
 * Lægehuset Vestbyen in Aalborg, lists a bigger share of citizens so the GP
 * persona has a caseload.
 */
import type { Organization } from '@medplum/fhirtypes';
import { OrganizationType } from '../../../shared/fhir/codes-organization.ts';
import { Ext } from '../../../shared/fhir/profiles.ts';
import { IdentifierSystem } from '../../../shared/fhir/systems.ts';
import type { MunicipalityDef } from './geography.ts';
import { MUNICIPALITIES, STREETS } from './geography.ts';
import { addOrganization, dkAddress, sorIdentifier, specialtyExtension } from './organizations.ts';
import type { Rng } from './random.ts';
import type { Sink } from './sink.ts';

export const PERSONA_PRACTICE_ID = 'org-gp-vestbyen';
/** How many ordinary practices' worth of citizens the persona's practice lists. */
const PERSONA_PRACTICE_WEIGHT = 4;

export interface PracticeSeed {
  readonly organization: Organization;
  readonly ydernummer: string;
  readonly municipality: MunicipalityDef;
  readonly weight: number;
}

/** Number of practices for a dataset size: one per eight citizens, at least two per municipality-ish. */
export function practiceCount(citizens: number): number {
  return Math.max(MUNICIPALITIES.length + 5, Math.round(citizens / 8));
}

function practicesPerMunicipality(total: number): Map<string, number> {
  const population = MUNICIPALITIES.reduce((sum, m) => sum + m.population, 0);
  return new Map(
    MUNICIPALITIES.map((m) => [
      m.code,
      Math.max(1, Math.round((total * m.population) / population)),
    ]),
  );
}

function practiceName(rng: Rng, town: string, taken: Set<string>): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const street = rng.pick(STREETS);
    const name = rng.pick([
      `Lægehuset ${town}`,
      `Lægerne ${street}`,
      `Lægeklinikken ${street}, ${town}`,
      `Lægerne i ${town}`,
      `Lægehuset ${street}`,
    ]);
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
  const fallback = `Lægerne ${town} ${taken.size + 1}`;
  taken.add(fallback);
  return fallback;
}

/** Adds the practices; serials of their SOR ids start at 5000. */
export function addPractices(sink: Sink, rng: Rng, citizens: number): PracticeSeed[] {
  const seeds: PracticeSeed[] = [];
  const taken = new Set<string>(['Lægehuset Vestbyen']);
  let n = 0;
  for (const [code, count] of practicesPerMunicipality(practiceCount(citizens))) {
    const municipality = MUNICIPALITIES.find((m) => m.code === code);
    if (!municipality) continue;
    for (let i = 0; i < count; i++) {
      n++;
      const isPersona = code === '851' && i === 0;
      const [postalCode, city] = isPersona ? ['9000', 'Aalborg'] : rng.pick(municipality.towns);
      const name = isPersona ? 'Lægehuset Vestbyen' : practiceName(rng, city, taken);
      const ydernummer = String(10_000 + n * 7).padStart(6, '0');
      const organization = addOrganization(sink, {
        id: isPersona ? PERSONA_PRACTICE_ID : `org-gp-${n}`,
        name,
        type: OrganizationType.generalPractice,
        source: 'SOR',
        identifiers: [
          sorIdentifier(5000 + n),
          { system: IdentifierSystem.ydernummer, value: ydernummer },
        ],
        extensions: [
          { url: Ext.organizationProviderIdentifier, valueString: ydernummer },
          { url: Ext.organizationMunicipalityCode, valueString: code },
          specialtyExtension('generalMedicalPractice'),
        ],
        address: dkAddress(city, postalCode, `${rng.pick(STREETS)} ${rng.int(1, 60)}`),
      });
      seeds.push({
        organization,
        ydernummer,
        municipality,
        weight: isPersona ? PERSONA_PRACTICE_WEIGHT : 1,
      });
    }
  }
  return seeds;
}
