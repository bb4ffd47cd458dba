/**
 * Shared parts of the demo back end benchmarks: the generator's dataset and the
 * facts the queries and their checks need, a real `startDemoBackend` in a
 * process of its own (as in the app and the harness) over loopback HTTP, the
 * query shapes the app and the coming offline sync use, and the timing of one
 * request (sent → whole body received, not parsed) next to the server's own
 * time from its request log.
 */
import type { Resource } from '@medplum/fhirtypes';
import { fork, type ChildProcess } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { loadFutRouting } from '../../../main/backend/fut-routing.ts';
import {
  DEFAULT_HISTORY_DAYS,
  generateDemoDataset,
} from '../../../main/demo-backend/generator/dataset.ts';
import { DEFAULT_IG_DIRECTORY } from '../../../main/demo-backend/backend-core.ts';
import { createFhirGateway, type FhirGateway } from '../../../main/fhir-gateway/fhir-gateway.ts';
import { OPEN_TASK_STATUSES } from '../../../renderer/data/model/caseload.ts';
import { CURRENT_EPISODE_STATUSES } from '../../../renderer/data/model/episode.ts';
import { LATEST_MEASUREMENTS_DAYS } from '../../../renderer/features/citizen/period.ts';
import type { DemoPersona } from '../../../shared/domain/persona.ts';
import { Ext } from '../../../shared/fhir/profiles.ts';
import { collectSamples, WARMUPS } from './figures.ts';

/** The harness's seed (`DEMO_SEED` in test/harness/server/harness-server.ts). */
export const BENCH_SEED = 20260310;
/** A fixed "today" for the data, so every run measures the same dataset. */
export const BENCH_ANCHOR = '2026-03-10';
/** "Now" for the app's relative queries (citizen view: the last 30 days). */
const NOW_MS = Date.parse(`${BENCH_ANCHOR}T12:00:00Z`);
const DAY_MS = 86_400_000;
/** The back end's default page (ADR 0002); a search without `_count` gets this many. */
export const DEFAULT_PAGE = 50;
/** The back end's largest page. */
export const LARGEST_PAGE = 1000;
/** `$search-measurements-bundle-limit` takes at most this many submissions. */
const LARGEST_SUBMISSION_COUNT = 100;

/**
 * `meta.lastUpdated` given to the seed: the generator leaves it out, so the back end
 * would stamp every resource with the same seed time and any checkpoint before it
 * would select the whole type. A server that has been running has them spread
 * out; here the resources of each type are spread, in generation order, over the
 * history before the anchor, at whole seconds (checkpoints fall half a second
 * between two of them, so the expected count never hangs on a boundary).
 */
const STAMP_START_MS = NOW_MS - DEFAULT_HISTORY_DAYS * DAY_MS;
const STAMP_SPAN_S = DEFAULT_HISTORY_DAYS * 86_400;

/** The `_lastUpdated` sync shapes' types (the coming offline sync). */
export const SYNC_TYPES = [
  'Task',
  'ClinicalImpression',
  'Communication',
  'Appointment',
  'QuestionnaireResponse',
  'CarePlan',
  'CareTeam',
  'Organization',
  'Practitioner',
] as const;

interface EpisodeFacts {
  readonly id: string;
  readonly patientId: string;
  readonly status: string;
  readonly teamIds: readonly string[];
}

/** What the parent needs to know about the dataset the server process seeded. */
export interface DatasetFacts {
  readonly personas: readonly DemoPersona[];
  readonly total: number;
  readonly citizens: number;
  readonly generateMs: number;
  /** Per type: the `meta.lastUpdated` given to each resource, ascending (generation order). */
  readonly stamps: ReadonlyMap<string, readonly number[]>;
  readonly episodes: readonly EpisodeFacts[];
  readonly patientIds: readonly string[];
  /** Episode id → effective times (ms) of its Observations. */
  readonly observationTimes: ReadonlyMap<string, readonly number[]>;
}

export interface BenchDataset extends DatasetFacts {
  /** The generator's resources (handed to the back end, which then owns them). */
  readonly resources: Resource[];
}

export function datasetFacts(dataset: BenchDataset): DatasetFacts {
  const { personas, total, citizens, generateMs, stamps, episodes, patientIds } = dataset;
  return {
    personas,
    total,
    citizens,
    generateMs,
    stamps,
    episodes,
    patientIds,
    observationTimes: dataset.observationTimes,
  };
}

function idOf(reference: string | undefined, type: string): string | undefined {
  const prefix = `${type}/`;
  return reference?.startsWith(prefix) ? reference.slice(prefix.length) : undefined;
}

/** The generator's dataset (seed 20260310, fixed anchor) with `meta.lastUpdated` spread as above. */
export function prepareDataset(citizens: number): BenchDataset {
  const started = performance.now();
  const { resources, personas } = generateDemoDataset({
    seed: BENCH_SEED,
    anchor: BENCH_ANCHOR,
    citizens,
  });
  const generateMs = performance.now() - started;
  const counts = new Map<string, number>();
  for (const resource of resources)
    counts.set(resource.resourceType, (counts.get(resource.resourceType) ?? 0) + 1);
  const stamps = new Map<string, number[]>();
  const episodes: EpisodeFacts[] = [];
  const patientIds: string[] = [];
  const observationTimes = new Map<string, number[]>();
  for (const resource of resources) {
    const type = resource.resourceType;
    const n = counts.get(type) ?? 0;
    const list = stamps.get(type) ?? [];
    stamps.set(type, list);
    const stamp = STAMP_START_MS + Math.floor(((list.length + 1) * STAMP_SPAN_S) / (n + 1)) * 1000;
    list.push(stamp);
    resource.meta = { ...resource.meta, lastUpdated: new Date(stamp).toISOString() };
    if (resource.resourceType === 'Patient' && resource.id) patientIds.push(resource.id);
    if (resource.resourceType === 'EpisodeOfCare' && resource.id) {
      episodes.push({
        id: resource.id,
        patientId: idOf(resource.patient.reference, 'Patient') ?? '',
        status: resource.status,
        teamIds: (resource.team ?? []).flatMap((team) => idOf(team.reference, 'CareTeam') ?? []),
      });
    }
    if (resource.resourceType === 'Observation') {
      const episode = idOf(
        resource.extension?.find((extension) => extension.url === Ext.workflowEpisodeOfCare)
          ?.valueReference?.reference,
        'EpisodeOfCare',
      );
      const time = Date.parse(resource.effectiveDateTime ?? '');
      if (episode && Number.isFinite(time)) {
        const times = observationTimes.get(episode) ?? [];
        times.push(time);
        observationTimes.set(episode, times);
      }
    }
  }
  if (Date.now() <= NOW_MS)
    throw new Error('the machine clock is before the bench anchor: seeded times would be dropped');
  return {
    resources,
    personas,
    total: resources.length,
    citizens,
    generateMs,
    stamps,
    episodes,
    patientIds,
    observationTimes,
  };
}

/** Messages of the server process (`demo-backend-child.ts`) to the bench. */
export type ChildMessage =
  | {
      readonly type: 'ready';
      readonly serviceBaseUrls: Readonly<Record<string, string>>;
      readonly startMs: number;
      readonly facts: DatasetFacts;
    }
  | { readonly type: 'log'; readonly path: string; readonly status: unknown; readonly ms: number }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'stopped' };

export interface LoggedRequest {
  readonly path: string;
  readonly status: unknown;
  /** The server's time for it (request received → answer written), whole ms. */
  readonly ms: number;
}

export interface BenchBackend {
  readonly facts: DatasetFacts;
  /** Base URL of the service the app's gateway sends a type to (`…/careplan/fhir`). */
  base(type: string): string;
  /** `startDemoBackend` wall time with the dataset, after a warm start-up in its process. */
  readonly startMs: number;
  /** The server's request log, in order. */
  readonly requests: readonly LoggedRequest[];
  /** Resolves once the log holds `count` requests. */
  logged(count: number): Promise<void>;
  /** One kept-alive connection, as a client paging through a sync would use. */
  readonly agent: Agent;
  close(): Promise<void>;
}

const CHILD = join(import.meta.dirname, 'demo-backend-child.ts');

/**
 * Forks the server process, which generates the dataset (seed 20260310, fixed
 * anchor, `citizens`) and seeds a real `startDemoBackend` with it. Node flags for
 * it (e.g. `--cpu-prof --cpu-prof-dir=out/bench/prof`, `--trace-gc`) can be given
 * in BENCH_SERVER_NODE_ARGS.
 */
export async function startBenchBackend(citizens: number): Promise<BenchBackend> {
  const { typeRouting } = await loadFutRouting(DEFAULT_IG_DIRECTORY);
  const child: ChildProcess = fork(CHILD, [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
    execArgv: (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean),
  });
  const requests: LoggedRequest[] = [];
  const errors: string[] = [];
  let waiter: { count: number; resolve: () => void } | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<Extract<ChildMessage, { type: 'ready' }>>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`bench server exited (${code}): ${errors.join('; ')}`)),
    );
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') resolve(message);
      else if (message.type === 'error') errors.push(message.message);
      else if (message.type === 'log') {
        requests.push({ path: message.path, status: message.status, ms: message.ms });
        if (waiter && requests.length >= waiter.count) waiter.resolve();
      }
    });
  });
  child.send({ type: 'start', citizens });
  let started: Extract<ChildMessage, { type: 'ready' }>;
  try {
    started = await ready;
  } catch (error) {
    child.kill();
    throw error;
  }
  const { serviceBaseUrls } = started;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    agent,
    facts: started.facts,
    startMs: started.startMs,
    requests,
    base: (type) => {
      const service = typeRouting[type];
      const url = service ? serviceBaseUrls[service] : undefined;
      if (!url) throw new Error(`no service for ${type}`);
      return url;
    },
    logged: (count) => {
      if (errors.length > 0) return Promise.reject(new Error(`bench server: ${errors.join('; ')}`));
      if (requests.length >= count) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error('no request log from the bench server')),
          5000,
        );
        waiter = {
          count,
          resolve: () => {
            clearTimeout(timer);
            waiter = undefined;
            resolve();
          },
        };
      });
    },
    close: async () => {
      agent.destroy();
      if (child.exitCode !== null) return;
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill(), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// ---------------------------------------------------------------- query shapes

/** One request of a shape, and the check that its answer is what the dataset says. */
export interface Probe {
  readonly url: string;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly check: (body: unknown) => void;
}

export interface QueryShape {
  readonly name: string;
  /** The request for a variant (0, 1, 2, …: every warm-up and sample gets its own). */
  probe(variant: number): Probe;
}

interface BundleLike {
  resourceType?: string;
  total?: number;
  link?: { relation?: string }[];
  entry?: { resource?: BundleLike; search?: { mode?: string } }[];
}

function fail(message: string): never {
  throw new Error(message);
}

/**
 * A searchset page: `total`, when given, as expected (a search read page by
 * page leaves it out of a first page that does not hold every match; then a
 * `next` link and a full page must be there), never 0 when `nonEmpty`, and
 * exactly `min(page, total)` matches, so an empty or short answer cannot pass.
 */
function checkPage(
  label: string,
  page: number,
  expectedTotal: number | undefined,
  nonEmpty: boolean,
): (body: unknown) => void {
  return (body) => {
    const bundle = body as BundleLike;
    if (bundle.resourceType !== 'Bundle') fail(`${label}: not a Bundle`);
    if (bundle.total !== undefined && expectedTotal !== undefined && bundle.total !== expectedTotal)
      fail(`${label}: total ${bundle.total}, expected ${expectedTotal}`);
    const more = bundle.link?.some((link) => link.relation === 'next') ?? false;
    const total = bundle.total ?? expectedTotal;
    if (total === undefined && !more) fail(`${label}: neither a total nor a next page`);
    if (total !== undefined && more !== total > page)
      fail(`${label}: next link ${more ? 'given' : 'missing'} with ${total} matches`);
    if (nonEmpty && total === 0) fail(`${label}: no matches`);
    const matches = (bundle.entry ?? []).filter((entry) => entry.search?.mode !== 'include');
    const wanted = total === undefined ? page : Math.min(page, total);
    if (matches.length !== wanted)
      fail(`${label}: ${matches.length} entries, expected ${wanted} of ${total ?? 'more'}`);
  };
}

const countParam = (count: number | undefined) => (count === undefined ? '' : `&_count=${count}`);
const refs = (type: string, ids: readonly string[]) =>
  ids.map((id) => `${type}/${encodeURIComponent(id)}`).join(',');

/** A spread of fractions in [0, 1) over the variants (golden-ratio steps). */
function spread(variant: number): number {
  return (variant * 0.618_033_988_75) % 1;
}

function rotate<T>(items: readonly T[], variant: number): T {
  if (items.length === 0) throw new Error('nothing to rotate over');
  return items[variant % items.length] as T;
}

/** Episodes with the most Observations, most first (the heaviest sync by episode). */
function heaviestEpisodes(dataset: DatasetFacts, howMany: number): string[] {
  return [...dataset.observationTimes.entries()]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .slice(0, howMany)
    .map(([id]) => id);
}

/**
 * The offline sync's query shapes. `count`: the `_count` asked (undefined: the
 * server's default page). Checkpoints, episodes, teams and ids vary by variant.
 */
export function syncShapes(server: BenchBackend, count: number | undefined): QueryShape[] {
  const dataset = server.facts;
  const page = count ?? DEFAULT_PAGE;
  const pageText = count === undefined ? 'default page' : `_count=${count}`;
  const shapes: QueryShape[] = [];

  // Observation by episodeOfCare + date range (a range wider than the history: every measurement).
  const episodes = heaviestEpisodes(dataset, 32);
  const from = NOW_MS - 2 * DEFAULT_HISTORY_DAYS * DAY_MS;
  const to = NOW_MS + DAY_MS;
  shapes.push({
    name: `Observation by episodeOfCare + date range, _sort=date, ${pageText}`,
    probe: (variant) => {
      const episode = rotate(episodes, variant);
      const expected = (dataset.observationTimes.get(episode) ?? []).filter(
        (time) => time >= from && time <= to,
      ).length;
      return {
        url:
          `${server.base('Observation')}/Observation?episodeOfCare=EpisodeOfCare/${episode}` +
          `&date=ge${new Date(from).toISOString()}&date=le${new Date(to).toISOString()}` +
          `&_sort=date${countParam(count)}`,
        check: checkPage(`Observation of ${episode}`, page, expected, true),
      };
    },
  });

  // $search-measurements-bundle-limit: count is required and at most 100 submissions.
  const submissions = Math.min(page, LARGEST_SUBMISSION_COUNT);
  shapes.push({
    name: `$search-measurements-bundle-limit by episodeOfCare + start/end, count=${submissions}`,
    probe: (variant) => {
      const episode = rotate(episodes, variant);
      return {
        url:
          `${server.base('Observation')}/$search-measurements-bundle-limit?episodeOfCare=EpisodeOfCare/${episode}` +
          `&start=${new Date(from).toISOString()}&end=${new Date(to).toISOString()}&count=${submissions}`,
        // Seeded measurements are each their own submission and these episodes have more than 100.
        check: (body) => {
          const bundle = body as BundleLike;
          if (bundle.resourceType !== 'Bundle') fail(`submissions of ${episode}: not a Bundle`);
          const nested = bundle.entry ?? [];
          if (nested.length !== submissions)
            fail(`submissions of ${episode}: ${nested.length}, expected ${submissions}`);
          if (nested.some((entry) => entry.resource?.entry?.length === 0))
            fail(`submissions of ${episode}: an empty submission`);
        },
      };
    },
  });

  // _lastUpdated > checkpoint, sorted by _lastUpdated, per type.
  for (const type of SYNC_TYPES) {
    const stamps = dataset.stamps.get(type) ?? [];
    shapes.push({
      name: `${type} by _lastUpdated > checkpoint, _sort=_lastUpdated, ${pageText}`,
      probe: (variant) => {
        // From "everything" down to a last full page (or one match for small types).
        const room = stamps.length > page ? stamps.length - page : stamps.length - 1;
        const skip = Math.floor(spread(variant) * (room + 1));
        const checkpoint = (stamps[skip] ?? fail(`${type}: no resources`)) - 500;
        return {
          url:
            `${server.base(type)}/${type}?_lastUpdated=gt${new Date(checkpoint).toISOString()}` +
            `&_sort=_lastUpdated${countParam(count)}`,
          check: checkPage(`${type} after ${skip}`, page, stamps.length - skip, true),
        };
      },
    });
  }

  // EpisodeOfCare by team: windows of four of the largest teams.
  const episodesByTeam = new Map<string, Set<string>>();
  for (const episode of dataset.episodes) {
    for (const team of episode.teamIds) {
      const set = episodesByTeam.get(team) ?? new Set<string>();
      set.add(episode.id);
      episodesByTeam.set(team, set);
    }
  }
  const largestTeams = [...episodesByTeam.entries()]
    .sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]))
    .slice(0, 12)
    .map(([team]) => team);
  shapes.push({
    name: `EpisodeOfCare by team (4 teams), ${pageText}`,
    probe: (variant) => {
      const start = variant % (largestTeams.length - 3);
      const teams = largestTeams.slice(start, start + 4);
      const expected = new Set(teams.flatMap((team) => [...(episodesByTeam.get(team) ?? [])]));
      return {
        url: `${server.base('EpisodeOfCare')}/EpisodeOfCare?team=${refs('CareTeam', teams)}${countParam(count)}`,
        check: checkPage(`EpisodeOfCare of ${teams.join(',')}`, page, expected.size, true),
      };
    },
  });

  // Patient by _id list (POST _search: 1,000 ids do not belong in a URL).
  const idCount = Math.min(LARGEST_PAGE, dataset.patientIds.length);
  shapes.push({
    name: `Patient by _id list of ${idCount} (POST _search), ${pageText}`,
    probe: (variant) => {
      const offset = (variant * 137) % dataset.patientIds.length;
      const ids = [...dataset.patientIds.slice(offset), ...dataset.patientIds].slice(0, idCount);
      return {
        url: `${server.base('Patient')}/Patient/_search`,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `_id=${ids.map(encodeURIComponent).join(',')}${countParam(count)}`,
        check: checkPage(`Patient ids from ${offset}`, page, idCount, true),
      };
    },
  });
  return shapes;
}

/** What the caseload and citizen views ask for one persona (renderer/data/source/network-source.ts). */
export function personaShapes(server: BenchBackend, persona: DemoPersona): QueryShape[] {
  const dataset = server.facts;
  const teams = refs('CareTeam', persona.careTeamIds);
  const current = new Set<string>(CURRENT_EPISODE_STATUSES);
  const caseload = dataset.episodes.filter(
    (episode) =>
      current.has(episode.status) &&
      episode.teamIds.some((team) => persona.careTeamIds.includes(team)),
  );
  const patients = [...new Set(caseload.map((episode) => episode.patientId))];
  if (patients.length === 0) throw new Error(`${persona.id}: empty caseload`);
  const chunks: string[][] = [];
  for (let i = 0; i < patients.length; i += 50) chunks.push(patients.slice(i, i + 50));
  const since = new Date(NOW_MS - LATEST_MEASUREMENTS_DAYS * DAY_MS).toISOString();
  const label = (view: string) => `${view} (${persona.id})`;
  return [
    {
      name: label('caseload: EpisodeOfCare by team + status, _count=200'),
      probe: () => ({
        url: `${server.base('EpisodeOfCare')}/EpisodeOfCare?team=${teams}&status=${CURRENT_EPISODE_STATUSES.join(',')}&_count=200`,
        check: checkPage(label('caseload episodes'), 200, caseload.length, true),
      }),
    },
    {
      name: label('caseload: Task by responsible team + status, _count=500'),
      probe: () => ({
        url: `${server.base('Task')}/Task?responsible=${teams}&status=${OPEN_TASK_STATUSES.join(',')}&_count=500`,
        check: checkPage(label('caseload tasks'), 500, undefined, false),
      }),
    },
    {
      name: label('caseload: Patient by _id list of 50, _count=50'),
      probe: (variant) => {
        const ids = rotate(chunks, variant);
        return {
          url: `${server.base('Patient')}/Patient?_id=${ids.map(encodeURIComponent).join(',')}&_count=50`,
          check: checkPage(label('caseload patients'), 50, ids.length, true),
        };
      },
    },
    {
      name: label('citizen: Patient read'),
      probe: (variant) => {
        const id = rotate(patients, variant);
        return {
          url: `${server.base('Patient')}/Patient/${encodeURIComponent(id)}`,
          check: (body) => {
            if ((body as { id?: string }).id !== id) fail(`Patient/${id}: wrong answer`);
          },
        };
      },
    },
    {
      name: label('citizen: EpisodeOfCare by patient, _count=50'),
      probe: (variant) => {
        const id = rotate(patients, variant);
        const expected = dataset.episodes.filter((episode) => episode.patientId === id).length;
        return {
          url: `${server.base('EpisodeOfCare')}/EpisodeOfCare?patient=Patient/${encodeURIComponent(id)}&_count=50`,
          check: checkPage(`episodes of ${id}`, 50, expected, true),
        };
      },
    },
    {
      name: label('citizen: Observation by subject + date (30 days), _count=500'),
      probe: (variant) => {
        const id = rotate(patients, variant);
        return {
          url: `${server.base('Observation')}/Observation?subject=Patient/${encodeURIComponent(id)}&date=ge${since}&_count=500`,
          check: checkPage(`observations of ${id}`, 500, undefined, false),
        };
      },
    },
  ];
}

// ---------------------------------------------------------------- timing

export interface ShapeTimes {
  readonly name: string;
  /** Client time per sample: request sent → whole body received (not parsed), ms. */
  readonly client: readonly number[];
  /** The server's own time per sample (its request log: received → answer written, whole ms). */
  readonly server: readonly number[];
}

/**
 * One request on the kept-alive connection; resolves when the last byte of the
 * body has arrived, with the body still in the chunks it came in (unparsed).
 */
function exchange(
  probe: Probe,
  agent: Agent,
): Promise<{ readonly status: number; readonly chunks: Buffer[] }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      probe.url,
      { method: probe.method ?? 'GET', headers: probe.headers, agent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, chunks }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(probe.body);
  });
}

/**
 * Runs one shape with the fixed method (WARMUPS unrecorded, then SAMPLES), each
 * request a different variant. Every answer is checked once the samples are
 * taken, so parsing megabytes of JSON leaves no garbage for the client's
 * collector to clear in the middle of a later timed request.
 */
export async function measureShape(shape: QueryShape, server: BenchBackend): Promise<ShapeTimes> {
  const serverTimes: number[] = [];
  const answers: { probe: Probe; status: number; chunks: Buffer[] }[] = [];
  const client = await collectSamples(async (index) => {
    // Warm-ups are −1…−WARMUPS: variants WARMUPS−1…0; samples follow from WARMUPS.
    const probe = shape.probe(index + WARMUPS);
    const logged = server.requests.length;
    const started = performance.now();
    const { status, chunks } = await exchange(probe, server.agent);
    const ms = performance.now() - started;
    answers.push({ probe, status, chunks });
    await server.logged(logged + 1);
    const entries = server.requests.slice(logged);
    const entry = entries[0];
    const path = new URL(probe.url).pathname;
    if (entries.length !== 1 || entry?.path !== path)
      throw new Error(`${shape.name}: expected one logged request for ${path}`);
    if (index >= 0) serverTimes.push(entry.ms);
    return ms;
  });
  for (const { probe, status, chunks } of answers.splice(0)) {
    const text = Buffer.concat(chunks).toString('utf8');
    if (status !== 200) throw new Error(`${shape.name}: HTTP ${status} ${text.slice(0, 400)}`);
    probe.check(JSON.parse(text));
  }
  return { name: shape.name, client, server: serverTimes };
}

/** The app's FHIR gateway over a bench back end: FUT's service map, no pause between retries. */
export async function benchGateway(server: { base(type: string): string }): Promise<FhirGateway> {
  const routing = await loadFutRouting(DEFAULT_IG_DIRECTORY);
  const services: Record<string, string> = {};
  for (const [type, service] of Object.entries(routing.typeRouting)) {
    try {
      services[service] = server.base(type).replace(/\/$/, '');
    } catch {
      // A type no service of the bench server holds.
    }
  }
  return createFhirGateway({ serviceMap: () => ({ services, ...routing }), retryDelayMs: () => 0 });
}
