import { parseSearchRequest } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { routeSeeds } from '../../../../../main/demo-backend/backend-core.ts';
import { executeSearch } from '../../../../../main/demo-backend/search/execute-search.ts';
import { DATES } from '../support/arbitrary-resources.ts';
import {
  DATE_PREFIXES,
  datasetArb,
  freshWorld,
  LAST_UPDATED_VALUES,
  naive,
  SEED_TIMES,
  sharedCore,
} from '../support/search-world.ts';

/** Dates and ordering: the indexes' date comparisons and sort orders against the engine's. */

describe('indexed dates and order', () => {
  it('compares dates exactly as the engine does, for every prefix, precision and zone', async () => {
    const world = await freshWorld();
    const seeds = DATES.flatMap((date, i) => [
      {
        resourceType: 'Observation',
        id: `dt-${i}`,
        status: 'final',
        code: {},
        effectiveDateTime: date,
      },
      {
        resourceType: 'Observation',
        id: `pe-${i}`,
        status: 'final',
        code: {},
        effectivePeriod: { start: date },
      },
      {
        resourceType: 'Observation',
        id: `pb-${i}`,
        status: 'final',
        code: {},
        effectivePeriod: { start: DATES[0], end: date },
      },
      {
        resourceType: 'Task',
        id: `t-${i}`,
        status: 'ready',
        intent: 'order',
        meta: { lastUpdated: SEED_TIMES[i % SEED_TIMES.length] },
      },
    ]) as Resource[];
    await world.writes.seed(routeSeeds(seeds, (await sharedCore()).catalog));
    let compared = 0;
    for (const prefix of DATE_PREFIXES) {
      for (const value of [...DATES, ...LAST_UPDATED_VALUES]) {
        for (const [type, service, code] of [
          ['Observation', 'measurement', 'date'],
          ['Task', 'task', '_lastUpdated'],
        ] as const) {
          const request = parseSearchRequest(type, { [code]: `${prefix}${value}` });
          expect(
            executeSearch(service, request, world).ids.slice().sort(),
            `${code}=${prefix}${value}`,
          ).toEqual(naive(world, service, request));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(300);
  });

  it('orders by _lastUpdated and by date as asked', async () => {
    await fc.assert(
      fc.asyncProperty(datasetArb, async (seeds) => {
        const world = await freshWorld();
        await world.writes.seed(routeSeeds(seeds, (await sharedCore()).catalog));
        const byUpdate = executeSearch(
          'task',
          parseSearchRequest('Task', { _lastUpdated: 'ge2000', _sort: '-_lastUpdated' }),
          world,
        );
        const times = byUpdate.ids.map((id) => world.store.get('Task', id)?.lastUpdatedMs ?? 0);
        expect(times).toEqual([...times].sort((a, b) => b - a));
        for (const episode of ['EpisodeOfCare/e1', 'EpisodeOfCare/e2']) {
          const byDate = executeSearch(
            'measurement',
            parseSearchRequest('Observation', { episodeOfCare: episode, _sort: 'date' }),
            world,
          );
          expect(byDate.plan.source).toBe('dated-partition');
          const starts = byDate.ids.map((id) => {
            const periods = world.store.get('Observation', id)?.keys.dates.date ?? [];
            return periods.map((p) => p.start ?? '').sort()[0] ?? '';
          });
          expect(starts).toEqual([...starts].sort());
        }
      }),
      { numRuns: 50 },
    );
  });
});
