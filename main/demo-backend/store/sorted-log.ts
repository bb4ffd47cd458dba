/**
 * An append-mostly list of (time, id, sequence) rows kept in time order. Updates
 * append a new row and leave the old one behind; readers skip rows whose
 * sequence is no longer the resource's current one. Rows out of order (seeded
 * resources carry their own times) are inserted in place. Compacted when stale
 * rows outnumber live ones.
 */

export interface LogRow {
  readonly time: number;
  readonly id: string;
  readonly sequence: number;
}

export class SortedLog {
  #rows: LogRow[] = [];
  #stale = 0;

  get length(): number {
    return this.#rows.length;
  }

  add(row: LogRow): void {
    const last = this.#rows.at(-1);
    if (last === undefined || last.time <= row.time) this.#rows.push(row);
    else this.#rows.splice(this.#upperBound(row.time), 0, row);
  }

  /** Adds many rows and sorts once (seeding). */
  addMany(rows: readonly LogRow[]): void {
    this.#rows = [...this.#rows, ...rows].sort(
      (a, b) => a.time - b.time || a.sequence - b.sequence,
    );
  }

  /** Counts one superseded row; compacts when half the rows are stale. */
  markStale(isLive: (row: LogRow) => boolean): void {
    this.#stale++;
    if (this.#rows.length < 64 || this.#stale * 2 <= this.#rows.length) return;
    this.#rows = this.#rows.filter(isLive);
    this.#stale = 0;
  }

  /** Rows with `from <= time <= to`, in time order (stale rows included; callers skip them). */
  *range(from: number, to: number): Generator<LogRow> {
    const end = this.#upperBound(to);
    for (let i = this.#lowerBound(from); i < end; i++) {
      const row = this.#rows[i];
      if (row) yield row;
    }
  }

  /** Rows in `[from, to]`, stale included: the planner's size estimate. */
  countRange(from: number, to: number): number {
    return Math.max(0, this.#upperBound(to) - this.#lowerBound(from));
  }

  /** First index whose time is `>= time`. */
  #lowerBound(time: number): number {
    return this.#search((row) => row.time < time);
  }

  /** First index whose time is `> time`. */
  #upperBound(time: number): number {
    return this.#search((row) => row.time <= time);
  }

  /** First index where `before` turns false (rows are ordered so it is monotone). */
  #search(before: (row: LogRow) => boolean): number {
    let low = 0;
    let high = this.#rows.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const row = this.#rows[mid];
      if (row !== undefined && before(row)) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
