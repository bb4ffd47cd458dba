/**
 * Identifier systems and code-system URLs, as FUT's IG 8.0.0 spells them
 * (NamingSystem and CodeSystem JSON in resources/fut-ig/). This is the one
 * place where other spellings of the same system are mapped: see
 * `canonicalSystem`.
 */
import { CPR_SYSTEM } from '../domain/cpr.ts';

/** Identifier systems (FUT-PROFILES §2). */
export const IdentifierSystem = Object.freeze({
  /** CPR, Danish civil registration number (NamingSystem cpr). */
  cpr: CPR_SYSTEM,
  /** SOR, Sundhedsvæsenets Organisationsregister (NamingSystem sor). */
  sor: 'urn:oid:1.2.208.176.1.1',
  /** Ydernummer, a GP practice's provider number (NamingSystem ydernummer). */
  ydernummer: 'urn:oid:1.2.208.176.1.4',
  /** KOMBIT STS Organisation, the source of municipal organisations. */
  stsOrganisation: 'https://www.kombit.dk/sts/organisation',
  /** SSL suppliers (the only organisations created by hand). */
  ssl: 'http://ehealth.sundhed.dk/organization/ssl',
  /** A URI identifier; FUT puts `urn:uuid:` values here (CareTeam, client ids). */
  uri: 'urn:ietf:rfc:3986',
  /** MedCom VDX video meeting id (ehealth-videoappointment `vdxMeetingId`). */
  vdxMeeting: 'http://vdx.medcom.dk/meeting',
  /** eHealth identifier for domain resources (NamingSystem eHealthIdentifier). */
  ehealth: 'http://ehealth.sundhed.dk/id/ehealth-identifier',
});

/** Base of FUT's own code systems: `http://ehealth.sundhed.dk/cs/<name>`. */
export function ehealthCodeSystem(name: string): string {
  return `http://ehealth.sundhed.dk/cs/${name}`;
}

/** External code systems the IG binds to. */
export const CodeSystem = Object.freeze({
  /** NPU, Danish release (observation codes NPU…, DNK…). */
  npu: 'urn:oid:1.2.208.176.2.1',
  /** MedCom MCS codes (FEV1, CAT, steps …). */
  medcomMcs: 'urn:oid:1.2.208.184.100.8',
  /** MedCom alarm codes (RAL/GAL). */
  medcomAlarm: 'urn:oid:1.2.208.184.100.1',
  /** SKS, the Danish health classification (diagnoses DJ44…, ZZ3170, ALCA…). */
  sks: 'urn:oid:1.2.208.176.2.4',
  ucum: 'http://unitsofmeasure.org',
  snomed: 'http://snomed.info/sct',
  /** The Danish SNOMED extension, version 2015-07-31, as the IG's SOR value sets spell it. */
  snomedDk20150731: 'http://snomed.info/sct/554471000005108/version/20150731',
  loinc: 'http://loinc.org',
  fsiii: 'http://kl.dk/fhir/common/caresocial/CodeSystem/FSIII',
  bcp47: 'urn:ietf:bcp:47',
  /** DK-core municipality codes (four digits, zero-padded: `0851`). */
  dkCoreMunicipality: 'http://hl7.dk/fhir/core/CodeSystem/dk-core-municipality-codes',
  /** ISO 3166-2:DK regions (DK-81 = Nordjylland), as the IG's CodeSystem spells it. */
  dkRegion: 'https://www.iso.org/obp/ui/#iso:code:3166:DK',
  confidentiality: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality',
  consentScope: 'http://terminology.hl7.org/CodeSystem/consentscope',
  referenceRangeMeaning: 'http://terminology.hl7.org/CodeSystem/referencerange-meaning',
  episodeOfCareStatus: 'http://hl7.org/fhir/episode-of-care-status',
  daysOfWeek: 'http://hl7.org/fhir/days-of-week',
});

/**
 * Other spellings of a system seen in the IG or in DK-core, mapped to the one
 * this app writes. Read with `canonicalSystem`; never written.
 */
const SYSTEM_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  // FUT's FSH fixes the ydernummer slice to this (a dot where the colon belongs);
  // the NamingSystem and $get-general-practitioner-info use the colon form.
  'urn:oid.1.2.208.176.1.4': IdentifierSystem.ydernummer,
  // DK-core's NamingSystems list a plain OID and, for CPR, a URL beside the urn:oid form.
  '1.2.208.176.1.2': IdentifierSystem.cpr,
  'http://www.cpr.dk/cpr-systemet': IdentifierSystem.cpr,
  '1.2.208.176.1.1': IdentifierSystem.sor,
  '1.2.208.176.1.4': IdentifierSystem.ydernummer,
  'urn:oid:2.16.840.1.113883.6.1': CodeSystem.loinc,
  'urn:oid:2.16.840.1.113883.6.96': CodeSystem.snomed,
});

/** The spelling this app uses for a system (identity for systems without an alias). */
export function canonicalSystem(system: string): string {
  return SYSTEM_ALIASES[system] ?? system;
}
