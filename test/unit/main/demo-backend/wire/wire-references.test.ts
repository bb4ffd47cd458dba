import { describe, expect, it } from 'vitest';
import { loadServiceCatalog } from '../../../../../main/demo-backend/capabilities/service-catalog.ts';
import { DEFAULT_IG_DIRECTORY } from '../../../../../main/demo-backend/backend-core.ts';
import { WireReferences } from '../../../../../main/demo-backend/wire/wire-references.ts';
import { ResourceStore } from '../../../../../main/demo-backend/store/resource-store.ts';
import type { IndexKeys } from '../../../../../main/demo-backend/store/index-keys.ts';

const ORIGIN = 'http://127.0.0.1:4567';
const catalog = loadServiceCatalog(DEFAULT_IG_DIRECTORY);
const NO_KEYS: IndexKeys = { refs: {}, tokens: {}, dates: {} };

function storeWithAnnotation(): ResourceStore {
  const store = new ResourceStore();
  store.set({
    resource: { resourceType: 'Communication', id: 'note-1', status: 'completed' },
    type: 'Communication',
    id: 'note-1',
    service: 'measurement',
    versionId: 1,
    lastUpdatedMs: 0,
    sequence: 1,
    keys: NO_KEYS,
  });
  return store;
}

describe('references on the wire', () => {
  const wire = new WireReferences(ORIGIN, catalog, storeWithAnnotation());

  it('are made absolute on the service that holds the target', () => {
    const json = wire.toWire({
      resourceType: 'Observation',
      status: 'final',
      code: {},
      subject: { reference: 'Patient/p1' },
      basedOn: [{ reference: 'ServiceRequest/s1/_history/2' }],
      extension: [{ url: 'x', valueReference: { reference: 'EpisodeOfCare/e1' } }],
      partOf: [{ reference: 'Communication/note-1' }],
      note: [{ text: '{"reference":"Patient/p1"} stays text' }],
      performer: [
        { reference: '#contained' },
        { reference: 'https://other.example/fhir/Patient/9' },
      ],
    } as never);
    const parsed = JSON.parse(json) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      subject: { reference: `${ORIGIN}/patient/fhir/Patient/p1` },
      basedOn: [{ reference: `${ORIGIN}/careplan/fhir/ServiceRequest/s1/_history/2` }],
      extension: [{ valueReference: { reference: `${ORIGIN}/careplan/fhir/EpisodeOfCare/e1` } }],
      partOf: [{ reference: `${ORIGIN}/measurement/fhir/Communication/note-1` }],
      note: [{ text: '{"reference":"Patient/p1"} stays text' }],
      performer: [
        { reference: '#contained' },
        { reference: 'https://other.example/fhir/Patient/9' },
      ],
    });
  });

  it('come back relative from absolute URLs of our own services (either loopback name)', () => {
    expect(wire.toInternal(`${ORIGIN}/careplan/fhir/EpisodeOfCare/e1`)).toBe('EpisodeOfCare/e1');
    expect(wire.toInternal('http://localhost:4567/patient/fhir/Patient/p1/_history/3')).toBe(
      'Patient/p1/_history/3',
    );
    expect(wire.toInternal('Patient/p1')).toBe('Patient/p1');
    expect(wire.toInternal('https://other.example/fhir/Patient/9')).toBe(
      'https://other.example/fhir/Patient/9',
    );
  });

  it('are refused when they name a service that cannot hold the type', () => {
    expect(() => wire.toInternal(`${ORIGIN}/patient/fhir/EpisodeOfCare/e1`)).toThrow(
      /lives on careplan/,
    );
    expect(() => wire.toInternal(`${ORIGIN}/nowhere/fhir/Patient/p1`)).toThrow(/unknown service/);
    expect(() => wire.toInternal(`${ORIGIN}/patient/fhir/`)).toThrow(/not a resource URL/);
  });

  it('are normalised throughout a body', () => {
    const body = {
      a: [{ reference: `${ORIGIN}/task/fhir/Task/t1` }],
      b: { c: { reference: `${ORIGIN}/organization/fhir/CareTeam/c1` } },
    };
    wire.normaliseBody(body);
    expect(body).toEqual({ a: [{ reference: 'Task/t1' }], b: { c: { reference: 'CareTeam/c1' } } });
  });
});
