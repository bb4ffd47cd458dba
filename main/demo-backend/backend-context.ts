import type { ServiceCatalog } from './capabilities/service-catalog.ts';
import type { EngineRepository } from './engine/engine-repository.ts';
import type { WireReferences } from './wire/wire-references.ts';
import type { CursorStore } from './search/paging.ts';
import type { IndexPlan } from './store/index-keys.ts';
import type { ResourceStore } from './store/resource-store.ts';
import type { SearchIndexes } from './store/search-indexes.ts';
import type { ServerClock } from './store/server-clock.ts';
import type { WritePath } from './store/write-path.ts';
import type { RequestAccess } from './access/request-access.ts';

/** Everything a request handler may use; built once per server by `startDemoBackend`. */
export interface BackendContext {
  readonly catalog: ServiceCatalog;
  readonly plan: IndexPlan;
  readonly store: ResourceStore;
  readonly indexes: SearchIndexes;
  readonly engine: EngineRepository;
  readonly writes: Pick<WritePath, 'transact'>;
  readonly clock: ServerClock;
  readonly wire: WireReferences;
  readonly cursors: CursorStore;
  /** Server-assigned resource ids. */
  readonly newId: () => string;
  /** Refuse a submission whose client identifier is already stored (default true; see operations/identifier-uniqueness.ts). */
  readonly uniqueIdentifiers?: boolean;
  /**
   * The request's access, when the server checks tokens (access/request-access.ts):
   * handlers check what they show and write against it. Set per request only.
   */
  readonly access?: RequestAccess;
}
