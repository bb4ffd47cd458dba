import type { Bundle, Resource, Task } from '@medplum/fhirtypes';
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
    const search = '/Task?_lastUpdated=ge2000-01-01&_sort=_lastUpdated';
    const order = (await fhir.request('task', `${search}&_count=100`))
      .json<Bundle>()
      .entry?.map((e) => e.resource?.id);
    expect(order).toHaveLength(3);
    const first = (await fhir.request('task', `${search}&_count=1`)).json<Bundle>();
    const created = await fhir.request(
      'task',
      '/Task',
      withBody('POST', task('ignored', 'pat-1', 'eoc-1', 'team-2')),
    );
    expect(created.status).toBe(201);
    // A match not yet paged changes: it stays where the search found it, in its current version.
    const third = (await fhir.request('task', `/Task/${order?.[2] ?? ''}`)).json<Task>();
    const changed = await fhir.request('task', `/Task/${third.id ?? ''}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json-patch+json' },
      body: JSON.stringify([{ op: 'replace', path: '/priority', value: 'urgent' }]),
    });
    expect(changed.status).toBe(200);
    const seen = [first.entry?.[0]?.resource as Task];
    let next = first.link?.find((l) => l.relation === 'next')?.url;
    while (next) {
      const page = (await fhir.request('task', next)).json<Bundle>();
      seen.push(...(page.entry ?? []).map((e) => e.resource as Task));
      next = page.link?.find((l) => l.relation === 'next')?.url;
    }
    expect(seen.map((resource) => resource.id)).toEqual(order);
    expect(seen[2]?.priority).toBe('urgent');
    // The checkpoint of that search finds exactly the writes made after it.
    const checkpoint = first.meta?.lastUpdated ?? '';
    const later = (
      await fhir.request('task', `/Task?_lastUpdated=gt${checkpoint}&_sort=_lastUpdated`)
    ).json<Bundle>();
    expect(later.entry?.map((e) => e.resource?.id)).toEqual([
      created.json<Resource>().id,
      third.id,
    ]);
  });

  it('gives the total of a search read page by page when asked for, or once every match is read', async () => {
    // Date-ordered already: read as pages ask, so the first page does not know the total.
    const search = '/Observation?episodeOfCare=EpisodeOfCare/eoc-1&_sort=date&_count=100';
    const first = (await fhir.request('measurement', search)).json<Bundle>();
    expect(first.entry).toHaveLength(100);
    expect(first.total).toBeUndefined();
    let page = first;
    let next = first.link?.find((l) => l.relation === 'next')?.url;
    while (next) {
      page = (await fhir.request('measurement', next)).json<Bundle>();
      next = page.link?.find((l) => l.relation === 'next')?.url;
    }
    expect(page.entry).toHaveLength(35);
    expect(page.total).toBe(235);
    const counted = (await fhir.request('measurement', `${search}&_total=accurate`)).json<Bundle>();
    expect(counted.total).toBe(235);
    expect(counted.entry).toHaveLength(100);
    const totalOnly = (
      await fhir.request('measurement', search.replace('_count=100', '_count=0'))
    ).json<Bundle>();
    expect(totalOnly.total).toBe(235);
    expect(totalOnly.entry).toBeUndefined();
    const none = (
      await fhir.request(
        'measurement',
        '/Observation?episodeOfCare=EpisodeOfCare/eoc-1&_total=none',
      )
    ).json<Bundle>();
    expect(none.total).toBeUndefined();
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
