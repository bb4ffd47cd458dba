import type { Patient } from '@medplum/fhirtypes';
import { ageOn, CPR_SYSTEM, formatCpr, parseCpr } from '../../../shared/domain/cpr.ts';
import { Ext } from '../../../shared/fhir/profiles.ts';

/** A citizen as the banner and the caseload show them. */
export interface PatientView {
  readonly id: string;
  readonly name: string;
  /** DDMMYY-XXXX, or '' when the record carries no CPR. */
  readonly cpr: string;
  readonly birthDate: string | null;
  readonly age: number | null;
  readonly gender: 'female' | 'male' | 'other' | 'unknown';
  /** Name-and-address protection: the address is never shown. */
  readonly protected: boolean;
  /** One line, or null when protected or unknown. */
  readonly address: string | null;
}

function isProtected(patient: Patient): boolean {
  const labelled = patient.meta?.security?.some((label) => label.code === 'R') ?? false;
  const extension =
    patient.extension?.some((item) => item.url === Ext.nameAndAddressProtection) ?? false;
  return labelled || extension;
}

function nameOf(patient: Patient): string {
  const official = patient.name?.find((name) => name.use === 'official') ?? patient.name?.[0];
  if (!official) return '';
  return official.text ?? [...(official.given ?? []), official.family ?? ''].join(' ').trim();
}

/** Maps a Patient to its view. `today` is a yyyy-mm-dd calendar date in Danish time. */
export function patientView(patient: Patient, today: string): PatientView {
  const cprValue =
    patient.identifier?.find((identifier) => identifier.system === CPR_SYSTEM)?.value ?? '';
  const cpr = parseCpr(cprValue);
  const birthDate = patient.birthDate ?? cpr?.birthDate ?? null;
  const home = patient.address?.find((address) => address.use === 'home') ?? patient.address?.[0];
  const protectedRecord = isProtected(patient);
  const address =
    protectedRecord || !home
      ? null
      : [home.line?.join(', '), [home.postalCode, home.city].filter(Boolean).join(' ')]
          .filter(Boolean)
          .join(', ') || null;
  return {
    id: patient.id ?? '',
    name: nameOf(patient),
    cpr: cprValue ? formatCpr(cprValue) : '',
    birthDate,
    age: birthDate ? ageOn(birthDate, today) : null,
    gender: patient.gender ?? 'unknown',
    protected: protectedRecord,
    address,
  };
}
