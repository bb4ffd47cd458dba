import { DATE_INDEXES, type IndexPlan } from './index-keys.ts';
import type { ResourceStore, StoredResource } from './resource-store.ts';
import { SortedLog, type LogRow } from './sorted-log.ts';

/**
 * The HTTP layer's indexes, maintained by the write path only:
 * - per type, `_lastUpdated` order (a sorted log);
 * - per type and reference parameter, reference → ids (patient, subject,
 *   episodeOfCare, team, responsible, careTeamRecipient, …);
 * - per type, identifier token → ids;
 * - Observation per episodeOfCare, ordered by effective time.
 * Stored resources carry their own keys, so a candidate is checked against any
 * indexed filter without evaluating FHIRPath.
 */

export interface DatedId {
  readonly start: string;
  readonly id: string;
}

/**
 * Key → ids. A key with one id holds the id itself (identifiers are unique: a
 * Set each would be 400k Sets at 200k resources); a second id makes it a Set.
 */
type SetIndex = Map<string, string | Set<string>>;

function addTo(index: SetIndex, key: string, id: string): void {
  const ids = index.get(key);
  if (ids === undefined) index.set(key, id);
  else if (typeof ids === 'string') {
    if (ids !== id) index.set(key, new Set([ids, id]));
  } else ids.add(id);
}

function removeFrom(index: SetIndex | undefined, key: string, id: string): void {
  const ids = index?.get(key);
  if (ids === undefined) return;
  if (typeof ids === 'string') {
    if (ids === id) index?.delete(key);
    return;
  }
  ids.delete(id);
  if (ids.size === 0) index?.delete(key);
}

function lookup(index: SetIndex | undefined, key: string): ReadonlySet<string> {
  const ids = index?.get(key);
  return ids === undefined ? EMPTY_IDS : typeof ids === 'string' ? new Set([ids]) : ids;
}

/** The index of one parameter of one type, created on first use. */
function indexFor(
  indexes: Map<string, Map<string, SetIndex>>,
  type: string,
  code: string,
): SetIndex {
  let byCode = indexes.get(type);
  if (!byCode) {
    byCode = new Map();
    indexes.set(type, byCode);
  }
  let index = byCode.get(code);
  if (!index) {
    index = new Map();
    byCode.set(code, index);
  }
  return index;
}

function compareDated(a: DatedId, b: DatedId): number {
  return a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const EMPTY_IDS: ReadonlySet<string> = new Set();

export class SearchIndexes {
  readonly plan: IndexPlan;
  readonly #store: ResourceStore;
  readonly #logs = new Map<string, SortedLog>();
  /** `Type|code` → reference → ids. */
  readonly #references = new Map<string, Map<string, SetIndex>>();
  /** `Type|code` → `system|value` (pairs) or value → ids; both kinds share one map per parameter. */
  readonly #tokens = new Map<string, Map<string, SetIndex>>();
  /** `Type` → partition reference → ids ordered by date start. */
  readonly #dated = new Map<string, Map<string, DatedId[]>>();

  constructor(plan: IndexPlan, store: ResourceStore) {
    this.plan = plan;
    this.#store = store;
  }

  /** Indexes a new current version; `previous` is the version it replaces, if any. */
  add(entry: StoredResource, previous: StoredResource | undefined): void {
    if (previous) this.remove(previous);
    this.#log(entry.type).add(rowOf(entry));
    this.#addKeys(entry);
    const partition = this.#partitionOf(entry);
    for (const key of partition?.keys ?? []) {
      const list = this.#partitionList(entry.type, key);
      const item = { start: partition?.start ?? '', id: entry.id };
      list.splice(lowerBound(list, item), 0, item);
    }
  }

  /** Removes a version from every index (its log row just goes stale). */
  remove(entry: StoredResource): void {
    this.#log(entry.type).markStale((row) => this.isLive(entry.type, row));
    for (const [code, refs] of Object.entries(entry.keys.refs)) {
      const index = this.#references.get(entry.type)?.get(code);
      for (const ref of refs) removeFrom(index, ref, entry.id);
    }
    for (const [code, tokens] of Object.entries(entry.keys.tokens)) {
      const index = this.#tokens.get(entry.type)?.get(code);
      for (const key of tokens.pairs) removeFrom(index, key, entry.id);
      for (const key of tokens.values) removeFrom(index, key, entry.id);
    }
    const partition = this.#partitionOf(entry);
    for (const key of partition?.keys ?? []) {
      const list = this.#dated.get(entry.type)?.get(key);
      const at = list ? lowerBound(list, { start: partition?.start ?? '', id: entry.id }) : -1;
      if (list && list[at]?.id === entry.id) list.splice(at, 1);
    }
  }

  /** Indexes many fresh resources at once (seeding): each list is sorted once. */
  addMany(entries: readonly StoredResource[]): void {
    const rows = new Map<string, LogRow[]>();
    for (const entry of entries) {
      const list = rows.get(entry.type);
      if (list) list.push(rowOf(entry));
      else rows.set(entry.type, [rowOf(entry)]);
      this.#addKeys(entry);
      const partition = this.#partitionOf(entry);
      for (const key of partition?.keys ?? []) {
        this.#partitionList(entry.type, key).push({ start: partition?.start ?? '', id: entry.id });
      }
    }
    for (const [type, list] of rows) this.#log(type).addMany(list);
    for (const partitions of this.#dated.values()) {
      for (const list of partitions.values()) list.sort(compareDated);
    }
  }

  isLive(type: string, row: LogRow): boolean {
    return this.#store.get(type, row.id)?.sequence === row.sequence;
  }

  lastUpdatedLog(type: string): SortedLog {
    return this.#log(type);
  }

  idsByReference(type: string, code: string, reference: string): ReadonlySet<string> {
    return lookup(this.#references.get(type)?.get(code), reference);
  }

  /** Ids by token key: `system|value` or a bare value, lower case. */
  idsByToken(type: string, code: string, key: string): ReadonlySet<string> {
    return lookup(this.#tokens.get(type)?.get(code), key);
  }

  /** Ids in one partition (e.g. an episode of care's Observations), ordered by date. */
  datedPartition(type: string, partitionReference: string): readonly DatedId[] {
    return this.#dated.get(type)?.get(partitionReference) ?? [];
  }

  #addKeys(entry: StoredResource): void {
    const { refs, tokens } = entry.keys;
    for (const code in refs) {
      const index = indexFor(this.#references, entry.type, code);
      for (const ref of refs[code] ?? []) addTo(index, ref, entry.id);
    }
    for (const code in tokens) {
      // One map for both kinds: a key only finds candidates; the filter then checks the right list.
      const index = indexFor(this.#tokens, entry.type, code);
      for (const pair of tokens[code]?.pairs ?? []) addTo(index, pair, entry.id);
      for (const value of tokens[code]?.values ?? []) addTo(index, value, entry.id);
    }
  }

  /**
   * The partitions (every value of the partition parameter, e.g. each episodeOfCare
   * reference) and the date start (earliest of the date parameter's periods, '' if
   * none) under which an entry sits in the dated index.
   */
  #partitionOf(entry: StoredResource): { keys: readonly string[]; start: string } | undefined {
    const spec = DATE_INDEXES[entry.type];
    const keys = spec ? entry.keys.refs[spec.partition] : undefined;
    if (!spec || !keys) return undefined;
    return { keys, start: datedStart(entry, spec.date) };
  }

  #partitionList(type: string, key: string): DatedId[] {
    let partitions = this.#dated.get(type);
    if (!partitions) {
      partitions = new Map();
      this.#dated.set(type, partitions);
    }
    let list = partitions.get(key);
    if (!list) {
      list = [];
      partitions.set(key, list);
    }
    return list;
  }

  #log(type: string): SortedLog {
    let log = this.#logs.get(type);
    if (!log) {
      log = new SortedLog();
      this.#logs.set(type, log);
    }
    return log;
  }
}

/** The earliest start of an entry's searchable periods for a date parameter ('' when none). */
export function datedStart(entry: StoredResource, code: string): string {
  let min = '';
  for (const period of entry.keys.dates[code] ?? []) {
    const start = period.start ?? '';
    if (min === '' || start < min) min = start;
  }
  return min;
}

function rowOf(entry: StoredResource): LogRow {
  return { time: entry.lastUpdatedMs, id: entry.id, sequence: entry.sequence };
}

function lowerBound(list: readonly DatedId[], item: DatedId): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const probe = list[mid];
    if (probe !== undefined && compareDated(probe, item) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
