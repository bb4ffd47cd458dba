import { describe, expect, it } from 'vitest';
import { eagerMatches, lazyMatches } from '../../../../../main/demo-backend/search/matches.ts';
import { CursorStore } from '../../../../../main/demo-backend/search/paging.ts';
import type { SearchQuery } from '../../../../../main/demo-backend/search/search-query.ts';
import type { SnapshotReader } from '../../../../../main/demo-backend/store/resource-store.ts';

/** A source that counts how far it has been read. */
function counted(ids: readonly string[]): { source: Iterator<string>; read: () => number } {
  let read = 0;
  function* source(): Generator<string> {
    for (const id of ids) {
      read++;
      yield id;
    }
  }
  return { source: source(), read: () => read };
}

/** A stand-in for the store's reader registry. */
function registry(): {
  follow: (reader: SnapshotReader) => () => void;
  readers: Set<SnapshotReader>;
} {
  const readers = new Set<SnapshotReader>();
  return {
    readers,
    follow(reader) {
      readers.add(reader);
      return () => readers.delete(reader);
    },
  };
}

const ids = Array.from({ length: 10 }, (_, i) => `id-${i}`);

describe('lazily read matches', () => {
  it('read only as far as a page needs, and know their count only once read to the end', () => {
    const { source, read } = counted(ids);
    const matches = lazyMatches(source, registry().follow);
    expect(matches.slice(0, 3)).toEqual(['id-0', 'id-1', 'id-2']);
    expect(matches.exceeds(3)).toBe(true);
    expect(read()).toBe(4);
    expect(matches.knownCount).toBeUndefined();
    expect(matches.slice(8, 12)).toEqual(['id-8', 'id-9']);
    expect(matches.knownCount).toBe(10);
    expect(matches.exceeds(10)).toBe(false);
    expect(matches.all()).toEqual(ids);
  });

  it('are read to the end when the store settles them, and stop following once done', () => {
    const { source, read } = counted(ids);
    const { follow, readers } = registry();
    const matches = lazyMatches(source, follow);
    matches.slice(0, 2);
    expect(readers.size).toBe(1);
    for (const reader of readers) reader.settle();
    expect(read()).toBe(10);
    expect(readers.size).toBe(0);
    expect(matches.count()).toBe(10);
  });

  it('once released, stop following writes and read nothing more', () => {
    const { source, read } = counted(ids);
    const { follow, readers } = registry();
    const matches = lazyMatches(source, follow);
    matches.slice(0, 2);
    matches.release();
    expect(readers.size).toBe(0);
    expect(read()).toBe(2);
  });

  it('an eager list is known from the start', () => {
    const matches = eagerMatches(ids);
    expect(matches.knownCount).toBe(10);
    expect(matches.slice(9, 20)).toEqual(['id-9']);
    expect(matches.exceeds(9)).toBe(true);
  });
});

describe('page cursors', () => {
  const query = { service: 'task', type: 'Task', count: 1 } as unknown as SearchQuery;

  it('release the matches of a cursor pushed out by newer ones or expired', () => {
    let now = 0;
    const cursors = new CursorStore({ capacity: 2, ttlMs: 1_000, clock: { now: () => now } });
    const { follow, readers } = registry();
    const first = cursors.create(query, lazyMatches(counted(ids).source, follow), 0);
    cursors.create(query, lazyMatches(counted(ids).source, follow), 0);
    expect(readers.size).toBe(2);
    cursors.create(query, lazyMatches(counted(ids).source, follow), 0);
    expect(cursors.get(first)).toBeUndefined();
    expect(readers.size).toBe(2);
    now = 5_000;
    cursors.create(query, eagerMatches(ids), 0);
    expect(readers.size).toBe(0);
  });
});
