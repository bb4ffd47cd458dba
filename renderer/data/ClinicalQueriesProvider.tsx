import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ClinicalQueries } from './queries.ts';

const ClinicalQueriesContext = createContext<ClinicalQueries | null>(null);

export interface ClinicalQueriesProviderProps {
  /** The source of clinical data; tests pass their own. */
  readonly queries: ClinicalQueries;
  readonly children: ReactNode;
}

export function ClinicalQueriesProvider({ queries, children }: ClinicalQueriesProviderProps) {
  return (
    <ClinicalQueriesContext.Provider value={queries}>{children}</ClinicalQueriesContext.Provider>
  );
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
 * Runs a clinical query when `key` changes (null: not yet), cancels the
 * previous one, and keeps the last data while reloading or after a failure.
 * `reload()` asks again.
 */
export function useClinicalQuery<T>(
  key: string | null,
  run: (queries: ClinicalQueries, signal: AbortSignal) => Promise<T>,
): QueryState<T> & { reload: () => void } {
  const queries = useContext(ClinicalQueriesContext);
  if (!queries) throw new Error('useClinicalQuery needs a ClinicalQueriesProvider');
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
    runRef.current(queries, controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setSettled({ token, data, error: null, ok: true });
      },
      (error: unknown) => {
        if (!controller.signal.aborted)
          setSettled((previous) => ({ token, data: previous?.data ?? null, error, ok: false }));
      },
    );
    return () => controller.abort();
  }, [token, queries]);

  const reload = () => setAttempt((value) => value + 1);
  if (!settled || settled.token !== token)
    return { status: 'loading', data: settled?.data ?? null, error: null, reload };
  if (settled.ok) return { status: 'ready', data: settled.data as T, error: null, reload };
  return { status: 'failed', data: settled.data, error: settled.error, reload };
}
