/**
 * Organisations (ehealth-organization): the region, the 11 municipalities
 * and their home-nursing units (from STS-ORG), the hospitals with units,
 * departments and clinics, and GP practices with ydernummer (from SOR).
 * Organisation ids are fixed names, the same for every seed.
 */
import type { Address, Extension, Identifier, Organization } from '@medplum/fhirtypes';
import type { CodeDef } from '../../../shared/fhir/coding.ts';
import { toCodeableConcept } from '../../../shared/fhir/coding.ts';
import {
  OrganizationSource,
  OrganizationSpecialty,
  OrganizationType,
  SynchronizationStatus,
} from '../../../shared/fhir/codes-organization.ts';
import { Ext, Profile } from '../../../shared/fhir/profiles.ts';
import { IdentifierSystem } from '../../../shared/fhir/systems.ts';
import { MUNICIPALITIES, REGION } from './geography.ts';
import { DEPARTMENTS, HOSPITALS, siteTown } from './health-services.ts';
import type { Sink } from './sink.ts';
import { refTo } from './sink.ts';

interface OrganizationInput {
  readonly id: string;
  readonly name: string;
  readonly type: CodeDef;
  readonly source: 'SOR' | 'STS-ORG';
  readonly identifiers: readonly Identifier[];
  readonly partOf?: string;
  readonly extensions?: readonly Extension[];
  readonly address?: Address;
  readonly alias?: string;
}

/** Synthetic SOR ids: 15 digits (DK-core wants at least 11), one per organisation. */
export function sorIdentifier(serial: number): Identifier {
  return { system: IdentifierSystem.sor, value: `9${String(serial).padStart(6, '0')}1000016003` };
}

function stsIdentifier(serial: number): Identifier {
  const hex = serial.toString(16).padStart(12, '0');
  return { system: IdentifierSystem.stsOrganisation, value: `5e7d0000-0000-4000-8000-${hex}` };
}

export function specialtyExtension(key: keyof typeof OrganizationSpecialty): Extension {
  return {
    url: Ext.organizationSpecialty,
    extension: [
      { url: 'specialty', valueCodeableConcept: toCodeableConcept(OrganizationSpecialty[key]) },
      { url: 'primaryIndicator', valueBoolean: true },
    ],
  };
}

/** Adds one ehealth-organization with its two required extensions. */
export function addOrganization(sink: Sink, input: OrganizationInput): Organization {
  const source = input.source === 'SOR' ? OrganizationSource.SOR : OrganizationSource.STS_ORG;
  const organization: Organization = {
    resourceType: 'Organization',
    id: input.id,
    meta: { profile: [Profile.organization] },
    extension: [
      { url: Ext.organizationSource, valueCodeableConcept: toCodeableConcept(source) },
      {
        url: Ext.organizationSynchronizationStatus,
        valueCodeableConcept: toCodeableConcept(SynchronizationStatus.EligibleForSynchronization),
      },
      ...(input.extensions ?? []),
    ],
    identifier: input.identifiers.map((identifier) => ({ ...identifier })),
    active: true,
    type: [toCodeableConcept(input.type)],
    name: input.name,
  };
  if (input.alias) organization.alias = [input.alias];
  if (input.address) organization.address = [input.address];
  if (input.partOf) organization.partOf = refTo('Organization', input.partOf);
  return sink.add(organization);
}

export function dkAddress(city: string, postalCode: string, line?: string): Address {
  return { ...(line ? { line: [line] } : {}), city, postalCode, country: 'DK' };
}

export interface FixedOrganizations {
  readonly regionId: string;
  /** kommunekode → [municipality id, home-nursing unit id]. */
  readonly municipalities: ReadonlyMap<string, readonly [string, string]>;
  /** department key → [department id, unit id (clinic or department)]. */
  readonly departments: ReadonlyMap<string, readonly [string, string]>;
}

/** The region, municipalities and hospitals: the same for every seed and size. */
export function addFixedOrganizations(sink: Sink): FixedOrganizations {
  let serial = 1;
  const regionId = 'org-region-nordjylland';
  addOrganization(sink, {
    id: regionId,
    name: REGION.name,
    type: OrganizationType.region,
    source: 'SOR',
    identifiers: [sorIdentifier(serial++)],
    extensions: [{ url: Ext.organizationRegionCode, valueString: REGION.code }],
    address: dkAddress('Aalborg Øst', '9220', 'Niels Bohrs Vej 30'),
  });

  const municipalities = new Map<string, readonly [string, string]>();
  for (const m of MUNICIPALITIES) {
    const id = `org-kommune-${m.code}`;
    const nursingId = `org-hjemmesygepleje-${m.code}`;
    const [postalCode, city] = m.towns[0] ?? ['', m.name];
    const codeExtension = (): Extension => ({
      url: Ext.organizationMunicipalityCode,
      valueString: m.code,
    });
    addOrganization(sink, {
      id,
      name: `${m.name} Kommune`,
      type: OrganizationType.municipality,
      source: 'STS-ORG',
      identifiers: [stsIdentifier(serial++)],
      extensions: [codeExtension()],
      address: dkAddress(city, postalCode),
    });
    addOrganization(sink, {
      id: nursingId,
      name: `Hjemmesygeplejen, ${m.name} Kommune`,
      type: OrganizationType.districtNursing,
      source: 'STS-ORG',
      identifiers: [stsIdentifier(serial++)],
      extensions: [codeExtension(), specialtyExtension('homeNursing')],
      partOf: id,
      address: dkAddress(city, postalCode),
    });
    municipalities.set(m.code, [id, nursingId]);
  }

  const regionCode = (): Extension => ({
    url: Ext.organizationRegionCode,
    valueString: REGION.code,
  });
  const departments = new Map<string, readonly [string, string]>();
  for (const hospital of HOSPITALS) {
    const hospitalId = `org-${hospital.key}`;
    const first = hospital.sites[0];
    addOrganization(sink, {
      id: hospitalId,
      name: hospital.name,
      type: OrganizationType.hospital,
      source: 'SOR',
      identifiers: [sorIdentifier(serial++)],
      extensions: [regionCode()],
      partOf: regionId,
      ...(first ? { address: dkAddress(first.town, first.postalCode) } : {}),
    });
    for (const site of hospital.sites) {
      const siteId = `org-${site.key}`;
      addOrganization(sink, {
        id: siteId,
        name: `${hospital.name}, ${site.town}`,
        type: OrganizationType.hospital,
        source: 'SOR',
        identifiers: [sorIdentifier(serial++)],
        extensions: [regionCode()],
        partOf: hospitalId,
        address: dkAddress(site.town, site.postalCode),
      });
      for (const department of DEPARTMENTS.filter((d) => d.site === site.key)) {
        const departmentId = `org-${department.key}`;
        addOrganization(sink, {
          id: departmentId,
          name: `${department.name}, ${hospital.name}, ${siteTown(site.key)}`,
          alias: department.name,
          type: OrganizationType.clinicalUnit,
          source: 'SOR',
          identifiers: [sorIdentifier(serial++)],
          extensions: [regionCode(), specialtyExtension(department.specialty)],
          partOf: siteId,
          address: dkAddress(site.town, site.postalCode),
        });
        let unitId = departmentId;
        if (department.clinic) {
          unitId = `${departmentId}-ambulatorium`;
          addOrganization(sink, {
            id: unitId,
            name: `${department.clinic}, ${hospital.name}, ${siteTown(site.key)}`,
            alias: department.clinic,
            type: OrganizationType.clinicalUnit,
            source: 'SOR',
            identifiers: [sorIdentifier(serial++)],
            extensions: [regionCode(), specialtyExtension(department.specialty)],
            partOf: departmentId,
            address: dkAddress(site.town, site.postalCode),
          });
        }
        departments.set(department.key, [departmentId, unitId]);
      }
    }
  }
  return { regionId, municipalities, departments };
}
