import { parseSearchRequest } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { routeSeeds } from '../../../../../main/demo-backend/backend-core.ts';
import { executeSearch } from '../../../../../main/demo-backend/search/execute-search.ts';
import { DATES, REFERENCES } from '../support/arbitrary-resources.ts';
import {
  DATE_PREFIXES,
  datasetArb,
  engineIds,
  freshWorld,
  LAST_UPDATED_VALUES,
  naive,
  sharedCore,
  TYPES,
  type Type,
} from '../support/search-world.ts';

/**
 * Indexed answers equal the engine's: on random data, after random updates and
 * deletes through the write path, every random query returns exactly the ids a
 * naive scan with Medplum's matcher returns, and exactly the ids Medplum's
 * MemoryRepository search returns.
 */

const PARAMETERS: Readonly<Record<Type, readonly string[]>> = {
  Observation: [
    'episodeOfCare',
    'subject',
    'patient',
    'based-on',
    'identifier',
    'date',
    '_id',
    'code',
  ],
  Task: ['responsible', 'episodeOfCare', 'patient', '_lastUpdated', 'identifier', 'status', 'code'],
  Communication: [
    'careTeamRecipient',
    'careTeamSender',
    'subject',
    '_lastUpdated',
    'identifier',
    'category',
    'status',
  ],
  EpisodeOfCare: ['team', 'patient', 'identifier', 'status'],
};

function valueArb(code: string): fc.Arbitrary<string> {
  switch (code) {
    case 'date':
      return fc
        .tuple(fc.constantFrom(...DATE_PREFIXES), fc.constantFrom(...DATES))
        .map(([p, v]) => `${p}${v}`);
    case '_lastUpdated':
      return fc
        .tuple(fc.constantFrom(...DATE_PREFIXES), fc.constantFrom(...LAST_UPDATED_VALUES))
        .map(([p, v]) => `${p}${v}`);
    case 'identifier':
      return fc.constantFrom('urn:a|v1', 'URN:A|V1', 'urn:b|v2', 'v1', '|v1', 'urn:a|', 'v1,v2');
    case '_id':
      return fc.constantFrom('observation-0', 'observation-1,observation-3', 'nope');
    case 'status':
      return fc.constantFrom('final', 'active', 'ready', 'final,ready');
    case 'code':
    case 'category':
      return fc.constantFrom(
        'NPU03011',
        'urn:oid:1.2.208.176.2.1|npu03011',
        'http://loinc.org|DNK05472',
        'message',
        '|message',
        'O2 saturation',
      );
    default:
      return fc.oneof(
        // Mostly the references every parameter can hold, so that queries often match.
        {
          weight: 4,
          arbitrary: fc.constantFrom(
            'Patient/p1',
            'CareTeam/t1',
            'EpisodeOfCare/e1',
            'ServiceRequest/s1',
          ),
        },
        { weight: 2, arbitrary: fc.constantFrom(...REFERENCES) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(fc.constantFrom(...REFERENCES), fc.constantFrom(...REFERENCES))
            .map(([a, b]) => `${a},${b}`),
        },
      );
  }
}

const queryArb = fc
  .constantFrom<Type>('Observation', 'Task', 'Communication', 'EpisodeOfCare')
  .chain((type) =>
    fc
      .array(
        fc
          .constantFrom(...PARAMETERS[type])
          .chain((code) => valueArb(code).map((value) => [code, value] as const)),
        {
          minLength: 1,
          maxLength: 2,
        },
      )
      .map((params) => ({ type, params })),
  );

describe('indexed search equals the engine', () => {
  it('on random data, updates, deletes and queries', async () => {
    const seen = { queries: 0, nonEmpty: 0, indexed: 0 };
    await fc.assert(
      fc.asyncProperty(
        datasetArb,
        fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 6 }),
        fc.array(queryArb, { minLength: 5, maxLength: 15 }),
        async (seeds, changes, queries) => {
          const world = await freshWorld();
          await world.writes.seed(routeSeeds(seeds, (await sharedCore()).catalog));
          for (const [pick, remove] of changes) {
            const target = seeds[pick % seeds.length];
            if (!target?.id || !world.store.get(target.resourceType, target.id)) continue;
            const entry = world.store.get(target.resourceType, target.id);
            if (!entry) continue;
            const donor = seeds[(pick + 1) % seeds.length] ?? target;
            await world.writes.transact(() => ({
              ops: remove
                ? [{ kind: 'delete' as const, type: entry.type, id: entry.id }]
                : [
                    {
                      kind: 'put' as const,
                      resource: {
                        ...donor,
                        resourceType: entry.type,
                        id: entry.id,
                        meta: entry.resource.meta,
                      } as Resource & { id: string },
                      service: entry.service,
                    },
                  ],
              result: () => undefined,
            }));
          }
          for (const { type, params } of queries) {
            const service = TYPES[type];
            const record: Record<string, string[]> = {};
            for (const [code, value] of params) (record[code] ??= []).push(value);
            const request = parseSearchRequest(type, record);
            const outcome = executeSearch(service, request, world);
            const indexed = outcome.ids.slice().sort();
            const expected = naive(world, service, request);
            seen.queries++;
            if (expected.length > 0) seen.nonEmpty++;
            if (outcome.plan.source !== 'scan') seen.indexed++;
            expect(indexed, JSON.stringify(params)).toEqual(expected);
            expect(await engineIds(world, service, request), JSON.stringify(params)).toEqual(
              expected,
            );
          }
        },
      ),
      { numRuns: 150 },
    );
    // The property must exercise real matches and the indexes, not only empty answers.
    console.info(`indexed-search property: ${JSON.stringify(seen)}`);
    expect(seen.nonEmpty / seen.queries).toBeGreaterThan(0.25);
    expect(seen.indexed / seen.queries).toBeGreaterThan(0.5);
  });
});
