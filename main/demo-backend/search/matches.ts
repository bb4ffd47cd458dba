import type { SnapshotReader } from '../store/resource-store.ts';

/**
 * The ordered matches of one search, read only as far as pages ask.
 *
 * A search whose candidates already come in the order asked (the `_lastUpdated`
 * log, an episode's date-ordered Observations) is read lazily: the first page
 * of a type-wide `_lastUpdated` sync search costs a page, not every match since
 * the checkpoint. Its cursor still is a snapshot: before any write to the type,
 * the store tells the type's open readers to read the rest while the store and
 * indexes still show what the search saw (see `ResourceStore.follow`). Other
 * searches are sorted, so they are read to the end at once.
 */

export interface Matches {
  /** Match ids `[start, end)` in order (fewer near the end). */
  slice(start: number, end: number): readonly string[];
  /** Whether there are more than `n` matches. */
  exceeds(n: number): boolean;
  /** The number of matches when every one has been read, else undefined. */
  readonly knownCount: number | undefined;
  /** Reads to the end and counts. */
  count(): number;
  /** Every match id (reads to the end). */
  all(): readonly string[];
  /** No more pages will be asked for: stop following writes and drop what is held. */
  release(): void;
}

export function eagerMatches(ids: readonly string[]): Matches {
  return {
    slice: (start, end) => ids.slice(start, end),
    exceeds: (n) => ids.length > n,
    knownCount: ids.length,
    count: () => ids.length,
    all: () => ids,
    release: () => undefined,
  };
}

/**
 * Reads `source` on demand. `follow` registers the reader with the store and
 * returns its unregistration; the reader unregisters itself once read to the end.
 */
export function lazyMatches(
  source: Iterator<string>,
  follow: (reader: SnapshotReader) => () => void,
): Matches {
  const read: string[] = [];
  let rest: Iterator<string> | undefined = source;
  const pull = (wanted: number): void => {
    while (rest && read.length < wanted) {
      const next = rest.next();
      if (next.done) finish();
      else read.push(next.value);
    }
  };
  const unfollow = follow({ settle: () => pull(Infinity) });
  function finish(): void {
    rest = undefined;
    unfollow();
  }
  return {
    slice(start, end) {
      pull(end);
      return read.slice(start, end);
    },
    exceeds(n) {
      pull(n + 1);
      return read.length > n;
    },
    get knownCount() {
      return rest ? undefined : read.length;
    },
    count() {
      pull(Infinity);
      return read.length;
    },
    all() {
      pull(Infinity);
      return read;
    },
    release() {
      if (!rest) return;
      rest.return?.();
      finish();
    },
  };
}
