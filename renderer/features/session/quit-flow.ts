import type { QuitRequest } from '../../../shared/ipc/schemas.ts';
import type { WorkbenchApi } from '../../../shared/ipc/workbench-api.ts';
import type { UnsentChoice } from '../sync/offline-controls.ts';
import type { OutboxController } from '../../data/outbox/contracts.ts';

/**
 * The page's half of the quit guard (main/window/quit-guard.ts): it tells
 * main its unsent count, and when main asks before quitting (or closing the
 * window) it puts the question on screen and answers. Plain functions, so
 * the flow is tested without a DOM; QuitGuard.tsx mounts it in the shell.
 */

/** The bridge methods the quit flow uses. */
export type QuitBridge = Pick<WorkbenchApi, 'onQuitRequested' | 'quitAnswer' | 'outboxUnsent'>;

export interface QuitResponderOptions {
  readonly bridge: QuitBridge;
  /** The outbox's unsent count now. */
  readonly unsent: () => number;
  /** Puts the question on screen. */
  readonly show: (request: QuitRequest) => void;
}

/**
 * Listens for main's `quit-requested`. Nothing unsent (sent meanwhile): go
 * ahead at once. Otherwise acknowledge (`shown`, so main waits for the user
 * however long) and show the question. Returns the unsubscribe.
 */
export function listenForQuitRequests({ bridge, unsent, show }: QuitResponderOptions): () => void {
  return bridge.onQuitRequested((request) => {
    if (unsent() === 0) {
      void bridge.quitAnswer({ requestId: request.requestId, answer: 'quit' });
      return;
    }
    show(request);
    void bridge.quitAnswer({ requestId: request.requestId, answer: 'shown' });
  });
}

/** The outbox operations a quit choice needs. */
export type QuitOutbox = Pick<OutboxController, 'sendNow' | 'list' | 'discard'>;

/**
 * Carries out the user's choice before quitting: `send` tries and goes only
 * when nothing is left ('unsent' otherwise: the question stays, saying what
 * is left); `keep` leaves the entries sealed in the cache, sent after the
 * next sign-in; `discard` (asked twice by the dialog) throws them away. With
 * no open outbox there is nothing to do.
 */
export async function carryOutQuitChoice(
  outbox: QuitOutbox | null,
  choice: UnsentChoice,
): Promise<'done' | 'unsent'> {
  if (!outbox) return 'done';
  if (choice === 'send') {
    const after = await outbox.sendNow({ ignoreBackoff: true });
    return after.unsent > 0 ? 'unsent' : 'done';
  }
  if (choice === 'discard') {
    for (const item of await outbox.list()) await outbox.discard(item.id);
  }
  return 'done';
}
