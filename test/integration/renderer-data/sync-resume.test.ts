import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceCache } from '../../../renderer/data/cache/contracts.ts';
import type { SyncScope } from '../../../renderer/data/sync/contracts.ts';
import { runSync } from '../../../renderer/data/sync/sync-engine.ts';
import {
  cacheSet,
  difference,
  newTestCache,
  serverSet,
  startSyncWorld,
  submitMeasurementLike,
  type SyncWorld,
} from './sync-fixture.ts';
import { searchAll } from '../../support/fhir-paths.ts';

// Runs killed at random points (after N requests or around the N-th cache write), then resumed:
// the cache converges to the server's set in scope. Real back end, gateway and encrypted cache.
let world: SyncWorld;
let scope: SyncScope;
type Json = Record<string, unknown>;
const HOUR = 3_600_000;

beforeAll(async () => {
  world = await startSyncWorld({ seed: 11, citizens: 40 });
  scope = world.scopes.coordinator as SyncScope;
}, 120_000);

afterAll(async () => {
  await world.close();
});

const WRITES = new Set(['upsert', 'remove', 'setSyncState']);

/** The cache, with the run killed (aborted) at the n-th write, just before or just after it commits. */
function killAtWrite(
  cache: ResourceCache,
  n: number,
  after: boolean,
  controller: AbortController,
): ResourceCache {
  let writes = 0;
  return new Proxy(cache, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      if (!WRITES.has(String(property))) return method;
      return async (...args: unknown[]) => {
        writes++;
        if (writes === n && !after) {
          controller.abort(new DOMException('killed', 'AbortError'));
          throw controller.signal.reason;
        }
        const result = await method(...args);
        if (writes === n) controller.abort(new DOMException('killed', 'AbortError'));
        return result;
      };
    },
  });
}

type Kill =
  | { readonly at: 'request'; readonly n: number; readonly after: boolean }
  | { readonly at: 'write'; readonly n: number; readonly after: boolean };

const killArbitrary: fc.Arbitrary<Kill> = fc.oneof(
  fc.record({
    at: fc.constant('request' as const),
    n: fc.integer({ min: 1, max: 60 }),
    after: fc.boolean(),
  }),
  fc.record({
    at: fc.constant('write' as const),
    n: fc.integer({ min: 1, max: 80 }),
    after: fc.boolean(),
  }),
);

/** Small pages and chunks: many requests and writes to be killed between. */
const SMALL = { pageSize: 60, idsPerRequest: 12 };

async function killedRun(cache: ResourceCache, kill: Kill): Promise<'killed' | 'finished'> {
  const controller = new AbortController();
  if (kill.at === 'request') {
    const stopAt = world.counter.count + kill.n;
    world.counter.beforeRequest = (path, signal) => {
      if (world.counter.count + 1 === stopAt && !kill.after) {
        controller.abort(new DOMException('killed', 'AbortError'));
        throw (signal ?? controller.signal).reason;
      }
      // Killed once this request's answer is in (the page is dropped with the run).
      if (world.counter.count + 1 === stopAt)
        queueMicrotask(() => controller.abort(new DOMException('killed', 'AbortError')));
    };
  }
  const target = kill.at === 'write' ? killAtWrite(cache, kill.n, kill.after, controller) : cache;
  try {
    await runSync({
      fhir: world.client,
      cache: target,
      scope,
      signal: controller.signal,
      tuning: SMALL,
    });
    return 'finished';
  } catch (error) {
    if (controller.signal.aborted) return 'killed';
    throw error;
  } finally {
    world.counter.beforeRequest = null;
  }
}

describe('sync engine: killed and resumed', () => {
  it('converges to the server’s set however often and wherever a run is killed', async () => {
    const episodes = (await searchAll(
      world.admin,
      `EpisodeOfCare?team=${scope.careTeamIds.map((t) => `CareTeam/${t}`).join(',')}&status=active&_count=1000`,
    )) as Json[];
    let killedSomewhere = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(killArbitrary, { minLength: 1, maxLength: 3 }),
        fc.nat({ max: episodes.length - 1 }),
        async (fullFirst, kills, episodeIndex) => {
          const { cache } = await newTestCache();
          if (fullFirst) await runSync({ fhir: world.client, cache, scope, tuning: SMALL });
          // The server moves on meanwhile: a new measurement an hour back (found by the next read).
          const episode = episodes[episodeIndex] as Json;
          const [template] = (await searchAll(
            world.admin,
            `Observation?episodeOfCare=EpisodeOfCare/${episode.id as string}&_count=1000`,
          )) as Json[];
          if (template)
            await submitMeasurementLike(world.admin, template, new Date(Date.now() - HOUR));
          for (const kill of kills) {
            if ((await killedRun(cache, kill)) === 'killed') killedSomewhere++;
          }
          await runSync({ fhir: world.client, cache, scope, tuning: SMALL });
          const expected = await serverSet(world.admin, scope);
          expect(difference(expected, await cacheSet(cache))).toEqual({
            missing: [],
            extra: [],
            stale: [],
          });
          // And settled: the next run finds nothing to write.
          const again = await runSync({ fhir: world.client, cache, scope, tuning: SMALL });
          expect(again.written + again.removed + (again.stateWrites ?? 0)).toBe(0);
          // However the kills left the checkpoints, a quiet run is one request per chunk of keys.
          const episodeCount = (await cache.versions('EpisodeOfCare')).size;
          const patients = (await cache.versions('Patient')).size;
          const chunksOf = (n: number) => Math.max(1, Math.ceil(n / SMALL.idsPerRequest));
          for (const type of [
            'CarePlan',
            'Task',
            'ClinicalImpression',
            'QuestionnaireResponse',
            'Observation',
          ] as const)
            expect(again.requestsByType?.[type], type).toBeLessThanOrEqual(chunksOf(episodeCount));
          for (const type of ['Communication', 'Appointment', 'Patient'] as const)
            expect(again.requestsByType?.[type], type).toBeLessThanOrEqual(chunksOf(patients));
        },
      ),
      { numRuns: 8, seed: 20261126 },
    );
    // The kills did land inside runs (not all after their end).
    expect(killedSomewhere).toBeGreaterThan(4);
  }, 600_000);
});
