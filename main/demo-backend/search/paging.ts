import { randomUUID } from 'node:crypto';
import type { Matches } from './matches.ts';
import type { SearchQuery } from './search-query.ts';
import { systemClock, type Clock } from '../../../shared/time/clock.ts';

/**
 * Paging the way FUT's HAPI servers do it: the first answer holds the first page
 * and a `next` link to `<service base>?_getpages=<token>&_getpagesoffset=<n>&_count=<n>`.
 * The token names a snapshot of the ordered matches taken when the search
 * ran (read lazily where the order allows, settled before any write; see
 * matches.ts), so following `next` to the last page returns every match exactly
 * once, whatever is written meanwhile (pages show each resource's current
 * version; one deleted since is skipped).
 */

export interface Cursor {
  readonly query: SearchQuery;
  readonly matches: Matches;
  /** Server time the snapshot was taken (see `runQuery`). */
  readonly mark: number;
  readonly createdAt: number;
}

export interface CursorStoreOptions {
  /** Snapshots kept at most; the oldest goes first. */
  readonly capacity?: number;
  /** How long a snapshot lives after its last use. */
  readonly ttlMs?: number;
  /** Default: the system clock. */
  readonly clock?: Clock;
}

export class CursorStore {
  readonly #cursors = new Map<string, Cursor & { lastUsed: number }>();
  readonly #capacity: number;
  readonly #ttlMs: number;
  readonly #clock: Clock;

  constructor(options: CursorStoreOptions = {}) {
    this.#capacity = options.capacity ?? 512;
    this.#ttlMs = options.ttlMs ?? 30 * 60_000;
    this.#clock = options.clock ?? systemClock;
  }

  /** Stores a snapshot and returns its opaque token. */
  create(query: SearchQuery, matches: Matches, mark: number): string {
    this.#expire();
    while (this.#cursors.size >= this.#capacity) {
      const oldest = this.#cursors.keys().next().value;
      if (oldest === undefined) break;
      this.#drop(oldest);
    }
    const token = randomUUID();
    const now = this.#clock.now();
    this.#cursors.set(token, { query, matches, mark, createdAt: now, lastUsed: now });
    return token;
  }

  get(token: string): Cursor | undefined {
    this.#expire();
    const cursor = this.#cursors.get(token);
    if (!cursor) return undefined;
    // Re-insert: Map order is the eviction order.
    this.#cursors.delete(token);
    cursor.lastUsed = this.#clock.now();
    this.#cursors.set(token, cursor);
    return cursor;
  }

  #expire(): void {
    const limit = this.#clock.now() - this.#ttlMs;
    for (const [token, cursor] of this.#cursors) {
      if (cursor.lastUsed >= limit) break;
      this.#drop(token);
    }
  }

  #drop(token: string): void {
    this.#cursors.get(token)?.matches.release();
    this.#cursors.delete(token);
  }
}

/** The URL of a page: `_getpages` on the service base, as HAPI writes it. */
export function pageUrl(serviceBase: string, token: string, offset: number, count: number): string {
  return `${serviceBase}?_getpages=${token}&_getpagesoffset=${offset}&_count=${count}&_bundletype=searchset`;
}
