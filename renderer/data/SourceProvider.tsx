import {
  createContext,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { Prefetches, SourceRequest } from './prefetch.ts';
import type { ResourceSource } from './source/resource-source.ts';

interface SourceContextValue {
  readonly source: ResourceSource;
  readonly prefetches: Prefetches | null;
}

const SourceContext = createContext<SourceContextValue | null>(null);

export interface SourceProviderProps {
  /**
   * Where views' queries read clinical data (the cache, the network, or the
   * switch between them); tests pass a memory source. A new identity makes
   * views ask again.
   */
  readonly source: ResourceSource;
  /** Queries started before their view (the first view's), for the view to take instead of asking. */
  readonly prefetches?: Prefetches | null;
  readonly children: ReactNode;
}

export function SourceProvider({ source, prefetches = null, children }: SourceProviderProps) {
  const value = useMemo(() => ({ source, prefetches }), [source, prefetches]);
  return <SourceContext.Provider value={value}>{children}</SourceContext.Provider>;
}

/** The views' source, for work a view starts itself rather than on render (a context launch). */
export function useSource(): ResourceSource {
  const context = useContext(SourceContext);
  if (!context) throw new Error('useSource needs a SourceProvider');
  return context.source;
}

export type QueryState<T> =
  | { readonly status: 'loading'; readonly data: T | null; readonly error: null }
  | { readonly status: 'ready'; readonly data: T; readonly error: null }
  | { readonly status: 'failed'; readonly data: T | null; readonly error: unknown };

interface Settled<T> {
  /** Which request this answers (`key#attempt`). */
  readonly token: string;
  readonly data: T | null;
  readonly error: unknown;
  readonly ok: boolean;
}

/**
 * Runs a clinical query (a feature's `queries.ts` function over the
 * source) when `key` changes (null: not yet), cancels the
 * previous one, and keeps the last data while reloading or after a failure.
 * `reload()` asks again. A run of the same key started before the view (see
 * `prefetch.ts`) is taken instead of asking twice, on the first ask only.
 */
export function useSourceQuery<T>(
  key: string | null,
  run: (source: ResourceSource, signal: AbortSignal) => Promise<T>,
): QueryState<T> & { reload: () => void } {
  const context = useContext(SourceContext);
  if (!context) throw new Error('useSourceQuery needs a SourceProvider');
  const { source, prefetches } = context;
  const [attempt, setAttempt] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const runRef = useRef(run);
  useEffect(() => {
    runRef.current = run;
  });
  const token = key === null ? null : `${key}#${attempt}`;

  useEffect(() => {
    if (key === null) return;
    const token = `${key}#${attempt}`;
    const taken = attempt === 0 ? (prefetches?.take<T>(source, key) ?? null) : null;
    const controller = taken?.controller ?? new AbortController();
    const promise = taken?.promise ?? runRef.current(source, controller.signal);
    promise.then(
      (data) => {
        if (!controller.signal.aborted) setSettled({ token, data, error: null, ok: true });
      },
      (error: unknown) => {
        if (!controller.signal.aborted)
          setSettled((previous) => ({ token, data: previous?.data ?? null, error, ok: false }));
      },
    );
    return () => controller.abort();
  }, [key, attempt, source, prefetches]);

  const reload = () => setAttempt((value) => value + 1);
  if (!settled || settled.token !== token)
    return { status: 'loading', data: settled?.data ?? null, error: null, reload };
  if (settled.ok) return { status: 'ready', data: settled.data as T, error: null, reload };
  return { status: 'failed', data: settled.data, error: settled.error, reload };
}

/** `useSourceQuery` for a feature's named request (null: not yet). */
export function useSourceRequest<T>(
  request: SourceRequest<T> | null,
): QueryState<T> & { reload: () => void } {
  return useSourceQuery(request?.key ?? null, (source, signal) => {
    if (!request) throw new Error('A query ran without its request.');
    return request.run(source, signal);
  });
}
