import type { ResourceSource } from './source/resource-source.ts';

/** A view's query, named by a key that says what it asks (same key, same answer). */
export interface SourceRequest<T> {
  readonly key: string;
  readonly run: (source: ResourceSource, signal: AbortSignal) => Promise<T>;
}

/** A started run a view has taken over: it aborts it when it no longer wants the answer. */
export interface TakenRun<T> {
  readonly promise: Promise<T>;
  readonly controller: AbortController;
}

/** How long a started run waits for its view before it is dropped (its answer would be stale). */
export const PREFETCH_MAX_AGE_MS = 10_000;

/**
 * One query started before its view exists: the first view's data is asked
 * for while that view's code still loads, and the view takes the run
 * instead of asking again. A run is taken once, on the source it was
 * started on, with its key, and within `maxAgeMs`; otherwise the view asks
 * anew. Starting another drops (aborts) the one before.
 */
export function createPrefetches(
  now: () => number = () => performance.now(),
  maxAgeMs: number = PREFETCH_MAX_AGE_MS,
) {
  let pending: {
    readonly source: ResourceSource;
    readonly key: string;
    readonly startedAt: number;
    readonly run: TakenRun<unknown>;
  } | null = null;
  const drop = () => {
    pending?.run.controller.abort();
    pending = null;
  };
  return {
    start<T>(source: ResourceSource, request: SourceRequest<T>): void {
      drop();
      const controller = new AbortController();
      const promise = request.run(source, controller.signal);
      // Unhandled until taken; the view that takes it shows the failure.
      promise.catch(() => undefined);
      pending = { source, key: request.key, startedAt: now(), run: { promise, controller } };
    },
    take<T>(source: ResourceSource, key: string): TakenRun<T> | null {
      if (!pending || pending.source !== source || pending.key !== key) return null;
      const fresh = now() - pending.startedAt <= maxAgeMs;
      const { run } = pending;
      if (!fresh) {
        drop();
        return null;
      }
      pending = null;
      return run as TakenRun<T>;
    },
    /** Drops the started run, if any (sign-out, another user). */
    clear: drop,
  };
}

export type Prefetches = ReturnType<typeof createPrefetches>;
