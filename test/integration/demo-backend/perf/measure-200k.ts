/**
 * Quick measurement of the demo back end at ≥ 200k synthetic resources: seed time,
 * and first-page latency over HTTP for each sync query shape (pages of 1,000)
 * and for default-size pages. Not a test; run by hand:
 *   node test/integration/demo-backend/perf/measure-200k.ts [size-factor]
 * Prints one JSON object with the figures.
 */
import { startDemoBackend } from '../../../../main/demo-backend/start-server.ts';
import { syntheticDataset } from './synthetic-dataset.ts';

const factor = Number(process.argv[2] ?? '1');
const { resources, ...dataset } = syntheticDataset(factor);
const resourceCount = resources.length;
const memoryBefore = process.memoryUsage().heapUsed;
const seedStarted = performance.now();
// The resource list is the caller's; like the process entry, drop it once seeded.
let lastServerMs = 0;
const backend = await startDemoBackend({
  resources: resources.splice(0),
  log: (entry) => {
    if (entry.kind === 'request') lastServerMs = entry.ms;
  },
});
const seedMs = performance.now() - seedStarted;
global.gc?.();
const heapMb = Math.round((process.memoryUsage().heapUsed - memoryBefore) / 1e6);
const base = backend.serviceBaseUrls;

async function timed(
  url: string,
  init?: RequestInit,
): Promise<{ ms: number; entries: number; next: boolean }> {
  const started = performance.now();
  const response = await fetch(url, init);
  const body = (await response.json()) as { entry?: unknown[]; link?: { relation: string }[] };
  const ms = performance.now() - started;
  if (!response.ok)
    throw new Error(`${url} → ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  return {
    ms,
    entries: body.entry?.length ?? 0,
    next: body.link?.some((l) => l.relation === 'next') ?? false,
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    Math.round(
      (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0) * 10,
    ) / 10
  );
}

async function measure(
  name: string,
  urls: () => { url: string; init?: RequestInit },
  runs = 30,
): Promise<Record<string, unknown>> {
  const times: number[] = [];
  const serverTimes: number[] = [];
  let entries = 0;
  for (let i = 0; i < runs + 3; i++) {
    const { url, init } = urls();
    const result = await timed(url, init);
    if (i >= 3) {
      times.push(result.ms);
      serverTimes.push(lastServerMs);
    }
    entries = result.entries;
  }
  return {
    name,
    entries,
    /** Round trip including the client's JSON.parse, in this same process. */
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    /** Request received → answer written, as the server logs it. */
    serverP50: percentile(serverTimes, 50),
    serverP95: percentile(serverTimes, 95),
  };
}

let round = 0;
const heavy = dataset.heavyEpisodes;
const results = [
  await measure('Observation by episodeOfCare + date range, _count=1000', () => ({
    url: `${base.measurement}/Observation?episodeOfCare=EpisodeOfCare/${heavy[round++ % heavy.length] ?? ''}&date=ge2025-01-01&date=le2026-12-31&_sort=date&_count=1000`,
  })),
];
for (const type of [
  'Task',
  'ClinicalImpression',
  'QuestionnaireResponse',
  'Appointment',
  'CarePlan',
] as const) {
  const service = dataset.serviceOf[type] ?? '';
  results.push(
    await measure(`${type} by _lastUpdated > checkpoint, _sort=_lastUpdated, _count=1000`, () => ({
      url: `${base[service] ?? ''}/${type}?_lastUpdated=gt${dataset.checkpoint}&_sort=_lastUpdated&_count=1000`,
    })),
  );
}
results.push(
  await measure('Communication (messages) by _lastUpdated > checkpoint, _count=1000', () => ({
    url: `${base.patient}/Communication?_lastUpdated=gt${dataset.checkpoint}&_sort=_lastUpdated&_count=1000`,
  })),
  await measure('Task by responsible team + _lastUpdated > checkpoint, _count=1000', () => ({
    url: `${base.task}/Task?responsible=CareTeam/team-big&_lastUpdated=gt${dataset.checkpoint}&_sort=_lastUpdated&_count=1000`,
  })),
  await measure('EpisodeOfCare by team, _count=1000', () => ({
    url: `${base.careplan}/EpisodeOfCare?team=CareTeam/team-big&_count=1000`,
  })),
  await measure('Patient by _id list of 1,000 (POST _search)', () => ({
    url: `${base.patient}/Patient/_search`,
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `_id=${dataset.patientIds.slice(0, 1000).join(',')}&_count=1000`,
    },
  })),
  await measure('default page: Observation by episodeOfCare', () => ({
    url: `${base.measurement}/Observation?episodeOfCare=EpisodeOfCare/${heavy[round++ % heavy.length] ?? ''}`,
  })),
  await measure('default page: Task by patient', () => ({
    url: `${base.task}/Task?patient=Patient/${dataset.patientIds[round++ % 500] ?? ''}`,
  })),
  await measure('default page: Communication by careTeamRecipient', () => ({
    url: `${base.patient}/Communication?careTeamRecipient=CareTeam/team-${round++ % 50}`,
  })),
  await measure('default page: Observation by identifier', () => ({
    url: `${base.measurement}/Observation?identifier=urn:ietf:rfc:3986|urn:uuid:obs-${round++ * 7}`,
  })),
);
console.log(
  JSON.stringify(
    { resources: resourceCount, seedMs: Math.round(seedMs), heapMb, results },
    null,
    2,
  ),
);
await backend.close();
