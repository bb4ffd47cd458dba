import type { Condition, EpisodeOfCare, Observation, Patient, Task } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { caseloadRows } from '../../../../renderer/data/model/caseload.ts';
import { latestMeasurements } from '../../../../renderer/data/model/measurements.ts';
import { patientView } from '../../../../renderer/data/model/patient.ts';
import { referenceId } from '../../../../renderer/data/model/references.ts';
import { ObservationCode } from '../../../../shared/fhir/observation-codes.ts';
import { observationReferenceRange } from '../../../../shared/fhir/reference-range.ts';

const patient = (id: string, name: string, extra: Partial<Patient> = {}): Patient => ({
  resourceType: 'Patient',
  id,
  identifier: [{ system: 'urn:oid:1.2.208.176.1.2', value: '1504591234' }],
  name: [{ use: 'official', text: name }],
  gender: 'female',
  birthDate: '1959-04-15',
  address: [{ use: 'home', line: ['Vestergade 66'], postalCode: '9210', city: 'Aalborg SØ' }],
  ...extra,
});

describe('patientView', () => {
  it('formats CPR as DDMMYY-XXXX and computes age on the Danish date', () => {
    const view = patientView(patient('p1', 'Anne Olsen'), '2026-04-14');
    expect(view).toMatchObject({
      cpr: '150459-1234',
      age: 66,
      address: 'Vestergade 66, 9210 Aalborg SØ',
      protected: false,
    });
    expect(patientView(patient('p1', 'Anne Olsen'), '2026-04-15').age).toBe(67);
  });

  it('never shows the address of a protected citizen (security label or extension)', () => {
    const labelled = patientView(
      patient('p2', 'X', {
        meta: {
          security: [
            { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' },
          ],
        },
      }),
      '2026-11-26',
    );
    expect(labelled).toMatchObject({ protected: true, address: null });
    const extension = patientView(
      patient('p3', 'Y', {
        extension: [
          {
            url: 'http://ehealth.sundhed.dk/fhir/StructureDefinition/ehealth-nameandaddressprotection',
            valuePeriod: { start: '2020-01-01' },
          },
        ],
      }),
      '2026-11-26',
    );
    expect(extension).toMatchObject({ protected: true, address: null });
  });

  it('copes with a record with no name, CPR or address', () => {
    expect(patientView({ resourceType: 'Patient', id: 'p4' }, '2026-11-26')).toMatchObject({
      name: '',
      cpr: '',
      age: null,
      address: null,
      gender: 'unknown',
    });
  });
});

describe('referenceId', () => {
  it('accepts only relative references of the asked type', () => {
    expect(referenceId('Patient/pat-1', 'Patient')).toBe('pat-1');
    expect(referenceId('Patient/pat-1/_history/2', 'Patient')).toBe('pat-1');
    expect(referenceId('CareTeam/x', 'Patient')).toBeNull();
    expect(referenceId('https://evil.example/Patient/1', 'Patient')).toBeNull();
    expect(referenceId('Patient/../x', 'Patient')).toBeNull();
    expect(referenceId(undefined, 'Patient')).toBeNull();
  });
});

describe('caseloadRows', () => {
  const episode = (
    id: string,
    patientId: string,
    status: EpisodeOfCare['status'],
    conditionId: string,
  ): EpisodeOfCare => ({
    resourceType: 'EpisodeOfCare',
    id,
    status,
    patient: { reference: `Patient/${patientId}` },
    diagnosis: [{ condition: { reference: `Condition/${conditionId}` } }],
  });
  const condition: Condition = {
    resourceType: 'Condition',
    id: 'c1',
    subject: { reference: 'Patient/a' },
    code: {
      coding: [
        {
          system: 'urn:oid:1.2.208.176.2.4',
          code: 'DJ44',
          display: 'Kronisk obstruktiv lungesygdom',
        },
      ],
    },
  };
  const task = (patientId: string, status: Task['status']): Task => ({
    resourceType: 'Task',
    status,
    intent: 'order',
    for: { reference: `Patient/${patientId}` },
  });

  it('keeps citizens of the same name in one order, whatever order the source gave them in', () => {
    const input = {
      episodes: [episode('e1', 'p-2', 'active', 'c1'), episode('e2', 'p-1', 'active', 'c1')],
      patients: [patient('p-2', 'Anne Olsen'), patient('p-1', 'Anne Olsen')],
      conditions: [condition],
      openTasks: [],
    };
    const forward = caseloadRows(input, '2026-11-26').map((row) => row.patientId);
    const reversed = caseloadRows(
      { ...input, patients: [...input.patients].reverse() },
      '2026-11-26',
    ).map((row) => row.patientId);
    expect(forward).toEqual(['p-1', 'p-2']);
    expect(reversed).toEqual(forward);
  });

  it('lists citizens with a current forløb, sorted by Danish name order, with their open tasks', () => {
    const rows = caseloadRows(
      {
        episodes: [
          episode('e1', 'a', 'active', 'c1'),
          episode('e2', 'b', 'finished', 'c1'),
          episode('e3', 'c', 'onhold', 'c1'),
        ],
        patients: [
          patient('a', 'Åse Andersen'),
          patient('b', 'Bo Berg'),
          patient('c', 'Ærø Hansen'),
        ],
        conditions: [condition],
        openTasks: [
          task('a', 'ready'),
          task('a', 'in-progress'),
          task('a', 'completed'),
          task('c', 'requested'),
        ],
      },
      '2026-11-26',
    );
    // Danish order: … Z, Æ, Ø, Å; Bo Berg's only forløb is finished.
    expect(rows.map((row) => row.name)).toEqual(['Ærø Hansen', 'Åse Andersen']);
    expect(rows.map((row) => row.openTasks)).toEqual([1, 2]);
    expect(rows[1]?.episodes[0]).toMatchObject({ diagnosisCode: 'DJ44', status: 'active' });
  });
});

describe('latestMeasurements', () => {
  const spo2 = ObservationCode.oxygenSaturation;
  const obs = (
    id: string,
    effective: string,
    value: number,
    status: Observation['status'] = 'final',
  ): Observation => ({
    resourceType: 'Observation',
    id,
    status,
    code: { coding: [{ system: spo2.system, code: spo2.code }] },
    effectiveDateTime: effective,
    valueQuantity: { value, unit: '%' },
    referenceRange: [
      observationReferenceRange({ level: 'red', low: 88, unit: spo2.unit! }),
      observationReferenceRange({ level: 'yellow', low: 92, unit: spo2.unit! }),
    ],
  });

  it('keeps the newest valid value per measurement type with its colour', () => {
    const latest = latestMeasurements([
      obs('o1', '2026-11-20T08:00:00Z', 95),
      obs('o2', '2026-11-25T08:00:00Z', 90),
      obs('o3', '2026-11-26T08:00:00Z', 70, 'entered-in-error'),
    ]);
    expect(latest).toHaveLength(1);
    expect(latest[0]).toMatchObject({
      observationId: 'o2',
      codeKey: 'oxygenSaturation',
      values: [{ value: 90 }],
      unit: '%',
      flag: 'yellow',
    });
  });

  it('shows no unit for a UCUM annotation such as {Number}', () => {
    const cat = ObservationCode.catScore;
    const latest = latestMeasurements([
      {
        resourceType: 'Observation',
        id: 'c',
        status: 'final',
        code: { coding: [{ system: cat.system, code: cat.code }] },
        effectiveDateTime: '2026-11-26T08:00:00Z',
        valueQuantity: { value: 12, unit: '{Number}' },
      },
    ]);
    expect(latest[0]?.unit).toBe('');
  });
});
