import type {
  OutboxController,
  OutboxItemView,
  OutboxState,
  SendNowOptions,
} from '../../renderer/data/outbox/contracts.ts';

export interface FakeOutbox extends OutboxController {
  /** Every `sendNow` call's options, in order. */
  readonly sendNowCalls: (SendNowOptions | undefined)[];
  /** Every entry id the user discarded, in order (including refused attempts). */
  readonly discarded: string[];
  /** Replaces the queue and tells subscribers, as the real outbox does on every change. */
  setItems(items: readonly OutboxItemView[]): void;
  /** What `sendNow` does to the queue: by default it stays as it is (nothing could be sent). */
  onSendNow(send: (items: readonly OutboxItemView[]) => readonly OutboxItemView[]): void;
  /** From now on `discard` rejects with `error` (null: it succeeds again). */
  failDiscardWith(error: Error | null): void;
}

function stateOf(items: readonly OutboxItemView[], lastError: string | null): OutboxState {
  return {
    unsent: items.length,
    needsAttention: items.filter((item) => item.status === 'needs-attention').length,
    sending: false,
    lastError: items.length > 0 ? lastError : null,
  };
}

/**
 * An outbox over an in-memory list: its state follows the list, `sendNow`
 * applies what the test said sending does, `discard` drops the entry.
 */
export function fakeOutbox(
  initial: readonly OutboxItemView[] = [],
  options: { readonly lastError?: string | null } = {},
): FakeOutbox {
  let items = [...initial];
  let send: (items: readonly OutboxItemView[]) => readonly OutboxItemView[] = (queue) => queue;
  let discardFailure: Error | null = null;
  const listeners = new Set<(state: OutboxState) => void>();
  const sendNowCalls: (SendNowOptions | undefined)[] = [];
  const discarded: string[] = [];
  const state = () => stateOf(items, options.lastError ?? null);
  const changed = () => {
    for (const listener of listeners) listener(state());
  };
  return {
    sendNowCalls,
    discarded,
    state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    list: () => Promise.resolve([...items]),
    sendNow(sendOptions) {
      sendNowCalls.push(sendOptions);
      items = [...send(items)];
      changed();
      return Promise.resolve(state());
    },
    discard(id) {
      discarded.push(id);
      if (discardFailure) return Promise.reject(discardFailure);
      items = items.filter((item) => item.id !== id);
      changed();
      return Promise.resolve();
    },
    dispose() {
      listeners.clear();
    },
    setItems(next) {
      items = [...next];
      changed();
    },
    onSendNow(next) {
      send = next;
    },
    failDiscardWith(error) {
      discardFailure = error;
    },
  };
}
