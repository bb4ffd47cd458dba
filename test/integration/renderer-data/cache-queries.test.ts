import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resource } from '@medplum/fhirtypes';
import { generateDemoDataset } from '../../../main/demo-backend/generator/dataset.ts';
import { startDemoBackend, type DemoBackend } from '../../../main/demo-backend/start-server.ts';
import type { DemoPersona } from '../../../shared/domain/persona.ts';
import { aesCodec } from '../../../renderer/data/cache/cache-codec.ts';
import { importCacheKeys } from '../../../renderer/data/cache/cache-crypto.ts';
import { CacheDb } from '../../../renderer/data/cache/cache-db.ts';
import type { CachedResource, ResourceCache } from '../../../renderer/data/cache/contracts.ts';
import { DexieResourceCache } from '../../../renderer/data/cache/resource-cache.ts';
import type { FhirClient } from '../../../renderer/data/fhir/fhir-client.ts';
import { gatewayClient } from './gateway-client.ts';
import { OPEN_TASK_STATUSES } from '../../../renderer/data/model/caseload.ts';
import { createCacheSource } from '../../../renderer/data/source/cache-source.ts';
import { createMemorySource } from '../../../renderer/data/source/memory-source.ts';
import { createNetworkSource } from '../../../renderer/data/source/network-source.ts';
import {
  NotInCacheError,
  type CareScope,
  type ResourceSource,
} from '../../../renderer/data/source/resource-source.ts';
import { caseload } from '../../../renderer/features/caseload/queries.ts';
import {
  InvalidPeriodError,
  LATEST_MEASUREMENTS_DAYS,
} from '../../../renderer/features/citizen/period.ts';
import {
  citizen,
  citizenConditions,
  citizenSeries,
  citizenTasks,
} from '../../../renderer/features/citizen/queries.ts';
import { searchAll, readPath } from '../../support/fhir-paths.ts';

// The same questions answered by the network queries (renderer → gateway → real demo back end)
// and by the cache queries (real DexieResourceCache, AES-GCM + HMAC, on fake-indexeddb), over
// the same data: the persona's scope read from the back end with FUT's own searches and upserted.
const ANCHOR = '2026-11-26';
const NOW = new Date(`${ANCHOR}T12:00:00Z`);
const DAY_MS = 86_400_000;

/** Every query of the features, over one source (the same functions for both). */
function queriesOver(source: ResourceSource) {
  return {
    caseload: (scope: CareScope) => caseload(source, scope, NOW),
    citizen: (patientId: string) => citizen(source, patientId, NOW),
    tasks: (patientId: string) => citizenTasks(source, patientId),
    series: (patientId: string, from: string, to: string) =>
      citizenSeries(source, patientId, from, to),
    conditions: (patientId: string) => citizenConditions(source, patientId),
  };
}
type Queries = ReturnType<typeof queriesOver>;

let backend: DemoBackend;
let client: FhirClient;
let cache: ResourceCache;
let db: CacheDb;
let network: Queries;
let cached: Queries;
let persona: DemoPersona;
let patientIds: string[];
/** What the cache was filled with, for the memory source. */
let scoped: Resource[];

const refs = (type: string, ids: readonly string[]) => ids.map((id) => `${type}/${id}`).join(',');

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** What a sync of the persona's scope would cache, read with searches FUT offers. */
async function readScope(teamIds: readonly string[]): Promise<Resource[]> {
  const episodes = await searchAll(
    client,
    `EpisodeOfCare?team=${refs('CareTeam', teamIds)}&_count=200`,
  );
  const patients = [
    ...new Set(
      episodes.map((e) => (e as { patient: { reference: string } }).patient.reference.slice(8)),
    ),
  ];
  // The citizens' other forløb too (the citizen view shows all of a citizen's forløb).
  const allEpisodes = (
    await Promise.all(
      chunk(patients, 20).map((ids) =>
        searchAll(client, `EpisodeOfCare?patient=${refs('Patient', ids)}&_count=200`),
      ),
    )
  ).flat();
  const episodeIds = [...new Set(allEpisodes.map((e) => e.id as string))];
  const conditionIds = [
    ...new Set(
      allEpisodes.flatMap(
        (e) =>
          (e as { diagnosis?: { condition: { reference: string } }[] }).diagnosis?.map((d) =>
            d.condition.reference.slice('Condition/'.length),
          ) ?? [],
      ),
    ),
  ];
  const since = new Date(NOW.getTime() - (LATEST_MEASUREMENTS_DAYS + 30) * DAY_MS).toISOString();
  const perEpisodes = await Promise.all(
    chunk(episodeIds, 20).map(async (ids) => [
      ...(await searchAll(
        client,
        `CarePlan?episodeOfCare=${refs('EpisodeOfCare', ids)}&_include=CarePlan:activity-reference&_count=200`,
      )),
      ...(await searchAll(client, `Task?episodeOfCare=${refs('EpisodeOfCare', ids)}&_count=500`)),
      ...(await searchAll(
        client,
        `Observation?episodeOfCare=${refs('EpisodeOfCare', ids)}&date=ge${since}&_count=500`,
      )),
    ]),
  );
  const teamTasks = await searchAll(
    client,
    `Task?responsible=${refs('CareTeam', teamIds)}&status=${OPEN_TASK_STATUSES.join(',')}&_count=500`,
  );
  const patientResources = (
    await Promise.all(
      chunk(patients, 50).map((ids) => searchAll(client, `Patient?_id=${ids.join(',')}&_count=50`)),
    )
  ).flat();
  const conditions = await Promise.all(
    conditionIds.map((id) => readPath(client, `Condition/${id}`)),
  );
  return [
    ...allEpisodes,
    ...patientResources,
    ...conditions,
    ...perEpisodes.flat(),
    ...teamTasks,
  ] as unknown as Resource[];
}

beforeAll(async () => {
  const dataset = generateDemoDataset({ seed: 11, anchor: ANCHOR, citizens: 40 });
  backend = await startDemoBackend({ resources: dataset.resources });
  ({ client } = await gatewayClient(backend));
  // The municipal nurse: a caseload of home-care citizens with measurements and open tasks.
  const nurse = dataset.personas.find((candidate) => candidate.id === 'municipal-nurse');
  if (!nurse) throw new Error('The demo dataset has no municipal nurse persona.');
  persona = nurse;

  const keys = await importCacheKeys(crypto.getRandomValues(new Uint8Array(32)), 'test-key');
  db = new CacheDb('workbench-cache-cachequeries', {
    indexedDB: new IDBFactory(),
    IDBKeyRange,
  });
  await db.open();
  cache = new DexieResourceCache({ db, codec: aesCodec(keys), reportCorrupt: () => undefined });
  const scope = await readScope(persona.careTeamIds);
  const unique = new Map(scope.map((r) => [`${r.resourceType}/${r.id}`, r as CachedResource]));
  scoped = [...unique.values()];
  await cache.upsert([...unique.values()]);

  network = queriesOver(createNetworkSource(client));
  cached = queriesOver(createCacheSource(cache));
  const rows = await network.caseload({ careTeamIds: persona.careTeamIds });
  patientIds = rows.map((row) => row.patientId);
}, 120_000);

afterAll(async () => {
  db?.close();
  await backend?.close();
});

describe('cache queries answer as the network queries do, from the encrypted cache', () => {
  it('has a caseload to compare (the persona has citizens with measurements and open tasks)', () => {
    expect(patientIds.length).toBeGreaterThan(3);
  });

  it('gives the same caseload', async () => {
    const scope = { careTeamIds: persona.careTeamIds };
    const [fromNetwork, fromCache] = await Promise.all([
      network.caseload(scope),
      cached.caseload(scope),
    ]);
    expect(fromCache).toEqual(fromNetwork);
    expect(fromCache.some((row) => row.openTasks > 0)).toBe(true);
  });

  it('gives the same citizen view (banner, latest values, default-period series) for every citizen', async () => {
    let withSeries = 0;
    let withThresholds = 0;
    for (const patientId of patientIds) {
      const [fromNetwork, fromCache] = await Promise.all([
        network.citizen(patientId),
        cached.citizen(patientId),
      ]);
      expect(fromCache, patientId).toEqual(fromNetwork);
      if (fromCache.series.some((series) => series.points.length > 0)) withSeries++;
      if (fromCache.series.some((series) => series.lines.some((l) => l.thresholds.length > 0)))
        withThresholds++;
    }
    // The comparison is not between two empty answers.
    expect(withSeries).toBeGreaterThan(0);
    expect(withThresholds).toBeGreaterThan(0);
  });

  it('gives the same open tasks', async () => {
    let total = 0;
    for (const patientId of patientIds) {
      const [fromNetwork, fromCache] = await Promise.all([
        network.tasks(patientId),
        cached.tasks(patientId),
      ]);
      expect(fromCache, patientId).toEqual(fromNetwork);
      for (const task of fromCache) {
        expect(OPEN_TASK_STATUSES).toContain(task.status);
        expect(task.versionId).toBeTruthy();
      }
      total += fromCache.length;
    }
    expect(total).toBeGreaterThan(0);
  });

  it('gives the same diagnoses, each with its forløb', async () => {
    let named = 0;
    for (const patientId of patientIds) {
      const [fromNetwork, fromCache] = await Promise.all([
        network.conditions(patientId),
        cached.conditions(patientId),
      ]);
      expect(fromCache, patientId).toEqual(fromNetwork);
      for (const condition of fromCache) expect(condition.episodeIds.length).toBeGreaterThan(0);
      named += fromCache.filter((condition) => condition.text !== '').length;
    }
    expect(named).toBeGreaterThan(0);
  });

  it('gives the same series for another period', async () => {
    const from = new Date(NOW.getTime() - 14 * DAY_MS).toISOString();
    const to = new Date(NOW.getTime() - 2 * DAY_MS).toISOString();
    for (const patientId of patientIds.slice(0, 5)) {
      const [fromNetwork, fromCache] = await Promise.all([
        network.series(patientId, from, to),
        cached.series(patientId, from, to),
      ]);
      expect(fromCache, patientId).toEqual(fromNetwork);
      for (const series of fromCache)
        for (const point of series.points) {
          expect(Date.parse(point.effective)).toBeGreaterThanOrEqual(Date.parse(from));
          expect(Date.parse(point.effective)).toBeLessThan(Date.parse(to));
        }
    }
  });
});

describe('the memory source filters as the cache source does', () => {
  const ids = (found: { resources: readonly { id: string }[] }) =>
    found.resources.map((resource) => resource.id).sort();

  it('gives the same resources in scope and by episode, with and without a status filter', async () => {
    const memory = createMemorySource(scoped);
    const cacheSource = createCacheSource(cache);
    const scope = { careTeamIds: persona.careTeamIds };
    const open = { status: OPEN_TASK_STATUSES };
    const [memoryEpisodes, cacheEpisodes] = await Promise.all([
      memory.inScope('EpisodeOfCare', scope, { status: ['active'] }),
      cacheSource.inScope('EpisodeOfCare', scope, { status: ['active'] }),
    ]);
    expect(ids(memoryEpisodes)).toEqual(ids(cacheEpisodes));
    expect(memoryEpisodes.resources.length).toBeGreaterThan(0);
    const [memoryTasks, cacheTasks] = await Promise.all([
      memory.inScope('Task', scope, open),
      cacheSource.inScope('Task', scope, open),
    ]);
    expect(ids(memoryTasks)).toEqual(ids(cacheTasks));
    const episodeIds = ids(cacheEpisodes);
    for (const filter of [undefined, open]) {
      const [fromMemory, fromCache] = await Promise.all([
        memory.byEpisodes('Task', episodeIds, filter),
        cacheSource.byEpisodes('Task', episodeIds, filter),
      ]);
      expect(ids(fromMemory)).toEqual(ids(fromCache));
      expect(fromCache.resources.length).toBeGreaterThan(0);
    }
  });
});

describe('cache queries read the cache, not the network', () => {
  it('shows a measurement that is only in the cache (registered offline)', async () => {
    const patientId = patientIds[0] as string;
    const before = await cached.citizen(patientId);
    const episode = before.episodes[0];
    expect(episode).toBeDefined();
    const effective = new Date(NOW.getTime() - 60_000).toISOString();
    await cache.upsert([
      {
        resourceType: 'Observation',
        id: 'local-offline-1',
        meta: { versionId: 'local-1' },
        extension: [
          {
            url: 'http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare',
            valueReference: { reference: `EpisodeOfCare/${episode?.id ?? ''}` },
          },
        ],
        status: 'final',
        code: { coding: [{ system: 'urn:oid:1.2.208.176.2.1', code: 'NPU03804' }] },
        subject: { reference: `Patient/${patientId}` },
        effectiveDateTime: effective,
        valueQuantity: { value: 77.7, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
      },
    ]);
    const after = await cached.citizen(patientId);
    const weight = after.latest.find((m) => m.codeKey === 'weight');
    expect(weight?.observationId).toBe('local-offline-1');
    expect(weight?.values[0]?.value).toBe(77.7);
    const series = after.series.find((s) => s.codeKey === 'weight');
    expect(series?.points.at(-1)?.observationId).toBe('local-offline-1');
    const fromNetwork = await network.citizen(patientId);
    expect(fromNetwork.latest.some((m) => m.observationId === 'local-offline-1')).toBe(false);
    await cache.remove('Observation', ['local-offline-1']);
  });

  it('drops a task from the open list once it is completed in the cache', async () => {
    const withTasks = [];
    for (const patientId of patientIds) {
      const tasks = await cached.tasks(patientId);
      if (tasks.length > 0) withTasks.push({ patientId, tasks });
    }
    const first = withTasks[0];
    expect(first).toBeDefined();
    if (!first) return;
    const target = first.tasks[0];
    const stored = await cache.get('Task', target?.id ?? '');
    expect(stored).toBeDefined();
    await cache.upsert([
      {
        ...(stored as CachedResource),
        status: 'completed',
        meta: { versionId: 'local-ack' },
      } as CachedResource,
    ]);
    const after = await cached.tasks(first.patientId);
    expect(after.map((task) => task.id)).not.toContain(target?.id);
    expect(after).toHaveLength(first.tasks.length - 1);
    await cache.upsert([stored as CachedResource]);
  });

  it('says plainly when a citizen is not in the cache, for every query', async () => {
    await expect(cached.citizen('pat-not-cached')).rejects.toBeInstanceOf(NotInCacheError);
    await expect(cached.tasks('pat-not-cached')).resolves.toEqual([]);
  });

  it('refuses a period that is not one, from either source, before asking anything', async () => {
    const patientId = patientIds[0] as string;
    for (const queries of [network, cached]) {
      await expect(
        queries.series(patientId, 'yesterday', NOW.toISOString()),
      ).rejects.toBeInstanceOf(InvalidPeriodError);
      await expect(
        queries.series(patientId, NOW.toISOString(), NOW.toISOString()),
      ).rejects.toBeInstanceOf(InvalidPeriodError);
    }
  });
});
