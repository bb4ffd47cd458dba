import type { Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { loadServiceCatalog } from '../../../../../main/demo-backend/capabilities/service-catalog.ts';
import { homeServiceOf } from '../../../../../main/demo-backend/capabilities/service-routing.ts';
import { DEFAULT_IG_DIRECTORY } from '../../../../../main/demo-backend/backend-core.ts';

const catalog = loadServiceCatalog(DEFAULT_IG_DIRECTORY);
const SD = 'http://ehealth.sundhed.dk/fhir/StructureDefinition/';

describe("FUT's services, read from the IG's CapabilityStatements", () => {
  it('names one service per statement', () => {
    expect([...catalog.services.keys()]).toEqual(
      expect.arrayContaining([
        'patient',
        'careplan',
        'measurement',
        'task',
        'organization',
        'plan',
        'questionnaire',
        'device',
      ]),
    );
  });

  it('keeps FUT’s refusals: no Patient, EpisodeOfCare or Observation create; ServiceRequest not searchable', () => {
    expect(catalog.rules('patient', 'Patient')?.interactions.has('create')).toBe(false);
    expect(catalog.rules('patient', 'Patient')?.interactions.has('patch')).toBe(true);
    expect(catalog.rules('careplan', 'EpisodeOfCare')?.interactions.has('create')).toBe(false);
    expect(catalog.rules('measurement', 'Observation')?.interactions.has('create')).toBe(false);
    expect(catalog.rules('careplan', 'ServiceRequest')?.interactions.has('search-type')).toBe(
      false,
    );
    expect(catalog.rules('task', 'Task')?.conditionalCreate).toBe(true);
  });

  it('lists FUT’s own search parameter names per type', () => {
    expect(catalog.rules('task', 'Task')?.searchParams.has('responsible')).toBe(true);
    expect(catalog.rules('patient', 'Communication')?.searchParams.has('careTeamRecipient')).toBe(
      true,
    );
    expect(catalog.rules('measurement', 'Observation')?.searchParams.has('_lastUpdated')).toBe(
      false,
    );
  });
});

describe('which service a resource lives on', () => {
  const communication = (profile?: string): Resource => ({
    resourceType: 'Communication',
    status: 'completed',
    ...(profile ? { meta: { profile: [`${SD}${profile}`] } } : {}),
  });

  it('routes a type only one service holds to that service', () => {
    expect(homeServiceOf({ resourceType: 'Task', status: 'ready', intent: 'order' }, catalog)).toBe(
      'task',
    );
    expect(
      homeServiceOf({ resourceType: 'EpisodeOfCare', status: 'active', patient: {} }, catalog),
    ).toBe('careplan');
  });

  it('routes Communication by profile: message → patient, annotation → measurement, material → careplan', () => {
    expect(homeServiceOf(communication('ehealth-message'), catalog)).toBe('patient');
    expect(homeServiceOf(communication('ehealth-communication'), catalog)).toBe('measurement');
    expect(homeServiceOf(communication('ehealth-material-communication'), catalog)).toBe(
      'careplan',
    );
    expect(homeServiceOf(communication(), catalog)).toBe('patient');
  });

  it('routes a Provenance to the service of its targets', () => {
    const provenance: Resource = {
      resourceType: 'Provenance',
      target: [{ reference: 'Observation/1' }],
      recorded: '2025-01-01T00:00:00Z',
      agent: [],
    };
    expect(
      homeServiceOf(provenance, catalog, (ref) =>
        ref === 'Observation/1' ? 'measurement' : undefined,
      ),
    ).toBe('measurement');
  });

  it('has no home for a type no statement lists', () => {
    expect(homeServiceOf({ resourceType: 'AuditEvent' } as Resource, catalog)).toBeUndefined();
  });
});
