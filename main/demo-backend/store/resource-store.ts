import type { Resource } from '@medplum/fhirtypes';
import type { IndexKeys } from './index-keys.ts';

/** One current resource version as the HTTP layer sees it. Never mutated once stored. */
export interface StoredResource {
  /** Internal form: references relative (`Patient/abc`), meta stamped by the server. */
  readonly resource: Resource & { readonly id: string };
  readonly type: string;
  readonly id: string;
  /** The FUT service it lives on. */
  readonly service: string;
  readonly versionId: number;
  readonly lastUpdatedMs: number;
  /** Global write order; stale index entries are recognised by it. */
  readonly sequence: number;
  readonly keys: IndexKeys;
}

/** The current version of every resource, by type and id (ids are unique per type across services). */
export class ResourceStore {
  readonly #byType = new Map<string, Map<string, StoredResource>>();

  get(type: string, id: string): StoredResource | undefined {
    return this.#byType.get(type)?.get(id);
  }

  /** `Type/id` (relative) → the stored resource. */
  getByReference(reference: string): StoredResource | undefined {
    const slash = reference.indexOf('/');
    if (slash <= 0) return undefined;
    const rest = reference.slice(slash + 1);
    const id = rest.includes('/') ? rest.slice(0, rest.indexOf('/')) : rest;
    return this.get(reference.slice(0, slash), id);
  }

  ofType(type: string): ReadonlyMap<string, StoredResource> {
    return this.#byType.get(type) ?? EMPTY;
  }

  set(entry: StoredResource): void {
    let map = this.#byType.get(entry.type);
    if (!map) {
      map = new Map();
      this.#byType.set(entry.type, map);
    }
    map.set(entry.id, entry);
  }

  delete(type: string, id: string): void {
    this.#byType.get(type)?.delete(id);
  }

  /** Number of current resources, all types. */
  get size(): number {
    let total = 0;
    for (const map of this.#byType.values()) total += map.size;
    return total;
  }
}

const EMPTY: ReadonlyMap<string, StoredResource> = new Map();
