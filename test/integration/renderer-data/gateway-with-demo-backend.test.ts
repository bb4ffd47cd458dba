import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoDataset } from '../../../main/demo-backend/generator/dataset.ts';
import { startDemoBackend, type DemoBackend } from '../../../main/demo-backend/start-server.ts';
import type { FhirGateway } from '../../../main/fhir-gateway/fhir-gateway.ts';
import type { FhirClient } from '../../../renderer/data/fhir/fhir-client.ts';
import { gatewayClient } from './gateway-client.ts';
import { FhirError } from '../../../renderer/data/fhir/fhir-error.ts';
import { createNetworkSource } from '../../../renderer/data/source/network-source.ts';
import { caseload } from '../../../renderer/features/caseload/queries.ts';
import { citizen as citizenQuery } from '../../../renderer/features/citizen/queries.ts';
import { searchAll, readPath } from '../../support/fhir-paths.ts';

// The renderer's data layer → the gateway in main → the real demo back end, over real HTTP.
const ANCHOR = '2026-11-26';
let backend: DemoBackend;
let gateway: FhirGateway;
let client: FhirClient;
let personas: ReturnType<typeof generateDemoDataset>['personas'];

beforeAll(async () => {
  const dataset = generateDemoDataset({ seed: 7, anchor: ANCHOR, citizens: 60 });
  personas = dataset.personas;
  backend = await startDemoBackend({ resources: dataset.resources });
  ({ gateway, client } = await gatewayClient(backend));
}, 60_000);

afterAll(async () => {
  await backend.close();
});

describe('renderer data layer through the gateway to the demo back end', () => {
  it('follows Bundle.link through the gateway to the last page, each resource once', async () => {
    const all = await searchAll(client, 'Observation?subject=Patient/pat-1&_count=25');
    const ids = all.map((resource) => resource.id);
    expect(ids.length).toBeGreaterThan(25);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives the renderer relative references only, though the back end sends absolute ones across services', async () => {
    const [episode] = await searchAll(client, 'EpisodeOfCare?patient=Patient/pat-1&_count=1', {
      maxPages: 1,
    });
    expect((episode as { patient: { reference: string } }).patient.reference).toBe('Patient/pat-1');
    expect(JSON.stringify(episode)).not.toContain(backend.origin);
  });

  it('builds a real caseload for each persona', async () => {
    const source = createNetworkSource(client);
    for (const persona of personas) {
      const rows = await caseload(
        source,
        { careTeamIds: persona.careTeamIds },
        new Date(`${ANCHOR}T12:00:00Z`),
      );
      expect(rows.length, persona.id).toBeGreaterThan(0);
      for (const row of rows) expect(row.cpr).toMatch(/^\d{6}-\d{4}$/);
    }
  });

  it('opens a citizen with banner data and latest measurements', async () => {
    const source = createNetworkSource(client);
    const citizen = await citizenQuery(source, 'pat-1', new Date(`${ANCHOR}T12:00:00Z`));
    expect(citizen.patient.name.length).toBeGreaterThan(0);
    expect(citizen.episodes.length).toBeGreaterThan(0);
    expect(citizen.latest.length).toBeGreaterThan(0);
  });

  it('reports a search FUT does not offer as a server refusal with the server’s words', async () => {
    const failure = await searchAll(client, 'Condition?code=DJ44').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FhirError);
    expect((failure as FhirError).kind).toBe('server');
    expect((failure as FhirError).diagnostics).toBeTruthy();
  });

  it('reports an unreachable back end as unreachable', async () => {
    gateway.setReachable(false);
    try {
      const failure = await readPath(client, 'Patient/pat-1').catch((error: unknown) => error);
      expect((failure as FhirError).kind).toBe('unreachable');
    } finally {
      gateway.setReachable(true);
    }
  });
});
