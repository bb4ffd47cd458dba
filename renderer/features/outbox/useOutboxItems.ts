import { useEffect, useMemo, useState } from 'react';
import { useOutboxController } from '../../data/ClinicalWritesProvider.tsx';
import type { OutboxItemView } from '../../data/outbox/contracts.ts';

export interface OutboxItems {
  /** The entries in send order; null until first listed (or when there is no outbox). */
  readonly items: readonly OutboxItemView[] | null;
  /** Why listing failed, if it did. */
  readonly error: unknown;
}

/**
 * The outbox's entries, listed again whenever the controller reports a
 * change (an entry queued, sent, refused or discarded). `enabled` false
 * skips listing (a closed panel need not decrypt anything).
 */
export function useOutboxItems(enabled = true): OutboxItems {
  const outbox = useOutboxController();
  const [result, setResult] = useState<OutboxItems>({ items: null, error: null });

  useEffect(() => {
    if (!outbox || !enabled) return;
    let current = true;
    let generation = 0;
    const refresh = () => {
      const mine = ++generation;
      outbox.list().then(
        (items) => {
          if (current && mine === generation) setResult({ items, error: null });
        },
        (error: unknown) => {
          if (current && mine === generation) setResult((previous) => ({ ...previous, error }));
        },
      );
    };
    refresh();
    const unsubscribe = outbox.subscribe(refresh);
    return () => {
      current = false;
      unsubscribe();
    };
  }, [outbox, enabled]);

  return outbox && enabled ? result : { items: null, error: null };
}

/**
 * The outbox status of each resource with an entry not yet on the server
 * (for "Ikke sendt endnu" marks), or null while not known yet. A resource
 * with several entries shows its most pressing status.
 */
export function useUnsentResources(
  patientId?: string,
): ReadonlyMap<string, OutboxItemView['status']> | null {
  const { items } = useOutboxItems();
  return useMemo(() => {
    if (items === null) return null;
    const rank = { 'needs-attention': 0, uncertain: 1, pending: 2 } as const;
    const byId = new Map<string, OutboxItemView['status']>();
    for (const item of items) {
      if (patientId !== undefined && item.patientId !== patientId) continue;
      const previous = byId.get(item.resourceId);
      if (!previous || rank[item.status] < rank[previous]) byId.set(item.resourceId, item.status);
    }
    return byId;
  }, [items, patientId]);
}
