import type { QuitAnswer, QuitReason, QuitRequest } from '../../shared/ipc/schemas.ts';

/**
 * The quit guard's policy (wired up in quit-guard.ts): quitting, or closing a
 * window, with entries not yet sent asks that window's page first, and goes on
 * only when it answers `quit` or fails to acknowledge in time (docs/adr/0003,
 * "Unsent entries at quit or user switch"). A plain function, event in and
 * decision out, so every path is tested without Electron.
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
