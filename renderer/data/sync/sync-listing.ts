import type { CachedResource, CachedType } from '../cache/contracts.ts';
import { FhirError } from '../fhir/fhir-error.ts';
import { SyncProtocolError, throwIfAborted, type SyncContext } from './sync-context.ts';
import { CACHED, isLocalVersion, versionOf } from './sync-resources.ts';

interface Page {
  readonly serverTime: string | null;
  readonly resources: readonly CachedResource[];
  readonly next: string | null;
}

export interface ListingResult {
  /** Server time of the first page: the listing's checkpoint. */
  readonly serverTime: string;
  readonly written: number;
  readonly seen: ReadonlyMap<CachedType, ReadonlySet<string>>;
}

export interface ListingHooks {
  /** Sees every page's resources before they are written. */
  readonly inspect?: (resources: readonly CachedResource[]) => void;
  /** Runs before resources new to the cache are written (a kill in between repeats both). */
  readonly beforeWrite?: (fresh: readonly CachedResource[]) => Promise<void>;
}

/**
 * Reads a search to its last page (prefetching the next while writing the
 * current), writes each page's new and changed resources, and returns the
 * first page's server time.
 */
export async function readListing(
  context: SyncContext,
  type: CachedType,
  path: string,
  hooks: ListingHooks = {},
): Promise<ListingResult> {
  const { counters, tuning } = context;
  let serverTime: string | null = null;
  let written = 0;
  const seen = new Map<CachedType, Set<string>>();
  const visited = new Set<string>();
  let pages = 0;
  counters.listingsByType.set(type, (counters.listingsByType.get(type) ?? 0) + 1);
  let pending: Promise<Page> | null = fetchPage(context, type, path, visited);
  while (pending !== null) {
    const page: Page = await pending;
    pages++;
    if (pages > tuning.maxPages)
      throw new SyncProtocolError('The FHIR server kept sending more pages than expected.');
    if (serverTime === null) {
      if (page.serverTime === null)
        throw new SyncProtocolError(
          'The FHIR server sent a search result without its time (Bundle.meta.lastUpdated).',
        );
      serverTime = page.serverTime;
      counters.serverTime ??= serverTime;
    }
    pending = page.next === null ? null : fetchPage(context, type, page.next, visited);
    // Awaited on the next turn; until then a failure (an abort) is not an unhandled rejection.
    pending?.catch(() => undefined);
    for (const resource of page.resources) {
      const ids = seen.get(resource.resourceType as CachedType) ?? new Set<string>();
      ids.add(resource.id);
      seen.set(resource.resourceType as CachedType, ids);
    }
    hooks.inspect?.(page.resources);
    // A failure here abandons the prefetched page with the listing.
    written += await write(context, page.resources, hooks.beforeWrite);
  }
  if (serverTime === null) throw new SyncProtocolError('The listing had no first page.');
  return { serverTime, written, seen };
}

async function fetchPage(
  context: SyncContext,
  type: CachedType,
  path: string,
  visited: Set<string>,
): Promise<Page> {
  const { counters, signal } = context;
  throwIfAborted(signal);
  if (visited.has(path))
    throw new SyncProtocolError('The FHIR server sent a page link that loops.');
  visited.add(path);
  counters.requests++;
  counters.requestsByType.set(type, (counters.requestsByType.get(type) ?? 0) + 1);
  const page = await context.fhir.searchPage(path, signal).catch((error: unknown) => {
    if (error instanceof FhirError && error.kind === 'invalid-response' && error.status === 200)
      throw new SyncProtocolError('The FHIR server sent a search result that is not a Bundle.');
    throw error;
  });
  throwIfAborted(signal);
  const resources: CachedResource[] = [];
  for (const resource of [...page.matches, ...page.included]) {
    if (!CACHED.has(resource.resourceType)) continue;
    const id = resource.id;
    if (typeof id !== 'string' || id.length === 0)
      throw new SyncProtocolError(`The FHIR server sent a ${resource.resourceType} without an id.`);
    if (typeof resource.meta?.versionId !== 'string')
      throw new SyncProtocolError(
        `The FHIR server sent a ${resource.resourceType} without a versionId.`,
      );
    resources.push({ ...resource, id });
  }
  if (page.leavesGateway)
    throw new SyncProtocolError('The FHIR server sent a next link outside the gateway.');
  return { serverTime: page.lastUpdated, resources, next: page.next };
}

/** Writes what is new or changed (by id + versionId) in one cache transaction; returns how many. */
async function write(
  context: SyncContext,
  resources: readonly CachedResource[],
  beforeWrite?: (fresh: readonly CachedResource[]) => Promise<void>,
): Promise<number> {
  const { cache, counters, progress } = context;
  const byType = new Map<CachedType, Map<string, CachedResource>>();
  for (const resource of resources) {
    const type = resource.resourceType as CachedType;
    const of = byType.get(type) ?? new Map<string, CachedResource>();
    of.set(resource.id, resource);
    byType.set(type, of);
  }
  const changed: CachedResource[] = [];
  const fresh: CachedResource[] = [];
  for (const [type, of] of byType) {
    progress.counts(type).read += of.size;
    const cached = await cache.versions(type, [...of.keys()]);
    for (const resource of of.values()) {
      const version = cached.get(resource.id);
      if (version === undefined) {
        changed.push(resource);
        fresh.push(resource);
      } else if (version !== versionOf(resource) && !isLocalVersion(version)) {
        changed.push(resource);
      } else {
        counters.unchanged++;
      }
    }
  }
  if (changed.length === 0) return 0;
  if (beforeWrite && fresh.length > 0) await beforeWrite(fresh);
  throwIfAborted(context.signal);
  const result = await cache.upsert(changed);
  // The cache may know better (a concurrent writer): count what it says it wrote.
  counters.unchanged += result.unchanged;
  for (const resource of changed) progress.counts(resource.resourceType as CachedType).written++;
  if (result.unchanged > 0) {
    // Attribute the skipped ones back (rare): keep totals consistent.
    let left = result.unchanged;
    for (const resource of changed) {
      if (left === 0) break;
      const entry = progress.counts(resource.resourceType as CachedType);
      if (entry.written > 0) {
        entry.written--;
        left--;
      }
    }
  }
  progress.emit();
  return result.written;
}

/** Removes cached resources of a type; returns how many went. */
export async function remove(
  context: SyncContext,
  type: CachedType,
  ids: readonly string[],
): Promise<number> {
  if (ids.length === 0) return 0;
  throwIfAborted(context.signal);
  const removed = await context.cache.remove(type, ids);
  context.progress.counts(type).removed += removed;
  context.progress.emit();
  return removed;
}
