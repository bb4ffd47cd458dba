import type { CachedType } from '../cache/contracts.ts';
import type { SyncProgress, SyncTypeProgress } from './contracts.ts';

/** Counts for one type in a run: what the UI shows per type. */
export interface TypeCounts {
  read: number;
  written: number;
  removed: number;
  done: boolean;
}

/**
 * A sync run's progress: per type what was read, written and removed, and a
 * percentage over phases whose steps (searches) are planned as they become
 * known (a phase not yet planned counts as one step). Every change is
 * reported through `onProgress`.
 */
export class SyncProgressTracker {
  readonly #onProgress: (progress: SyncProgress) => void;
  readonly #requests: () => number;
  readonly #types = new Map<CachedType, TypeCounts>();
  readonly #planned = new Map<string, number>();
  readonly #finished = new Map<string, number>();
  #current: CachedType | null = null;

  constructor(onProgress: (progress: SyncProgress) => void, requests: () => number) {
    this.#onProgress = onProgress;
    this.#requests = requests;
  }

  /** The counts of a type (created at zero). */
  counts(type: CachedType): TypeCounts {
    let entry = this.#types.get(type);
    if (!entry) {
      entry = { read: 0, written: 0, removed: 0, done: false };
      this.#types.set(type, entry);
    }
    return entry;
  }

  /** Plans `steps` for a phase (replacing its earlier estimate). */
  plan(phase: string, steps: number): void {
    this.#planned.set(phase, steps);
  }

  begin(phase: string, type: CachedType): void {
    this.#current = type;
    this.counts(type);
    this.#finished.set(phase, 0);
    this.emit();
  }

  step(phase: string): void {
    this.#finished.set(phase, (this.#finished.get(phase) ?? 0) + 1);
    this.emit();
  }

  done(type: CachedType): void {
    this.counts(type).done = true;
    this.#finished.set(type, this.#planned.get(type) ?? 1);
    this.emit();
  }

  /** No type is being read any more (the run is over). */
  finish(): void {
    this.#current = null;
    this.emit();
  }

  types(): SyncTypeProgress[] {
    return [...this.#types.entries()].map(([type, entry]) => ({ type, ...entry }));
  }

  emit(): void {
    let planned = 0;
    let finished = 0;
    for (const [phase, steps] of this.#planned) {
      planned += steps;
      finished += Math.min(steps, this.#finished.get(phase) ?? 0);
    }
    this.#onProgress({
      percent: planned === 0 ? 0 : Math.round((finished / planned) * 100),
      current: this.#current,
      requests: this.#requests(),
      types: this.types(),
    });
  }
}
