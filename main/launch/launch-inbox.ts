import type { ContextLaunch } from '../../shared/ipc/schemas.ts';
import type { LaunchParse } from './launch-request.ts';

/**
 * Where context launches wait for the page: the first start's arguments
 * arrive before any window exists, a second start's while the user may be
 * signed out. Only the newest waits (a practice system that launches twice
 * means the second citizen); the page takes it once, when someone is signed
 * in, and is told when one arrives. A parse of no launch at all changes
 * nothing. The CPR is never logged: only that a launch came, and a refusal's
 * reason.
 */
export function createLaunchInbox(log: (message: string) => void = () => undefined) {
  let pending: ContextLaunch | null = null;
  const listeners = new Set<() => void>();
  return {
    receive(parse: LaunchParse | null): void {
      if (parse === null) return;
      pending = parse.ok ? parse.launch : { kind: 'refused', reason: parse.reason };
      log(parse.ok ? 'context launch received' : `context launch refused: ${parse.reason}`);
      for (const listener of listeners) listener();
    },
    /** The waiting launch, once. */
    take(): ContextLaunch | null {
      const launch = pending;
      pending = null;
      return launch;
    },
    /** Called on every arrival; returns the unsubscribe. */
    onReceived(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type LaunchInbox = ReturnType<typeof createLaunchInbox>;
