import type { OpenedCache } from '../cache/contracts.ts';
import type { FhirClient } from '../fhir/fhir-client.ts';
import type { OutboxController, OutboxItemView, OutboxState, SendNowOptions } from './contracts.ts';
import { decodeProblem, patientOfEntry } from './entries.ts';
import { OutboxSender, type DrainReport } from './sender.ts';

/** Runs `task` holding the named lock, exclusively across every window of the app. */
export type LockFunction = <T>(name: string, task: () => Promise<T>) => Promise<T>;

export const OUTBOX_LOCK = 'workbench-outbox';

/** One lock per name within this JavaScript realm (Node tests; pages without Web Locks). */
export function createInProcessLock(): LockFunction {
  const tails = new Map<string, Promise<unknown>>();
  return async <T>(name: string, task: () => Promise<T>): Promise<T> => {
    const previous = tails.get(name) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(task);
    tails.set(name, run);
    try {
      return await run;
    } finally {
      if (tails.get(name) === run) tails.delete(name);
    }
  };
}

const realmLock = createInProcessLock();

/** `navigator.locks` where the page has it (one sender across windows), else a lock within this realm. */
export function defaultLock(): LockFunction {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (!locks) return realmLock;
  return <T>(name: string, task: () => Promise<T>) => locks.request(name, task) as Promise<T>;
}

/**
 * Tells the other windows of the same user that the outbox changed here (a
 * write, a send, a discard), so every window's unsent count and views stay
 * true. Messages carry nothing but the fact: no ids, no counts.
 */
export interface OutboxBroadcast {
  post(): void;
  subscribe(onChange: () => void): () => void;
  close(): void;
}

/** A BroadcastChannel per user cache (same origin, all windows); null where there is none. */
export function broadcastChannelOutbox(userKey: string): OutboxBroadcast | null {
  if (typeof BroadcastChannel !== 'function') return null;
  const channel = new BroadcastChannel(`workbench-outbox:${userKey}`);
  const listeners = new Set<() => void>();
  channel.onmessage = () => {
    for (const listener of listeners) listener();
  };
  return {
    post: () => channel.postMessage('changed'),
    subscribe(onChange) {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    close: () => {
      listeners.clear();
      channel.close();
    },
  };
}

export interface OutboxControllerOptions {
  readonly cache: OpenedCache;
  readonly client: FhirClient;
  readonly lock?: LockFunction;
  readonly now?: () => number;
  readonly backoff?: (attempts: number) => number;
  /** Schedules the next automatic attempt (backoff); default setTimeout. Return a cancel function. */
  readonly schedule?: (delayMs: number, run: () => void) => () => void;
  /** The other windows of the same user (none: this window only). Closed on dispose. */
  readonly broadcast?: OutboxBroadcast | null;
}

/** The controller plus what the app shell wires: a nudge after a local write. */
export interface WorkbenchOutboxController extends OutboxController {
  /** Re-counts the queue (after a local write), tells subscribers and the other windows. */
  refresh(): Promise<OutboxState>;
}

function defaultSchedule(delayMs: number, run: () => void): () => void {
  const timer = setTimeout(run, delayMs);
  return () => clearTimeout(timer);
}

export function createOutboxController(
  options: OutboxControllerOptions,
): WorkbenchOutboxController {
  const { cache, client } = options;
  const lock = options.lock ?? defaultLock();
  const now = options.now ?? Date.now;
  const schedule = options.schedule ?? defaultSchedule;
  const broadcast = options.broadcast ?? null;
  const sender = new OutboxSender({
    store: cache.outbox,
    client,
    now,
    backoff: options.backoff,
  });
  const listeners = new Set<(state: OutboxState) => void>();
  const abort = new AbortController();
  let current: OutboxState = { unsent: 0, needsAttention: 0, sending: false, lastError: null };
  let inFlight: Promise<OutboxState> | null = null;
  let cancelTimer: (() => void) | null = null;
  let disposed = false;

  function publish(next: OutboxState): OutboxState {
    current = next;
    for (const listener of listeners) listener(current);
    return current;
  }

  async function recount(): Promise<OutboxState> {
    const entries = await cache.outbox.list();
    return publish({
      ...current,
      unsent: entries.length,
      needsAttention: entries.filter((e) => e.status === 'needs-attention').length,
    });
  }

  /** This window changed the outbox: count again and let the other windows count too. */
  async function refresh(): Promise<OutboxState> {
    const state = await recount();
    if (!disposed) broadcast?.post();
    return state;
  }

  // Another window changed it: count again (without answering, so no echo between windows).
  const stopListening = broadcast?.subscribe(() => {
    if (!disposed) void recount().catch(() => undefined);
  });

  function wakeAt(at: number | null): void {
    cancelTimer?.();
    cancelTimer = null;
    if (at === null || disposed) return;
    cancelTimer = schedule(Math.max(0, at - now()), () => {
      cancelTimer = null;
      void sendNow().catch(() => undefined);
    });
  }

  async function drainOnce(ignoreBackoff: boolean): Promise<OutboxState> {
    publish({ ...current, sending: true });
    let report: DrainReport | null = null;
    try {
      report = await lock(OUTBOX_LOCK, () => sender.drain(abort.signal, ignoreBackoff));
    } finally {
      if (!disposed) {
        const counted = await refresh().catch(() => current);
        publish({
          ...counted,
          sending: false,
          lastError: report ? report.lastError : counted.lastError,
        });
      }
    }
    wakeAt(report.nextAttemptAt);
    return current;
  }

  function sendNow(options?: SendNowOptions): Promise<OutboxState> {
    if (disposed) return Promise.resolve(current);
    const ignoreBackoff = options?.ignoreBackoff === true;
    // The user asked while an automatic attempt runs: after it, once more without the pause.
    if (inFlight && ignoreBackoff) return inFlight.then(() => sendNow(options));
    inFlight ??= drainOnce(ignoreBackoff).finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  return {
    state: () => current,
    subscribe(listener) {
      listeners.add(listener);
      listener(current);
      return () => listeners.delete(listener);
    },
    refresh,
    async list() {
      const entries = await cache.outbox.list();
      return entries.map((entry): OutboxItemView => {
        const { conflict, text } = decodeProblem(entry.problem);
        return {
          id: entry.id,
          kind: entry.kind as OutboxItemView['kind'],
          resourceType: entry.resourceType,
          resourceId: entry.resourceId,
          patientId: patientOfEntry(entry),
          createdAt: entry.createdAt,
          status: entry.status,
          attempts: entry.attempts,
          problem: text,
          conflict,
        };
      });
    },
    sendNow,
    async discard(id) {
      // Under the sender's lock: never while the entry is on its way. The store
      // restores the version before the change (or removes a create never sent).
      await lock(OUTBOX_LOCK, () => cache.outbox.discard(id));
      await refresh();
    },
    dispose() {
      disposed = true;
      abort.abort();
      cancelTimer?.();
      listeners.clear();
      stopListening?.();
      broadcast?.close();
    },
  };
}
