import type { QuitAnswer, QuitRequest } from '../../shared/ipc/schemas.ts';
import {
  initialQuitGuardState,
  quitGuardStep,
  type QuitGuardEffect,
  type QuitGuardEvent,
  type QuitGuardState,
  type WindowId,
} from './quit-guard-policy.ts';

/**
 * Quitting, or closing a window, with entries not yet sent asks first
 * (docs/adr/0003: "N unsent — send now / keep / discard", never wiped
 * silently). Each window's page tells main its unsent count
 * (`outbox-unsent`); on `before-quit` or a window's `close`, main holds the
 * quit back once, asks that window's page (`quit-requested`) and goes on only
 * when it answers `quit`. The policy is the plain function `quitGuardStep`
 * (quit-guard-policy.ts); `createQuitGuard` holds the state and carries the
 * effects out through a host (Electron's app and windows, or the web harness).
 */

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
    // Without a host nothing could be asked: let it pass.
    beforeQuit: () => (host ? run({ kind: 'before-quit' }) : true),
    windowClose: (windowId) => (host ? run({ kind: 'window-close', windowId }) : true),
    attach: (next) => {
      host = next;
    },
    state: () => state,
  };
}
