import { isOnOrigin } from './origins.ts';

/** The frame an IPC call came from, as far as main can tell. */
export interface IpcSender {
  readonly url: string;
  readonly isMainFrame: boolean;
}

/**
 * Only the main frame of a page on the app's own origin may call main. A
 * missing frame (navigated away or destroyed mid-call) is refused, never
 * trusted by default.
 */
export function isTrustedSender(sender: IpcSender | null | undefined, appOrigin: string): boolean {
  if (!sender || !sender.isMainFrame) return false;
  return isOnOrigin(sender.url, [appOrigin]);
}
