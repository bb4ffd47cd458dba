import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ResourceSource } from './source/resource-source.ts';

const SourceContext = createContext<ResourceSource | null>(null);

export interface SourceProviderProps {
  /**
   * Where views' queries read clinical data (the cache, the network, or the
   * switch between them); tests pass a memory source. A new identity makes
   * views ask again.
   */
  readonly source: ResourceSource;
  readonly children: ReactNode;
}

export function SourceProvider({ source, children }: SourceProviderProps) {
  return <SourceContext.Provider value={source}>{children}</SourceContext.Provider>;
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
 * `reload()` asks again.
 */
export function useSourceQuery<T>(
  key: string | null,
  run: (source: ResourceSource, signal: AbortSignal) => Promise<T>,
): QueryState<T> & { reload: () => void } {
  const source = useContext(SourceContext);
  if (!source) throw new Error('useSourceQuery needs a SourceProvider');
  const [attempt, setAttempt] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const runRef = useRef(run);
  useEffect(() => {
    runRef.current = run;
  });
  const token = key === null ? null : `${key}#${attempt}`;

  useEffect(() => {
    if (token === null) return;
    const controller = new AbortController();
    runRef.current(source, controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setSettled({ token, data, error: null, ok: true });
      },
      (error: unknown) => {
        if (!controller.signal.aborted)
          setSettled((previous) => ({ token, data: previous?.data ?? null, error, ok: false }));
      },
    );
    return () => controller.abort();
  }, [token, source]);

  const reload = () => setAttempt((value) => value + 1);
  if (!settled || settled.token !== token)
    return { status: 'loading', data: settled?.data ?? null, error: null, reload };
  if (settled.ok) return { status: 'ready', data: settled.data as T, error: null, reload };
  return { status: 'failed', data: settled.data, error: settled.error, reload };
}
