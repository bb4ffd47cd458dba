import { IDBDatabase, IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { join } from 'node:path';
import { loadFutRouting } from '../../../main/backend/fut-routing.ts';
import { generateDemoDataset } from '../../../main/demo-backend/generator/dataset.ts';
import { startDemoBackend, type DemoBackend } from '../../../main/demo-backend/start-server.ts';
import { createFhirGateway, type FhirGateway } from '../../../main/fhir-gateway/fhir-gateway.ts';
import { importCacheKeys } from '../../../renderer/data/cache/cache-crypto.ts';
import { CACHED_TYPES, type CachedType } from '../../../renderer/data/cache/contracts.ts';
import { openCache, type OpenedCacheHandle } from '../../../renderer/data/cache/open-cache.ts';
import {
  createFhirClient,
  type FhirClient,
  type FhirFetch,
} from '../../../renderer/data/fhir/fhir-client.ts';
import type { SyncScope } from '../../../renderer/data/sync/contracts.ts';
import type { CacheKeys, ResourceCache } from '../../../renderer/data/cache/contracts.ts';
import { searchAll } from '../../support/fhir-paths.ts';

/**
 * The sync tests' world: the real demo back end behind the real gateway, the
 * renderer's FhirClient over it (every request counted, a hook before each),
 * and real encrypted caches (Dexie + AES-GCM + HMAC) on fake-indexeddb with
 * their read-write transactions counted.
 */

export interface SyncWorld {
  readonly backend: DemoBackend;
  readonly gateway: FhirGateway;
  /** The client sync uses: counted, with `beforeRequest`. */
  readonly client: FhirClient;
  /** An uncounted client for the test's own reads and server changes. */
  readonly admin: FhirClient;
  /** The page's `fetch` to `/fhir/…` as the gateway answers it (counted), for a worker's own client. */
  readonly fetch: FhirFetch;
  readonly scopes: Readonly<Record<string, SyncScope>>;
  readonly counter: RequestCounter;
  close(): Promise<void>;
}

export interface RequestCounter {
  count: number;
  paths: string[];
  /** Called before each counted request is sent (throw to refuse it). */
  beforeRequest: ((path: string, signal: AbortSignal | undefined) => void) | null;
  /** While set, counted requests wait for it before they are answered. */
  gate: Promise<void> | null;
  reset(): void;
}

export { IDBKeyRange };

export async function startSyncWorld(options: {
  readonly seed: number;
  readonly citizens: number;
  readonly anchor?: string;
}): Promise<SyncWorld> {
  const anchor = options.anchor ?? new Date().toISOString().slice(0, 10);
  const dataset = generateDemoDataset({ seed: options.seed, anchor, citizens: options.citizens });
  const backend = await startDemoBackend({ resources: dataset.resources });
  const routing = await loadFutRouting(join(import.meta.dirname, '../../../resources/fut-ig'));
  const gateway = createFhirGateway({
    serviceMap: () => ({ services: backend.serviceBaseUrls, ...routing }),
    retryDelayMs: () => 0,
  });
  const counter: RequestCounter = {
    count: 0,
    paths: [],
    beforeRequest: null,
    gate: null,
    reset() {
      this.count = 0;
      this.paths = [];
    },
  };
  const fetchThrough =
    (counted: boolean): FhirFetch =>
    async (input, init) => {
      if (init?.signal?.aborted) throw init.signal.reason;
      if (counted) {
        counter.beforeRequest?.(input, init?.signal ?? undefined);
        counter.count++;
        counter.paths.push(input);
        if (counter.gate) await counter.gate;
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of new Headers(init?.headers).entries()) headers[name] = value;
      const answer = await gateway.handle({
        method: init?.method ?? 'GET',
        path: input,
        headers,
        ...(typeof init?.body === 'string' ? { body: init.body } : {}),
      });
      return new Response(answer.body.length > 0 ? answer.body : null, {
        status: answer.status,
        headers: answer.headers,
      });
    };
  const scopes = Object.fromEntries(
    dataset.personas.map((persona) => [
      persona.id,
      { practitionerId: persona.practitionerId, careTeamIds: persona.careTeamIds },
    ]),
  );
  return {
    backend,
    gateway,
    client: createFhirClient(fetchThrough(true)),
    admin: createFhirClient(fetchThrough(false)),
    fetch: fetchThrough(true),
    scopes,
    counter,
    close: () => backend.close(),
  };
}

/** Read-write IndexedDB transactions per database name (fake-indexeddb), counted from the first call. */
const readWrites = new Map<string, number>();
let patched = false;
function countReadWrites(): void {
  if (patched) return;
  patched = true;
  const original = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (
    this: IDBDatabase,
    ...args: Parameters<typeof original>
  ) {
    if (args[1] === 'readwrite') readWrites.set(this.name, (readWrites.get(this.name) ?? 0) + 1);
    return original.apply(this, args);
  } as typeof original;
}

export interface TestCache {
  readonly handle: OpenedCacheHandle;
  readonly keys: CacheKeys;
  readonly userKey: string;
  /** The factory the cache lives in (a worker joins it). */
  readonly indexedDB: IDBFactory;
  readonly cache: ResourceCache;
  /** Read-write IndexedDB transactions on this cache's database so far. */
  readWrites(): number;
}

let cacheCounter = 0;
/** A fresh encrypted cache on its own fake-indexeddb factory. */
export async function newTestCache(): Promise<TestCache> {
  countReadWrites();
  const raw = globalThis.crypto.getRandomValues(new Uint8Array(32));
  const keys = await importCacheKeys(raw, `test-key-${++cacheCounter}`);
  const userKey = `sync-test-${cacheCounter}`;
  const indexedDB = new IDBFactory();
  const handle = await openCache({ userKey, keys, persistent: true, indexedDB, IDBKeyRange });
  return {
    handle,
    keys,
    userKey,
    indexedDB,
    cache: handle.resources,
    readWrites: () => readWrites.get(handle.databaseName) ?? 0,
  };
}

/** `Type/id` → versionId of everything in the cache. */
export async function cacheSet(cache: ResourceCache): Promise<Map<string, string>> {
  const all = new Map<string, string>();
  for (const type of CACHED_TYPES) {
    for (const [id, version] of await cache.versions(type)) all.set(`${type}/${id}`, version);
  }
  return all;
}

const CHUNK = 100;
function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
const refs = (type: string, ids: readonly string[]) => ids.map((id) => `${type}/${id}`).join(',');

/**
 * The server's set in scope, read whole with plain searches (no checkpoints,
 * no windows): the oracle the cache is compared with.
 */
export async function serverSet(fhir: FhirClient, scope: SyncScope): Promise<Map<string, string>> {
  const all = new Map<string, string>();
  const add = (resources: readonly Record<string, unknown>[]) => {
    for (const resource of resources) {
      const type = resource.resourceType as string;
      if (!(CACHED_TYPES as readonly string[]).includes(type)) continue;
      const version = (resource.meta as { versionId?: string } | undefined)?.versionId ?? '?';
      all.set(`${type}/${resource.id as string}`, version);
    }
    return resources;
  };
  const search = async (path: string) => add(await searchAll(fhir, path, { maxPages: 10_000 }));
  const teams = await search(`CareTeam?_id=${scope.careTeamIds.join(',')}&_count=1000`);
  const practitioners = new Set([scope.practitionerId]);
  const organizations = new Set<string>();
  for (const team of teams as {
    managingOrganization?: { reference?: string };
    participant?: { member?: { reference?: string }; onBehalfOf?: { reference?: string } }[];
  }[]) {
    const org = team.managingOrganization?.reference;
    if (org?.startsWith('Organization/')) organizations.add(org.slice(13));
    for (const p of team.participant ?? []) {
      const member = p.member?.reference ?? '';
      if (member.startsWith('Practitioner/')) practitioners.add(member.slice(13));
      if (member.startsWith('Organization/')) organizations.add(member.slice(13));
      const behalf = p.onBehalfOf?.reference ?? '';
      if (behalf.startsWith('Organization/')) organizations.add(behalf.slice(13));
    }
  }
  for (const part of chunks([...practitioners])) await search(`Practitioner?_id=${part.join(',')}`);
  for (const part of chunks([...organizations])) await search(`Organization?_id=${part.join(',')}`);
  const episodes = (
    await search(
      `EpisodeOfCare?team=${refs('CareTeam', scope.careTeamIds)}&_include=EpisodeOfCare:condition&_count=1000`,
    )
  ).filter((r) => r.resourceType === 'EpisodeOfCare') as {
    id: string;
    patient: { reference: string };
  }[];
  const episodeIds = episodes.map((e) => e.id);
  const patientIds = [...new Set(episodes.map((e) => e.patient.reference.slice(8)))];
  for (const part of chunks(patientIds)) await search(`Patient?_id=${part.join(',')}&_count=1000`);
  for (const part of chunks(episodeIds)) {
    const eoc = refs('EpisodeOfCare', part);
    await search(`CarePlan?episodeOfCare=${eoc}&_include=CarePlan:activity-reference&_count=1000`);
    for (const type of ['Task', 'ClinicalImpression', 'QuestionnaireResponse', 'Observation'])
      await search(`${type}?episodeOfCare=${eoc}&_count=1000`);
  }
  for (const part of chunks(patientIds)) {
    for (const type of ['Communication', 'Appointment'])
      await search(`${type}?patient=${refs('Patient', part)}&_count=1000`);
  }
  await search('Questionnaire?_count=1000');
  return all;
}

/** What differs between two sets, for a readable failure. */
export function difference(
  expected: ReadonlyMap<string, string>,
  actual: ReadonlyMap<string, string>,
): { missing: string[]; extra: string[]; stale: string[] } {
  const missing: string[] = [];
  const stale: string[] = [];
  for (const [key, version] of expected) {
    const got = actual.get(key);
    if (got === undefined) missing.push(key);
    else if (got !== version) stale.push(`${key} ${got}≠${version}`);
  }
  const extra = [...actual.keys()].filter((key) => !expected.has(key));
  return { missing: missing.slice(0, 20), extra: extra.slice(0, 20), stale: stale.slice(0, 20) };
}

export function typeCounts(set: ReadonlyMap<string, string>): Partial<Record<CachedType, number>> {
  const counts: Partial<Record<CachedType, number>> = {};
  for (const key of set.keys()) {
    const type = key.split('/')[0] as CachedType;
    counts[type] = (counts[type] ?? 0) + 1;
  }
  return counts;
}

type Json = Record<string, unknown>;
const EH = 'http://ehealth.sundhed.dk/fhir/StructureDefinition/';

/** Submits a copy of an existing Observation with a new clinical time, as the citizen's app would. */
export async function submitMeasurementLike(
  fhir: FhirClient,
  template: Json,
  effective: Date,
): Promise<string> {
  const rest: Json = { ...template };
  delete rest.id;
  delete rest.meta;
  const copy = {
    ...rest,
    identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${crypto.randomUUID()}` }],
    effectiveDateTime: effective.toISOString(),
    issued: new Date().toISOString(),
    // The server fills in the resolved timing for the new time.
    extension: ((rest.extension as Json[] | undefined) ?? []).filter(
      (e) => e.url !== `${EH}ehealth-resolved-timing`,
    ),
  };
  const answer = await fhir.send('POST', '$submit-measurement', {
    body: {
      resourceType: 'Parameters',
      parameter: [
        {
          name: 'measurement',
          resource: {
            resourceType: 'Bundle',
            type: 'transaction',
            entry: [
              {
                fullUrl: `urn:uuid:${crypto.randomUUID()}`,
                resource: copy,
                request: { method: 'POST', url: 'Observation' },
              },
            ],
          },
        },
      ],
    },
  });
  if (answer.status !== 200) throw new Error(`$submit-measurement answered ${answer.status}`);
  const created = (
    answer.resource?.resourceType === 'Bundle'
      ? (answer.resource.entry as { resource?: Json }[] | undefined)
      : undefined
  )?.find((entry) => entry.resource?.resourceType === 'Observation')?.resource;
  if (typeof created?.id !== 'string')
    throw new Error('$submit-measurement created no Observation');
  return created.id;
}
