import { matchesSearchRequest, type SearchRequest } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import fc from 'fast-check';
import {
  createBackendCore,
  type BackendCore,
} from '../../../../../main/demo-backend/backend-core.ts';
import { EngineRepository } from '../../../../../main/demo-backend/engine/engine-repository.ts';
import type { SearchContext } from '../../../../../main/demo-backend/search/execute-search.ts';
import { ResourceStore } from '../../../../../main/demo-backend/store/resource-store.ts';
import { SearchIndexes } from '../../../../../main/demo-backend/store/search-indexes.ts';
import { ServerClock } from '../../../../../main/demo-backend/store/server-clock.ts';
import { WritePath } from '../../../../../main/demo-backend/store/write-path.ts';
import { resourceArb } from './arbitrary-resources.ts';

/**
 * A store, indexes, engine and write path without HTTP, fresh per property run,
 * sharing one parsed catalog; and the two oracles indexed answers are held to.
 */

let shared: Promise<BackendCore> | undefined;

/** The catalog and index plan (Medplum's definitions are indexed once per process). */
export function sharedCore(): Promise<BackendCore> {
  shared ??= createBackendCore();
  return shared;
}

export interface World extends SearchContext {
  readonly writes: WritePath;
}

export async function freshWorld(): Promise<World> {
  const { plan } = await sharedCore();
  const store = new ResourceStore();
  const indexes = new SearchIndexes(plan, store);
  const engine = await EngineRepository.create();
  const writes = new WritePath({ store, indexes, plan, engine, clock: new ServerClock() });
  return { store, indexes, engine, writes };
}

export const TYPES = {
  Observation: 'measurement',
  Task: 'task',
  Communication: 'patient',
  EpisodeOfCare: 'careplan',
} as const;
export type Type = keyof typeof TYPES;

export const SEED_TIMES = [
  '2025-01-01T00:00:00.000Z',
  '2025-01-01T00:00:00.001Z',
  '2025-06-01T12:00:00.000Z',
  '2025-06-01T12:00:00.999Z',
];

export const DATE_PREFIXES = ['', 'eq', 'ne', 'gt', 'ge', 'lt', 'le', 'sa', 'eb', 'ap'];
export const LAST_UPDATED_VALUES = [
  ...SEED_TIMES,
  '2025-01-01',
  '2025-06-01T12:00:00Z',
  '2025',
  '2030-01-01',
];

export const seedArb = (type: Type, id: string): fc.Arbitrary<Resource> =>
  fc
    .tuple(resourceArb(type, fc.constant(id)), fc.constantFrom(...SEED_TIMES))
    .map(([resource, lastUpdated]) => ({
      ...resource,
      meta: {
        lastUpdated,
        // Communication lives on the patient service as a message.
        ...(type === 'Communication'
          ? { profile: ['http://ehealth.sundhed.dk/fhir/StructureDefinition/ehealth-message'] }
          : {}),
      },
    }));

export const datasetArb = fc
  .array(fc.constantFrom<Type>('Observation', 'Task', 'Communication', 'EpisodeOfCare'), {
    minLength: 30,
    maxLength: 120,
  })
  .chain((types) =>
    fc.tuple(...types.map((type, i) => seedArb(type, `${type.toLowerCase()}-${i}`))),
  );

/** Naive oracle: every resource of the type on the service, through Medplum's matcher. */
export function naive(world: World, service: string, request: SearchRequest): string[] {
  return [...world.store.ofType(request.resourceType).values()]
    .filter((entry) => entry.service === service && matchesSearchRequest(entry.resource, request))
    .map((entry) => entry.id)
    .sort();
}

/** Engine oracle: Medplum's MemoryRepository search, limited to the service. */
export async function engineIds(
  world: World,
  service: string,
  request: SearchRequest,
): Promise<string[]> {
  const bundle = await world.engine.repo.search({
    resourceType: request.resourceType,
    filters: request.filters,
  });
  return (bundle.entry ?? [])
    .flatMap((e) => (e.resource?.id ? [e.resource.id] : []))
    .filter((id) => world.store.get(request.resourceType, id)?.service === service)
    .sort();
}
