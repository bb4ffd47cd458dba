import type { WorkbenchApi } from '../../shared/ipc/workbench-api.ts';

const MAX_MESSAGE = 2000;
const MAX_SOURCE = 300;

/**
 * Sends the page's uncaught errors and unhandled rejections to main's log
 * (which scrubs them and limits how many it writes). Only the error's name
 * and message and where it was thrown: never a value the page held.
 * Returns the unsubscribe.
 */
export function reportUncaughtErrors(
  target: Pick<Window, 'addEventListener' | 'removeEventListener'>,
  bridge: Pick<WorkbenchApi, 'logRendererError'>,
): () => void {
  const send = (reason: unknown, source?: string) => {
    const message =
      reason instanceof Error
        ? `${reason.name}: ${reason.message}`
        : `Non-error thrown: ${typeof reason}`;
    void bridge
      .logRendererError({
        message: message.slice(0, MAX_MESSAGE),
        ...(source ? { source: source.slice(0, MAX_SOURCE) } : {}),
      })
      .catch(() => undefined);
  };
  const onError = (event: Event) => {
    const error = event as ErrorEvent;
    const where = error.filename ? `${error.filename}:${error.lineno}:${error.colno}` : undefined;
    send(error.error ?? new Error(error.message), where);
  };
  const onRejection = (event: Event) => send((event as PromiseRejectionEvent).reason);
  target.addEventListener('error', onError);
  target.addEventListener('unhandledrejection', onRejection);
  return () => {
    target.removeEventListener('error', onError);
    target.removeEventListener('unhandledrejection', onRejection);
  };
}
