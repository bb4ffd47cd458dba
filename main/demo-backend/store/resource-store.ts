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

/** A lazy search reader (search/matches.ts): something to finish before the next write to its type. */
export interface SnapshotReader {
  /** Reads every remaining match now, while the store still shows what the search saw. */
  settle(): void;
}

/**
 * The current version of every resource, by type and id (ids are unique per type across services).
 * Every write goes through `set` or `delete` before the indexes change, so those are where the
 * type's open lazy search readers are settled (read to the end) while they still see their snapshot.
 */
export class ResourceStore {
  readonly #byType = new Map<string, Map<string, StoredResource>>();
  readonly #readers = new Map<string, Set<SnapshotReader>>();

  /** Settles `reader` before the next write to `type`; returns the unregistration. */
  follow(type: string, reader: SnapshotReader): () => void {
    let readers = this.#readers.get(type);
    if (!readers) {
      readers = new Set();
      this.#readers.set(type, readers);
    }
    readers.add(reader);
    return () => {
      this.#readers.get(type)?.delete(reader);
    };
  }

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
    this.#settle(entry.type);
    let map = this.#byType.get(entry.type);
    if (!map) {
      map = new Map();
      this.#byType.set(entry.type, map);
    }
    map.set(entry.id, entry);
  }

  delete(type: string, id: string): void {
    this.#settle(type);
    this.#byType.get(type)?.delete(id);
  }

  #settle(type: string): void {
    const readers = this.#readers.get(type);
    if (!readers || readers.size === 0) return;
    // Settling unregisters each reader; iterate over a copy.
    for (const reader of [...readers]) reader.settle();
    readers.clear();
  }

  /** Number of current resources, all types. */
  get size(): number {
    let total = 0;
    for (const map of this.#byType.values()) total += map.size;
    return total;
  }
}

const EMPTY: ReadonlyMap<string, StoredResource> = new Map();
