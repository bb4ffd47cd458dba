import { matchesSearchRequest, type Filter, type SearchRequest } from '@medplum/core';
import type { ResourceStore, StoredResource } from '../store/resource-store.ts';
import type { SearchIndexes } from '../store/search-indexes.ts';
import { DATE_INDEXES } from '../store/index-keys.ts';
import type { EngineRepository } from '../engine/engine-repository.ts';
import { instantBounds } from './date-match.ts';
import { indexedFilterOf, satisfies, type IndexedFilter } from './index-filters.ts';
import { eagerMatches, lazyMatches, type Matches } from './matches.ts';
import { sortEntries } from './sort-entries.ts';

/**
 * Runs a search to its ordered matches (paging cuts them into pages).
 * The planner takes candidates from the smallest index that applies (ids,
 * identifier, reference, an episode's date-ordered Observations, the
 * `_lastUpdated` order) or, failing all, every resource of the type on the
 * service; checks indexed filters on stored keys and the rest with Medplum's
 * matcher; then sorts, or, when the candidates already come in the order asked,
 * reads them only as far as pages ask (see matches.ts).
 */

export interface SearchPlan {
  /** Where candidates came from, for tests and benchmarks. */
  readonly source:
    'ids' | 'reference' | 'token' | 'dated-partition' | 'last-updated' | 'scan' | 'engine';
  readonly candidates: number;
}

export interface SearchOutcome {
  readonly ids: readonly string[];
  readonly plan: SearchPlan;
}

export interface SearchContext {
  readonly store: ResourceStore;
  readonly indexes: SearchIndexes;
  readonly engine: EngineRepository;
}

interface Source {
  readonly source: SearchPlan['source'];
  readonly size: number;
  /** Candidates in the order the source gives them. */
  readonly ids: () => Iterable<string>;
  /** Whether the same id can come twice (unions of several index sets). */
  readonly repeats?: boolean;
  /** The sort rule the order already satisfies, if any. */
  readonly order?: { readonly code: string; readonly descending: boolean };
}

/** Every match, in order (conditional create, identifier checks, tests). */
export function executeSearch(
  service: string,
  request: SearchRequest,
  context: SearchContext,
): SearchOutcome {
  const { matches, plan } = searchMatches(service, request, context);
  return { ids: matches.all(), plan };
}

export interface MatchesOutcome {
  readonly matches: Matches;
  readonly plan: SearchPlan;
}

/**
 * The matches of a search for paging: read lazily when the source already
 * comes in the order asked (nothing to sort), else read and sorted at once.
 */
export function searchMatches(
  service: string,
  request: SearchRequest,
  context: SearchContext,
): MatchesOutcome {
  const { store, indexes } = context;
  const type = request.resourceType;
  const indexed: IndexedFilter[] = [];
  const residual: Filter[] = [];
  for (const filter of request.filters ?? []) {
    const asIndexed = indexedFilterOf(type, filter, indexes.plan);
    if (asIndexed) indexed.push(asIndexed);
    else residual.push(filter);
  }
  const source = chooseSource(type, service, indexed, context);
  const plan: SearchPlan = { source: source.source, candidates: source.size };
  const residualRequest: SearchRequest = { resourceType: type, filters: residual };
  function* matching(): Generator<StoredResource> {
    const seen = new Set<string>();
    for (const id of source.ids()) {
      if (source.repeats) {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      const entry = store.get(type, id);
      if (!entry || entry.service !== service) continue;
      if (!indexed.every((filter) => satisfies(entry, filter))) continue;
      if (residual.length > 0 && !matchesSearchRequest(entry.resource, residualRequest)) continue;
      yield entry;
    }
  }
  const rules = request.sortRules ?? [];
  const alreadyOrdered =
    source.order !== undefined &&
    (rules.length === 0
      ? source.order.code === '_lastUpdated' && !source.order.descending
      : rules.length === 1 &&
        rules[0]?.code === source.order.code &&
        rules[0].descending === source.order.descending);
  if (alreadyOrdered) {
    const ids = mapIterator(matching(), (entry) => entry.id);
    return { matches: lazyMatches(ids, (reader) => store.follow(type, reader)), plan };
  }
  const sorted = sortEntries([...matching()], rules);
  return { matches: eagerMatches(sorted.map((entry) => entry.id)), plan };
}

function* mapIterator<T, U>(items: Iterator<T>, map: (item: T) => U): Generator<U> {
  for (let next = items.next(); !next.done; next = items.next()) yield map(next.value);
}

function chooseSource(
  type: string,
  service: string,
  indexed: readonly IndexedFilter[],
  { store, indexes }: SearchContext,
): Source {
  const sources: Source[] = [];
  for (const filter of indexed) {
    switch (filter.kind) {
      case 'id':
        sources.push({
          source: 'ids',
          size: filter.ids.length,
          ids: () => filter.ids,
          repeats: true,
        });
        break;
      case 'reference': {
        const sets = filter.references.map((ref) => indexes.idsByReference(type, filter.code, ref));
        sources.push({
          source: 'reference',
          size: sets.reduce((sum, set) => sum + set.size, 0),
          ids: () => unionOf(sets),
          repeats: sets.length > 1,
        });
        const spec = DATE_INDEXES[type];
        const [only] = filter.references;
        if (spec?.partition === filter.code && filter.references.length === 1 && only) {
          const partition = indexes.datedPartition(type, only);
          sources.push({
            source: 'dated-partition',
            // Preferred over the plain reference set of the same size: it comes date-ordered.
            size: partition.length - 0.5,
            ids: () => partition.map((item) => item.id),
            order: { code: spec.date, descending: false },
          });
        }
        break;
      }
      case 'token': {
        const sets = filter.keys.map((key) => indexes.idsByToken(type, filter.code, key));
        sources.push({
          source: 'token',
          size: sets.reduce((sum, set) => sum + set.size, 0),
          ids: () => unionOf(sets),
          repeats: sets.length > 1,
        });
        break;
      }
      case 'lastUpdated': {
        const { from, to } = instantBounds(filter.filter);
        const log = indexes.lastUpdatedLog(type);
        sources.push({
          source: 'last-updated',
          size: log.countRange(from, to),
          ids: () => liveIds(log.range(from, to), (row) => indexes.isLive(type, row)),
          order: { code: '_lastUpdated', descending: false },
        });
        break;
      }
      case 'date':
        break;
    }
  }
  const all = store.ofType(type);
  const scan: Source = {
    source: 'scan',
    size: all.size,
    ids: () => all.keys(),
  };
  // Fewest candidates wins; on a tie, the source that already comes in an order (a `_lastUpdated`
  // search from the first checkpoint matches the whole type: the log needs no sort, a scan does).
  return sources.reduce(
    (best, candidate) =>
      candidate.size < best.size ||
      (candidate.size === best.size && candidate.order !== undefined && best.order === undefined)
        ? candidate
        : best,
    scan,
  );
}

function* unionOf(sets: readonly ReadonlySet<string>[]): Generator<string> {
  for (const set of sets) yield* set;
}

function* liveIds<Row extends { id: string }>(
  rows: Iterable<Row>,
  isLive: (row: Row) => boolean,
): Generator<string> {
  for (const row of rows) if (isLive(row)) yield row.id;
}

/**
 * Chained parameters go to Medplum's engine (it resolves one level of chain);
 * only ids come back, filtered to the service and sorted like any other search.
 */
export async function executeEngineSearch(
  service: string,
  request: SearchRequest,
  context: SearchContext,
): Promise<SearchOutcome> {
  const bundle = await context.engine.repo.search({
    resourceType: request.resourceType,
    filters: request.filters,
  });
  const matches: StoredResource[] = [];
  for (const entry of bundle.entry ?? []) {
    const id = entry.resource?.id;
    const stored = id ? context.store.get(request.resourceType, id) : undefined;
    if (stored?.service === service) matches.push(stored);
  }
  const ordered = sortEntries(matches, request.sortRules ?? []);
  return {
    ids: ordered.map((entry) => entry.id),
    plan: { source: 'engine', candidates: matches.length },
  };
}
