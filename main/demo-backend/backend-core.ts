import type { Resource } from '@medplum/fhirtypes';
import { fileURLToPath } from 'node:url';
import { systemClock, type Clock } from '../../shared/time/clock.ts';
import { FUT_SEARCH_PARAMETERS } from './capabilities/fut-search-parameters.ts';
import { loadServiceCatalog, type ServiceCatalog } from './capabilities/service-catalog.ts';
import { homeServiceOf } from './capabilities/service-routing.ts';
import { EngineRepository } from './engine/engine-repository.ts';
import {
  ensureBaseDefinitions,
  loadIgSearchParameters,
  registerSearchParameters,
} from './engine/fhir-definitions.ts';
import { IndexPlan } from './store/index-keys.ts';
import { ResourceStore } from './store/resource-store.ts';
import { SearchIndexes } from './store/search-indexes.ts';
import { ServerClock } from './store/server-clock.ts';
import { WritePath } from './store/write-path.ts';

/** The FUT IG JSON in the repository (`resources/fut-ig`); a bundled app passes its own path. */
export const DEFAULT_IG_DIRECTORY = fileURLToPath(
  new URL('../../resources/fut-ig/', import.meta.url),
);

/** Everything but HTTP: rules, engine, store, indexes and the write path. */
export interface BackendCore {
  readonly catalog: ServiceCatalog;
  readonly plan: IndexPlan;
  readonly store: ResourceStore;
  readonly indexes: SearchIndexes;
  readonly engine: EngineRepository;
  readonly clock: ServerClock;
  readonly writes: WritePath;
}

/**
 * Reads FUT's statements and search parameters into Medplum's schema (base R4
 * first, once per process) and wires an empty store to a fresh engine. `time`
 * is the wall clock the server stamps writes and expires cursors by.
 */
export async function createBackendCore(
  igDirectory: string = DEFAULT_IG_DIRECTORY,
  time: Clock = systemClock,
): Promise<BackendCore> {
  ensureBaseDefinitions();
  const catalog = loadServiceCatalog(igDirectory);
  registerSearchParameters(
    [...loadIgSearchParameters(igDirectory), ...FUT_SEARCH_PARAMETERS],
    catalog.types(),
  );
  const plan = new IndexPlan(catalog);
  const store = new ResourceStore();
  const indexes = new SearchIndexes(plan, store);
  const engine = await EngineRepository.create();
  const clock = new ServerClock(time);
  const writes = new WritePath({ store, indexes, plan, engine, clock });
  return { catalog, plan, store, indexes, engine, clock, writes };
}

export interface RoutedSeed {
  readonly resource: Resource & { id: string };
  readonly service: string;
}

/** Each seed with the service it lives on; a bad id or a type no service holds refuses the dataset. */
export function routeSeeds(resources: readonly Resource[], catalog: ServiceCatalog): RoutedSeed[] {
  const services = new Map<string, string>();
  const problems: string[] = [];
  const routed: RoutedSeed[] = [];
  for (const resource of resources) {
    const id = resource.id;
    if (typeof id !== 'string' || !/^[A-Za-z0-9\-.]{1,64}$/.test(id)) {
      problems.push(`${resource.resourceType} without a valid id`);
      continue;
    }
    const service = homeServiceOf(resource, catalog, (ref) => services.get(ref));
    if (!service) {
      problems.push(
        `${resource.resourceType}/${id}: no FUT service holds ${resource.resourceType}`,
      );
      continue;
    }
    services.set(`${resource.resourceType}/${id}`, service);
    routed.push({ resource: resource as Resource & { id: string }, service });
  }
  if (problems.length > 0) {
    const more = problems.length > 10 ? ` (and ${problems.length - 10} more)` : '';
    throw new Error(`The dataset cannot be served: ${problems.slice(0, 10).join('; ')}${more}`);
  }
  return routed;
}
