import type { QuitAnswer, QuitReason, QuitRequest } from '../../shared/ipc/schemas.ts';

/**
 * Quitting, or closing a window, with entries not yet sent asks first
 * (issue 4: "N unsent — send now / keep / discard", never wiped silently).
 * Each window's page tells main its unsent count (`outbox-unsent`); on
 * `before-quit` or a window's `close`, main holds the quit back once, asks
 * that window's page (`quit-requested`) and goes on only when it answers
 * `quit`. The policy is the plain function `quitGuardStep` (event in,
 * decision out); `createQuitGuard` holds the state and carries the effects
 * out through a host (Electron's app and windows, or the web harness).
 */

/** A window as main names it: its web contents' id. */
export type WindowId = number;

interface Asking {
  readonly windowId: WindowId;
  readonly requestId: number;
  readonly reason: QuitReason;
  /** The page said the question is on screen: from then on main waits for the user, however long. */
  readonly acknowledged: boolean;
}

export interface QuitGuardState {
  /** Windows that reported unsent entries (none listed: none unsent). */
  readonly unsent: ReadonlyMap<WindowId, number>;
  /** The question out now, if any. */
  readonly asking: Asking | null;
  /** Windows whose page said go ahead (or did not answer in time): their close and the quit pass. */
  readonly confirmed: ReadonlySet<WindowId>;
  readonly nextRequestId: number;
}

export type QuitGuardEvent =
  | { readonly kind: 'unsent'; readonly windowId: WindowId; readonly count: number }
  /** The window closed, or its page crashed: it can neither answer nor lose more than IndexedDB holds. */
  | { readonly kind: 'window-gone'; readonly windowId: WindowId }
  | { readonly kind: 'before-quit' }
  | { readonly kind: 'window-close'; readonly windowId: WindowId }
  | {
      readonly kind: 'answer';
      readonly windowId: WindowId;
      readonly requestId: number;
      readonly answer: QuitAnswer['answer'];
    }
  /** The page did not acknowledge the question in time. */
  | { readonly kind: 'no-answer'; readonly requestId: number };

export type QuitGuardEffect =
  /** Focus the window and send its page the question; start the acknowledgement timer. */
  | { readonly kind: 'ask'; readonly windowId: WindowId; readonly request: QuitRequest }
  /** Quit for real (the next `before-quit` passes or asks the next window). */
  | { readonly kind: 'quit' }
  /** Close this window for real (its next `close` passes). */
  | { readonly kind: 'close'; readonly windowId: WindowId }
  | { readonly kind: 'log'; readonly message: string };

export interface QuitGuardStep {
  readonly state: QuitGuardState;
  /** For `before-quit` and `window-close`: false means prevent it. True for every other event. */
  readonly allow: boolean;
  readonly effects: readonly QuitGuardEffect[];
}

export const initialQuitGuardState: QuitGuardState = {
  unsent: new Map(),
  asking: null,
  confirmed: new Set(),
  nextRequestId: 1,
};

function ask(state: QuitGuardState, windowId: WindowId, reason: QuitReason): QuitGuardStep {
  const requestId = state.nextRequestId;
  return {
    state: {
      ...state,
      asking: { windowId, requestId, reason, acknowledged: false },
      nextRequestId: requestId + 1,
    },
    allow: false,
    effects: [{ kind: 'ask', windowId, request: { requestId, reason } }],
  };
}

/** The first window with unsent entries that has not said go ahead, or null. */
function nextToAsk(state: QuitGuardState): WindowId | null {
  for (const [windowId, count] of state.unsent)
    if (count > 0 && !state.confirmed.has(windowId)) return windowId;
  return null;
}

function without<K, V>(map: ReadonlyMap<K, V>, key: K): Map<K, V> {
  const copy = new Map(map);
  copy.delete(key);
  return copy;
}

function withMember<T>(set: ReadonlySet<T>, member: T): Set<T> {
  return new Set(set).add(member);
}

function withoutMember<T>(set: ReadonlySet<T>, member: T): Set<T> {
  const copy = new Set(set);
  copy.delete(member);
  return copy;
}

/** Go ahead with what was asked about: the quit, or this window's close. */
function proceed(state: QuitGuardState, windowId: WindowId, reason: QuitReason): QuitGuardStep {
  return {
    state: { ...state, asking: null, confirmed: withMember(state.confirmed, windowId) },
    allow: true,
    effects: [reason === 'quit' ? { kind: 'quit' } : { kind: 'close', windowId }],
  };
}

/** The quit-guard policy: the state and one event in, the new state and what to do out. */
export function quitGuardStep(state: QuitGuardState, event: QuitGuardEvent): QuitGuardStep {
  const pass = (next: QuitGuardState = state): QuitGuardStep => ({
    state: next,
    allow: true,
    effects: [],
  });
  switch (event.kind) {
    case 'unsent': {
      const count = Math.max(0, Math.trunc(event.count));
      const unsent =
        count > 0
          ? new Map(state.unsent).set(event.windowId, count)
          : without(state.unsent, event.windowId);
      // Entries saved after a go-ahead (the quit did not happen after all) are asked about again.
      const confirmed =
        count > 0 ? withoutMember(state.confirmed, event.windowId) : state.confirmed;
      return pass({ ...state, unsent, confirmed });
    }
    case 'window-gone': {
      const next: QuitGuardState = {
        ...state,
        unsent: without(state.unsent, event.windowId),
        confirmed: withoutMember(state.confirmed, event.windowId),
        asking: state.asking?.windowId === event.windowId ? null : state.asking,
      };
      // The window asked about a quit is gone (closed or crashed): its entries are in
      // IndexedDB already, so the quit the user asked for goes on (or asks the next window).
      if (state.asking?.windowId === event.windowId && state.asking.reason === 'quit')
        return {
          state: next,
          allow: true,
          effects: [
            { kind: 'log', message: 'quit: the window asked went away; quitting goes on' },
            { kind: 'quit' },
          ],
        };
      return pass(next);
    }
    case 'before-quit': {
      // Asked already: ask again (a second quit re-focuses the question and, should the page
      // have hung since it showed it, restarts the timer that lets the quit through).
      if (state.asking) return ask(state, state.asking.windowId, 'quit');
      const windowId = nextToAsk(state);
      return windowId === null ? pass() : ask(state, windowId, 'quit');
    }
    case 'window-close': {
      if (state.confirmed.has(event.windowId)) return pass();
      if ((state.unsent.get(event.windowId) ?? 0) === 0) return pass();
      if (state.asking) return ask(state, state.asking.windowId, state.asking.reason);
      return ask(state, event.windowId, 'close');
    }
    case 'answer': {
      const asking = state.asking;
      // A late answer to an older question, or from another window: ignored.
      if (!asking || asking.requestId !== event.requestId || asking.windowId !== event.windowId)
        return pass();
      switch (event.answer) {
        case 'shown':
          return pass({ ...state, asking: { ...asking, acknowledged: true } });
        case 'stay':
          return pass({ ...state, asking: null });
        case 'quit':
          return proceed(state, asking.windowId, asking.reason);
      }
      break;
    }
    case 'no-answer': {
      const asking = state.asking;
      if (!asking || asking.requestId !== event.requestId || asking.acknowledged) return pass();
      // The page did not answer (crashed or hung). Main must neither hang nor lose anything:
      // every unsent entry is sealed in IndexedDB already and is sent after the next sign-in,
      // so going ahead after a clear timeout loses nothing. Said in main's log.
      const step = proceed(state, asking.windowId, asking.reason);
      return {
        ...step,
        effects: [
          {
            kind: 'log',
            message: `${asking.reason}: the window did not answer in time; going ahead, its unsent entries stay in its cache`,
          },
          ...step.effects,
        ],
      };
    }
  }
  return pass();
}

/** What the guard acts through: Electron's app and windows, or the web harness. */
export interface QuitGuardHost {
  /** Focus the window and send its page `quit-requested`; false when the window is gone. */
  ask(windowId: WindowId, request: QuitRequest): boolean;
  /** `app.quit()`: emits `before-quit` again, which the guard now lets through. */
  quit(): void;
  /** Close the window for real: emits its `close` again, which the guard now lets through. */
  close(windowId: WindowId): void;
  log(message: string): void;
}

export interface QuitGuard {
  /** `outbox-unsent` from a window's page. */
  reportUnsent(windowId: WindowId, count: number): void;
  /** `quit-answer` from a window's page. */
  answer(windowId: WindowId, requestId: number, answer: QuitAnswer['answer']): void;
  windowGone(windowId: WindowId): void;
  /** From `before-quit`: false means call `event.preventDefault()`. */
  beforeQuit(): boolean;
  /** From a window's `close`: false means call `event.preventDefault()`. */
  windowClose(windowId: WindowId): boolean;
  /** Where effects go; set once the app's windows exist. Until then nothing is asked. */
  attach(host: QuitGuardHost): void;
  state(): QuitGuardState;
}

export interface QuitGuardOptions {
  /** How long the page has to put the question on screen (`shown`); default 10 s. */
  readonly answerTimeoutMs?: number;
  readonly setTimer?: (callback: () => void, ms: number) => void;
  /**
   * Runs the real quit or close after the current event handler has returned
   * (default: the next macrotask), so `app.quit()` is never called from inside
   * the `before-quit` handler that is preventing the previous one.
   */
  readonly defer?: (callback: () => void) => void;
}

export const DEFAULT_ANSWER_TIMEOUT_MS = 10_000;

export function createQuitGuard(options: QuitGuardOptions = {}): QuitGuard {
  const timeoutMs = options.answerTimeoutMs ?? DEFAULT_ANSWER_TIMEOUT_MS;
  const setTimer =
    options.setTimer ??
    ((callback: () => void, ms: number) => {
      setTimeout(callback, ms).unref?.();
    });
  const defer = options.defer ?? ((callback: () => void) => void setTimeout(callback, 0));
  let state = initialQuitGuardState;
  let host: QuitGuardHost | null = null;

  const run = (event: QuitGuardEvent): boolean => {
    const step = quitGuardStep(state, event);
    state = step.state;
    // Effects run after the state is stored: a host that re-enters (quit → before-quit) sees it.
    for (const effect of step.effects) perform(effect);
    return step.allow;
  };

  const perform = (effect: QuitGuardEffect): void => {
    switch (effect.kind) {
      case 'log':
        host?.log(effect.message);
        return;
      case 'quit':
        defer(() => host?.quit());
        return;
      case 'close': {
        const { windowId } = effect;
        defer(() => host?.close(windowId));
        return;
      }
      case 'ask': {
        const { requestId } = effect.request;
        setTimer(() => run({ kind: 'no-answer', requestId }), timeoutMs);
        if (!host?.ask(effect.windowId, effect.request))
          run({ kind: 'window-gone', windowId: effect.windowId });
        return;
      }
    }
  };

  return {
    reportUnsent: (windowId, count) => void run({ kind: 'unsent', windowId, count }),
    answer: (windowId, requestId, answer) =>
      void run({ kind: 'answer', windowId, requestId, answer }),
    windowGone: (windowId) => void run({ kind: 'window-gone', windowId }),
    // Without a host nothing could be asked: let it pass, as before the guard existed.
    beforeQuit: () => (host ? run({ kind: 'before-quit' }) : true),
    windowClose: (windowId) => (host ? run({ kind: 'window-close', windowId }) : true),
    attach: (next) => {
      host = next;
    },
    state: () => state,
  };
}
