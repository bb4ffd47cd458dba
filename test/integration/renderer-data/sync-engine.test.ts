import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FhirError } from '../../../renderer/data/fhir/fhir-error.ts';
import type { SyncProgress, SyncScope } from '../../../renderer/data/sync/contracts.ts';
import { runSync } from '../../../renderer/data/sync/sync-engine.ts';
import {
  cacheSet,
  difference,
  newTestCache,
  serverSet,
  startSyncWorld,
  submitMeasurementLike,
  typeCounts,
  type SyncWorld,
} from './sync-fixture.ts';
import { searchAll } from '../../support/fhir-paths.ts';

// Sync against the real demo back end through the real gateway into the real encrypted cache.
let world: SyncWorld;
let scope: SyncScope;

beforeAll(async () => {
  world = await startSyncWorld({ seed: 11, citizens: 40 });
  scope = world.scopes.coordinator as SyncScope;
}, 120_000);

afterAll(async () => {
  await world.close();
});

describe('sync engine: full and unchanged', () => {
  it('fills an empty cache with exactly the server’s set in scope, with progress to 100 %', async () => {
    const { cache } = await newTestCache();
    const progress: SyncProgress[] = [];
    const report = await runSync({
      fhir: world.client,
      cache,
      scope,
      onProgress: (p) => progress.push(p),
    });
    const expected = await serverSet(world.admin, scope);
    const actual = await cacheSet(cache);
    expect(difference(expected, actual)).toEqual({ missing: [], extra: [], stale: [] });
    expect(actual.size).toBe(expected.size);
    // Every type the strategy table names is there.
    const counts = typeCounts(actual);
    for (const type of [
      'CareTeam',
      'Practitioner',
      'Organization',
      'EpisodeOfCare',
      'Condition',
      'Patient',
      'CarePlan',
      'ServiceRequest',
      'Task',
      'ClinicalImpression',
      'QuestionnaireResponse',
      'Communication',
      'Observation',
      'Questionnaire',
    ] as const)
      expect(counts[type] ?? 0, type).toBeGreaterThan(0);
    expect(report.written).toBe(expected.size);
    expect(report.serverTime).not.toBeNull();
    const percents = progress.map((p) => p.percent);
    expect(percents.at(-1)).toBe(100);
    expect(percents.every((p, i) => i === 0 || p >= (percents[i - 1] ?? 0))).toBe(true);
    expect(progress.some((p) => p.current === 'Observation' && p.percent < 100)).toBe(true);
  }, 120_000);

  it('with nothing changed: at most one request per type and scope, and no write at all', async () => {
    const test = await newTestCache();
    await runSync({ fhir: world.client, cache: test.cache, scope });
    const before = await cacheSet(test.cache);
    const writesBefore = test.readWrites();
    world.counter.reset();
    const report = await runSync({ fhir: world.client, cache: test.cache, scope });
    expect(report.written).toBe(0);
    expect(report.removed).toBe(0);
    expect(report.stateWrites).toBe(0);
    expect(test.readWrites() - writesBefore).toBe(0);
    for (const [type, count] of Object.entries(report.requestsByType ?? {}))
      expect(count, type).toBeLessThanOrEqual(1);
    expect(world.counter.count).toBe(report.requests);
    expect(await cacheSet(test.cache)).toEqual(before);
  }, 120_000);

  it('reports an unreachable back end as unreachable and leaves the cache as it was', async () => {
    const test = await newTestCache();
    await runSync({ fhir: world.client, cache: test.cache, scope });
    const before = await cacheSet(test.cache);
    world.gateway.setReachable(false);
    try {
      const failure = await runSync({ fhir: world.client, cache: test.cache, scope }).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(FhirError);
      expect((failure as FhirError).kind).toBe('unreachable');
    } finally {
      world.gateway.setReachable(true);
    }
    expect(await cacheSet(test.cache)).toEqual(before);
  }, 120_000);
});

type Json = Record<string, unknown>;
const DAY = 86_400_000;
const EH = 'http://ehealth.sundhed.dk/fhir/StructureDefinition/';

async function patch(path: string, operations: unknown[]): Promise<void> {
  const answer = await world.admin.send('PATCH', path, {
    body: operations,
    contentType: 'application/json-patch+json',
  });
  expect(answer.status, path).toBe(200);
}

/** Submits a copy of an existing Observation with a new clinical time, as the citizen's app would. */
async function createMeasurementTask(episode: Json, team: string): Promise<string> {
  const patient = (episode.patient as { reference: string }).reference;
  const answer = await world.admin.send('POST', 'Task', {
    body: {
      resourceType: 'Task',
      meta: { profile: [`${EH}ehealth-task`] },
      extension: [
        {
          url: `${EH}ehealth-task-episodeOfCare`,
          valueReference: { reference: `EpisodeOfCare/${episode.id as string}` },
        },
        {
          url: `${EH}ehealth-task-category`,
          valueCodeableConcept: {
            coding: [
              {
                system: 'http://ehealth.sundhed.dk/cs/task-category',
                code: 'MeasurementForAssessment',
              },
            ],
          },
        },
        { url: `${EH}ehealth-task-responsible`, valueReference: { reference: `CareTeam/${team}` } },
      ],
      status: 'ready',
      intent: 'order',
      priority: 'routine',
      description: 'Vurder nye målinger',
      for: { reference: patient },
      authoredOn: new Date().toISOString(),
    },
  });
  expect(answer.status).toBe(201);
  return answer.resource?.id as string;
}

describe('sync engine: server changes converge', () => {
  it('picks up updates, creates, a late measurement, a removal and an episode leaving the scope', async () => {
    const { cache } = await newTestCache();
    await runSync({ fhir: world.client, cache, scope });

    const episodes = (await searchAll(
      world.admin,
      `EpisodeOfCare?team=${scope.careTeamIds.map((t) => `CareTeam/${t}`).join(',')}&_count=1000`,
    )) as Json[];
    const inScope = (episode: Json) =>
      ((episode.team as { reference: string }[] | undefined) ?? []).filter((t) =>
        scope.careTeamIds.includes(t.reference.slice(9)),
      );
    // An episode of exactly one of the scope's teams leaves the scope; two others get measurements.
    const leaving = episodes.find((e) => inScope(e).length === 1);
    const [lateEpisode, recentEpisode] = episodes.filter(
      (e) => e !== leaving && e.status === 'active',
    );
    expect(leaving && lateEpisode && recentEpisode).toBeTruthy();
    const observationsOf = async (episode: Json) =>
      (await searchAll(
        world.admin,
        `Observation?episodeOfCare=EpisodeOfCare/${episode.id as string}&_count=1000`,
      )) as Json[];
    const lateTemplate = (await observationsOf(lateEpisode as Json))[0] as Json;
    const recentObservations = await observationsOf(recentEpisode as Json);
    const recentTemplate = recentObservations[0] as Json;
    expect(lateTemplate && recentTemplate).toBeTruthy();

    // 1. Updates: a Patient (re-read set) and a Task (checkpoint).
    const patientId = ((lateEpisode as Json).patient as { reference: string }).reference;
    await patch(patientId, [
      { op: 'add', path: '/telecom', value: [{ system: 'phone', value: '98765432' }] },
    ]);
    const [someTask] = (await searchAll(
      world.admin,
      `Task?episodeOfCare=EpisodeOfCare/${(recentEpisode as Json).id as string}&_count=1000`,
    )) as Json[];
    await patch(`Task/${someTask?.id as string}`, [
      { op: 'replace', path: '/priority', value: 'urgent' },
    ]);
    // 2. A late measurement 30 days back (outside the trailing window) and the Task triage makes for it.
    const lateId = await submitMeasurementLike(
      world.admin,
      lateTemplate,
      new Date(Date.now() - 30 * DAY),
    );
    const team = inScope(lateEpisode as Json)[0]?.reference.slice(9) as string;
    await createMeasurementTask(lateEpisode as Json, team);
    // 3. Measurements without a Task: 3 hours back (the next sync's overlap finds it) and
    //    5 days back (the trailing window, on its schedule, finds it).
    const recentId = await submitMeasurementLike(
      world.admin,
      recentTemplate,
      new Date(Date.now() - 3 * 3600_000),
    );
    const fiveDaysId = await submitMeasurementLike(
      world.admin,
      recentTemplate,
      new Date(Date.now() - 5 * DAY),
    );
    // 4. A measurement inside the window vanishes on the server.
    const doomed = await submitMeasurementLike(
      world.admin,
      recentTemplate,
      new Date(Date.now() - 3 * DAY),
    );
    const sync1 = await runSync({ fhir: world.client, cache, scope });
    expect(await cache.get('Observation', doomed)).toBeUndefined();
    expect(await cache.get('Observation', fiveDaysId)).toBeUndefined();
    expect(await cache.get('Observation', recentId)).toBeDefined();
    expect(await cache.get('Observation', lateId)).toBeDefined();
    // The window's schedule comes round (13 hours on): the 5-day-old one and the doomed one arrive.
    const later = () => new Date(Date.now() + 13 * 3600_000);
    await runSync({ fhir: world.client, cache, scope, now: later });
    expect(await cache.get('Observation', doomed)).toBeDefined();
    expect(await cache.get('Observation', fiveDaysId)).toBeDefined();
    expect(sync1.written).toBeGreaterThan(0);
    await world.backend.deleteForTest('Observation', doomed);
    // 5. The episode leaves the scope: it and what hangs on it leave the cache.
    await patch(`EpisodeOfCare/${(leaving as Json).id as string}`, [
      {
        op: 'replace',
        path: '/team',
        value: ((leaving as Json).team as { reference: string }[]).filter(
          (t) => !scope.careTeamIds.includes(t.reference.slice(9)),
        ),
      },
    ]);

    const report = await runSync({
      fhir: world.client,
      cache,
      scope,
      now: () => new Date(Date.now() + 26 * 3600_000),
    });
    const expected = await serverSet(world.admin, scope);
    expect(difference(expected, await cacheSet(cache))).toEqual({
      missing: [],
      extra: [],
      stale: [],
    });
    expect(await cache.get('Observation', lateId)).toBeDefined();
    expect(await cache.get('Observation', recentId)).toBeDefined();
    expect(await cache.get('Observation', doomed)).toBeUndefined();
    expect(await cache.get('EpisodeOfCare', (leaving as Json).id as string)).toBeUndefined();
    expect(await cache.byEpisode('Observation', [(leaving as Json).id as string])).toHaveLength(0);
    expect(report.removed).toBeGreaterThan(1);
    expect(((await cache.get('Patient', patientId.slice(8))) as Json | undefined)?.telecom).toEqual(
      [{ system: 'phone', value: '98765432' }],
    );
  }, 180_000);
});
