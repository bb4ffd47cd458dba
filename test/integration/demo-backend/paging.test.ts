import type { Bundle, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { useDemoBackend, withBody } from './support/demo-backend.ts';
import { observation, task } from './support/fut-fixtures.ts';
import { smallDataset } from './support/small-dataset.ts';

/** Paging by Bundle.link over HTTP, the way the sync walks it. */

const extraObservations = (): Resource[] =>
  Array.from({ length: 230 }, (_, i) =>
    observation(
      `bulk-${i}`,
      'pat-1',
      'eoc-1',
      new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString(),
    ),
  );

const fhir = useDemoBackend(() => [...smallDataset(3, 5), ...extraObservations()]);

describe('paging with Bundle.link', () => {
  it('follows next to the last page and returns every match exactly once', async () => {
    const { resources, pages } = await fhir.searchAll(
      'measurement',
      '/Observation?episodeOfCare=EpisodeOfCare/eoc-1&_count=40&_sort=date',
    );
    expect(pages).toBe(Math.ceil(235 / 40));
    const ids = resources.map((r) => r.id);
    expect(new Set(ids).size).toBe(235);
    expect(ids).toContain('obs-1-5');
    const dates = resources.map((r) => (r as { effectiveDateTime: string }).effectiveDateTime);
    expect(dates).toEqual([...dates].sort());
  });

  it('gives self, next and previous links and the total', async () => {
    const first = (
      await fhir.request('measurement', '/Observation?episodeOfCare=EpisodeOfCare/eoc-1&_count=100')
    ).json<Bundle>();
    expect(first.total).toBe(235);
    expect(first.link?.map((l) => l.relation)).toEqual(['self', 'next']);
    const next = first.link?.find((l) => l.relation === 'next')?.url ?? '';
    expect(next).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/measurement\/fhir\?_getpages=[0-9a-f-]+&_getpagesoffset=100&_count=100/,
    );
    const second = (await fhir.request('measurement', next)).json<Bundle>();
    expect(second.link?.map((l) => l.relation)).toEqual(['self', 'previous', 'next']);
    expect(second.entry).toHaveLength(100);
    const last = (
      await fhir.request('measurement', second.link?.find((l) => l.relation === 'next')?.url ?? '')
    ).json<Bundle>();
    expect(last.entry).toHaveLength(35);
    expect(last.link?.some((l) => l.relation === 'next')).toBe(false);
  });

  it('stays a stable snapshot while resources are written between pages', async () => {
    const first = (
      await fhir.request('task', '/Task?_lastUpdated=ge2000-01-01&_sort=_lastUpdated&_count=1')
    ).json<Bundle>();
    const before = first.total ?? 0;
    expect(before).toBe(3);
    const created = await fhir.request(
      'task',
      '/Task',
      withBody('POST', task('ignored', 'pat-1', 'eoc-1', 'team-2')),
    );
    expect(created.status).toBe(201);
    const seen = [first.entry?.[0]?.resource?.id];
    let next = first.link?.find((l) => l.relation === 'next')?.url;
    while (next) {
      const page = (await fhir.request('task', next)).json<Bundle>();
      seen.push(...(page.entry ?? []).map((e) => e.resource?.id));
      next = page.link?.find((l) => l.relation === 'next')?.url;
    }
    expect(seen).toHaveLength(before);
    expect(new Set(seen).size).toBe(before);
    // The checkpoint of that search finds exactly the write made after it.
    const checkpoint = first.meta?.lastUpdated ?? '';
    const later = (await fhir.request('task', `/Task?_lastUpdated=gt${checkpoint}`)).json<Bundle>();
    expect(later.entry?.map((e) => e.resource?.id)).toEqual([created.json<Resource>().id]);
  });

  it('answers 410 for an unknown or expired page token', async () => {
    const answer = await fhir.request('task', '?_getpages=not-a-token&_getpagesoffset=10');
    expect(answer.status).toBe(410);
    expect(answer.json()).toMatchObject({ resourceType: 'OperationOutcome' });
  });

  it('counts without entries for _summary=count and subsets with _elements', async () => {
    const counted = (
      await fhir.request(
        'measurement',
        '/Observation?episodeOfCare=EpisodeOfCare/eoc-2&_summary=count',
      )
    ).json<Bundle>();
    expect(counted).toMatchObject({ total: 5 });
    expect(counted.entry).toBeUndefined();
    const subset = (
      await fhir.request('measurement', '/Observation?_id=obs-2-1&_elements=effective,status')
    ).json<Bundle>();
    const resource = subset.entry?.[0]?.resource ?? {};
    expect(Object.keys(resource).sort()).toEqual([
      'effectiveDateTime',
      'id',
      'meta',
      'resourceType',
      'status',
    ]);
  });

  it('includes and revincludes within the service', async () => {
    const bundle = (
      await fhir.request(
        'careplan',
        '/CarePlan?_id=cp-1&_revinclude=Communication:episodeOfCare&_include=CarePlan:episodeOfCare',
      )
    ).json<Bundle>();
    expect(bundle.entry?.map((e) => [e.resource?.resourceType, e.search?.mode])).toEqual([
      ['CarePlan', 'match'],
      ['EpisodeOfCare', 'include'],
    ]);
  });
});
