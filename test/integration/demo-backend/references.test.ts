import type { Bundle, EpisodeOfCare, Observation, Task } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { useDemoBackend, withBody } from './support/demo-backend.ts';
import { task } from './support/fut-fixtures.ts';

/** References leave absolute on the right service and come back in absolute. */

const fhir = useDemoBackend();

describe('references across services', () => {
  it('come out absolute, each on the service that holds the target', async () => {
    const base = fhir.backend.serviceBaseUrls;
    const observation = (
      await fhir.request('measurement', '/Observation/obs-1-1')
    ).json<Observation>();
    expect(observation.subject?.reference).toBe(`${base.patient ?? ''}/Patient/pat-1`);
    expect(observation.basedOn?.[0]?.reference).toBe(`${base.careplan ?? ''}/ServiceRequest/sr-1`);
    expect(observation.extension?.[0]?.valueReference?.reference).toBe(
      `${base.careplan ?? ''}/EpisodeOfCare/eoc-1`,
    );
    const episode = (await fhir.request('careplan', '/EpisodeOfCare/eoc-1')).json<EpisodeOfCare>();
    expect(episode.team?.[0]?.reference).toBe(`${base.organization ?? ''}/CareTeam/team-1`);
    const bundle = (await fhir.request('task', '/Task?_id=task-1')).json<Bundle>();
    expect(bundle.entry?.[0]?.fullUrl).toBe(`${base.task ?? ''}/Task/task-1`);
  });

  it('go back in absolute: stored relative, found by search either way', async () => {
    const base = fhir.backend.serviceBaseUrls;
    const absolute = {
      ...task('x', 'pat-2', 'eoc-2', 'team-2'),
      for: { reference: `${base.patient ?? ''}/Patient/pat-2` },
      extension: [
        {
          url: 'http://ehealth.sundhed.dk/fhir/StructureDefinition/ehealth-task-episodeOfCare',
          valueReference: { reference: `${base.careplan ?? ''}/EpisodeOfCare/eoc-2` },
        },
        {
          url: 'http://ehealth.sundhed.dk/fhir/StructureDefinition/ehealth-task-responsible',
          valueReference: { reference: `${base.organization ?? ''}/CareTeam/team-2` },
        },
      ],
    };
    const created = (await fhir.request('task', '/Task', withBody('POST', absolute))).json<Task>();
    const byRelative = (
      await fhir.request('task', '/Task?responsible=CareTeam/team-2&patient=Patient/pat-2')
    ).json<Bundle>();
    expect(byRelative.entry?.map((e) => e.resource?.id)).toEqual([created.id]);
    const byAbsolute = (
      await fhir.request('task', `/Task?episodeOfCare=${base.careplan ?? ''}/EpisodeOfCare/eoc-2`)
    ).json<Bundle>();
    expect(byAbsolute.entry?.map((e) => e.resource?.id)).toContain(created.id);
    expect(created.for?.reference).toBe(`${base.patient ?? ''}/Patient/pat-2`);
  });

  it('refuses an absolute reference to the wrong service', async () => {
    const base = fhir.backend.serviceBaseUrls;
    const wrong = {
      ...task('x', 'pat-2', 'eoc-2', 'team-2'),
      for: { reference: `${base.careplan ?? ''}/Patient/pat-2` },
    };
    const answer = await fhir.request('task', '/Task', withBody('POST', wrong));
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/Patient does not live on the careplan service/);
    const search = await fhir.request('task', `/Task?patient=${base.task ?? ''}/Patient/pat-2`);
    expect(search.status).toBe(400);
  });
});
