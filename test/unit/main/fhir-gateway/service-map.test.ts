import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  routingFromCapabilityStatements,
  serviceOfUrl,
} from '../../../../main/fhir-gateway/service-map.ts';

const igDir = join(import.meta.dirname, '../../../../resources/fut-ig');

function futStatements() {
  const statements: Record<string, object> = {};
  for (const file of readdirSync(igDir).filter((name) => name.startsWith('CapabilityStatement-'))) {
    statements[file.slice('CapabilityStatement-'.length, -'.json'.length)] = JSON.parse(
      readFileSync(join(igDir, file), 'utf8'),
    ) as object;
  }
  return statements;
}

describe('routing from FUT CapabilityStatements', () => {
  const routing = routingFromCapabilityStatements(futStatements());

  it('places each resource type the workbench reads on the service FUT serves it from', () => {
    expect(routing.typeRouting).toMatchObject({
      Patient: 'patient',
      Appointment: 'patient',
      Communication: 'patient',
      EpisodeOfCare: 'careplan',
      CarePlan: 'careplan',
      ServiceRequest: 'careplan',
      Observation: 'measurement',
      QuestionnaireResponse: 'measurement',
      Task: 'task',
      ClinicalImpression: 'task',
      CareTeam: 'organization',
      Organization: 'organization',
      Practitioner: 'organization',
    });
  });

  it('places system-level operations on their service', () => {
    expect(routing.operationRouting['submit-measurement']).toBe('measurement');
  });
});

describe('routing names that are also Object members', () => {
  const names = ['constructor', 'toString', '__proto__', 'hasOwnProperty'];
  const prototypeBefore = Object.getOwnPropertyDescriptors(Object.prototype);
  const routing = routingFromCapabilityStatements({
    patient: {
      rest: [
        {
          resource: [...names, 'Patient'].map((type) => ({ type })),
          operation: names.map((name) => ({ name })),
        },
      ],
    },
    careplan: {
      rest: [{ resource: [{ type: 'toString' }], operation: [{ name: 'constructor' }] }],
    },
  });

  it('routes them as ordinary names, each to the first service that declares it', () => {
    for (const table of [routing.typeRouting, routing.operationRouting]) {
      for (const name of names) {
        expect(Object.hasOwn(table, name), name).toBe(true);
        expect(table[name], name).toBe('patient');
      }
    }
    expect(Object.keys(routing.typeRouting).sort()).toEqual([...names, 'Patient'].sort());
  });

  it('leaves every prototype as it was', () => {
    expect(Object.getPrototypeOf(routing.typeRouting)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(routing.operationRouting)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptors(Object.prototype)).toEqual(prototypeBefore);
  });
});

describe('serviceOfUrl', () => {
  const map = {
    services: {
      patient: 'https://fut.test/patient/fhir',
      'patient-x': 'https://fut.test/patient-x/fhir',
    },
    typeRouting: {},
    operationRouting: {},
  };
  it('matches on whole path segments only', () => {
    expect(serviceOfUrl('https://fut.test/patient/fhir/Patient/1', map)?.service).toBe('patient');
    expect(serviceOfUrl('https://fut.test/patient-x/fhir/Patient/1', map)?.service).toBe(
      'patient-x',
    );
    expect(serviceOfUrl('https://fut.test/patient/fhirish/Patient/1', map)).toBeNull();
    expect(serviceOfUrl('https://fut.test.evil/patient/fhir/Patient/1', map)).toBeNull();
  });
});
