import type { Bundle, CapabilityStatement, OperationOutcome } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { useDemoBackend, withBody } from './support/demo-backend.ts';
import { observation, patient } from './support/fut-fixtures.ts';

/** Only what FUT's CapabilityStatements list is allowed; the rest is refused with an OperationOutcome. */

const fhir = useDemoBackend();

function diagnostics(text: string): string {
  return (JSON.parse(text) as OperationOutcome).issue.map((i) => i.diagnostics ?? '').join(' ');
}

describe('FUT’s rules per service and type', () => {
  it('refuses a search parameter FUT does not list', async () => {
    const answer = await fhir.request('measurement', '/Observation?_lastUpdated=gt2025-01-01');
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/fhir+json');
    expect(diagnostics(answer.text)).toMatch(
      /Unknown search parameter "_lastUpdated" for resource type "Observation"/,
    );
  });

  it.each([
    [
      'Patient create',
      'patient',
      '/Patient',
      withBody('POST', patient('new', '0101010001')),
      /\$createPatient/,
    ],
    [
      'EpisodeOfCare create',
      'careplan',
      '/EpisodeOfCare',
      withBody('POST', {
        resourceType: 'EpisodeOfCare',
        status: 'planned',
        patient: { reference: 'Patient/pat-1' },
      }),
      /\$create-episode-of-care/,
    ],
    [
      'Observation create',
      'measurement',
      '/Observation',
      withBody('POST', observation('x', 'pat-1', 'eoc-1', '2025-01-01T00:00:00Z')),
      /\$submit-measurement/,
    ],
    [
      'Observation PUT',
      'measurement',
      '/Observation/obs-1-1',
      withBody('PUT', observation('obs-1-1', 'pat-1', 'eoc-1', '2025-01-01T00:00:00Z')),
      /immutable/,
    ],
    [
      'ServiceRequest search',
      'careplan',
      '/ServiceRequest?subject=Patient/pat-1',
      undefined,
      /search-type on ServiceRequest/,
    ],
    [
      'Communication (message) PUT',
      'patient',
      '/Communication/msg-1',
      withBody('PUT', { resourceType: 'Communication', id: 'msg-1', status: 'completed' }),
      /update on Communication/,
    ],
    ['Task delete', 'task', '/Task/task-1', { method: 'DELETE' }, /delete on Task/],
  ])('refuses %s with 405 and says why', async (_name, service, path, init, reason) => {
    const answer = await fhir.request(service, path, init);
    expect(answer.status).toBe(405);
    expect(diagnostics(answer.text)).toMatch(reason);
  });

  it('answers 404 for a type its service does not hold, naming where it lives', async () => {
    const answer = await fhir.request('patient', '/EpisodeOfCare/eoc-1');
    expect(answer.status).toBe(404);
    expect(diagnostics(answer.text)).toMatch(/lives on the careplan service/);
  });

  it('keeps each Communication on its own service', async () => {
    expect((await fhir.request('patient', '/Communication/msg-1')).status).toBe(200);
    expect((await fhir.request('measurement', '/Communication/msg-1')).status).toBe(404);
    expect((await fhir.request('measurement', '/Communication/ann-1')).status).toBe(200);
    const messages = (
      await fhir.request('patient', '/Communication?careTeamRecipient=CareTeam/team-1')
    ).json<Bundle>();
    expect(messages.entry?.map((e) => e.resource?.id).sort()).toEqual(['msg-1', 'msg-2']);
  });

  it('answers the FUT custom search parameters', async () => {
    const tasks = (
      await fhir.request(
        'task',
        '/Task?responsible=CareTeam/team-1&episodeOfCare=EpisodeOfCare/eoc-2',
      )
    ).json<Bundle>();
    expect(tasks.entry?.map((e) => e.resource?.id)).toEqual(['task-2']);
    const impressions = (
      await fhir.request('task', '/ClinicalImpression?episodeOfCare=EpisodeOfCare/eoc-1')
    ).json<Bundle>();
    expect(impressions.entry?.map((e) => e.resource?.id)).toEqual(['ci-1']);
    const plans = (
      await fhir.request('careplan', '/CarePlan?episodeOfCare=EpisodeOfCare/eoc-2')
    ).json<Bundle>();
    expect(plans.entry?.map((e) => e.resource?.id)).toEqual(['cp-2']);
    const thread = (
      await fhir.request('patient', '/Communication?threadId=thread-msg-1')
    ).json<Bundle>();
    expect(thread.entry?.map((e) => e.resource?.id)).toEqual(['msg-1']);
  });

  it('serves FUT’s CapabilityStatement with this server as implementation', async () => {
    const statement = (await fhir.request('careplan', '/metadata')).json<CapabilityStatement>();
    expect(statement.name).toBe('careplan');
    expect(statement.implementation?.url).toBe(fhir.backend.serviceBaseUrls.careplan);
    expect(
      statement.rest?.[0]?.resource
        ?.find((r) => r.type === 'EpisodeOfCare')
        ?.interaction?.map((i) => i.code),
    ).not.toContain('create');
  });

  it('refuses operations FUT does not list and names those it does not implement', async () => {
    expect(
      (
        await fhir.request(
          'task',
          '/$submit-measurement',
          withBody('POST', { resourceType: 'Parameters' }),
        )
      ).status,
    ).toBe(400);
    expect(
      (await fhir.request('careplan', '/$apply', withBody('POST', { resourceType: 'Parameters' })))
        .status,
    ).toBe(501);
  });
});
