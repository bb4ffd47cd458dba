import {
  createContext,
  useCallback,
  useContext,
  useRef,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import type { ClinicalWrites, OutboxController, OutboxState } from './outbox/contracts.ts';

/**
 * Local writes and the outbox's status for views, like `SourceProvider`
 * for reads. Both are null while nobody is signed in or the cache is not
 * unlocked yet: views then hide their write buttons instead of failing.
 */
interface WritesContextValue {
  readonly writes: ClinicalWrites | null;
  readonly outbox: OutboxController | null;
}

const ClinicalWritesContext = createContext<WritesContextValue>({ writes: null, outbox: null });

export interface ClinicalWritesProviderProps {
  /** Where writes go (the encrypted cache + outbox); null before unlock. */
  readonly writes: ClinicalWrites | null;
  /** The outbox's sender and queue status; null before unlock. */
  readonly outbox: OutboxController | null;
  readonly children: ReactNode;
}

export function ClinicalWritesProvider({ writes, outbox, children }: ClinicalWritesProviderProps) {
  return (
    <ClinicalWritesContext.Provider value={{ writes, outbox }}>
      {children}
    </ClinicalWritesContext.Provider>
  );
}

/** The write side, or null when writing is not possible yet (signed out, cache locked). */
export function useClinicalWrites(): ClinicalWrites | null {
  return useContext(ClinicalWritesContext).writes;
}

/** The outbox controller (list, send now, discard), or null when there is none. */
export function useOutboxController(): OutboxController | null {
  return useContext(ClinicalWritesContext).outbox;
}

/** Nothing queued: what the app shows while there is no outbox. */
export const EMPTY_OUTBOX_STATE: OutboxState = Object.freeze({
  unsent: 0,
  needsAttention: 0,
  sending: false,
  lastError: null,
});

/**
 * The outbox's live state (unsent count, needs attention, sending), re-rendering
 * on every change the controller reports.
 */
export function useOutboxState(): OutboxState {
  const outbox = useOutboxController();
  const subscribe = useCallback(
    (onChange: () => void) => (outbox ? outbox.subscribe(() => onChange()) : () => undefined),
    [outbox],
  );
  // A controller may hand out a fresh object per call: keep the last one while nothing changed.
  const last = useRef<OutboxState>(EMPTY_OUTBOX_STATE);
  const snapshot = useCallback(() => {
    const next = outbox ? outbox.state() : EMPTY_OUTBOX_STATE;
    const previous = last.current;
    if (
      next.unsent !== previous.unsent ||
      next.needsAttention !== previous.needsAttention ||
      next.sending !== previous.sending ||
      next.lastError !== previous.lastError
    )
      last.current = next;
    return last.current;
  }, [outbox]);
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
