import { useCallback, useEffect, useRef, useState } from 'react';
import type { QuitRequest } from '../../../shared/ipc/schemas.ts';
import { useOfflineControls } from '../sync/offline-controls.ts';
import { workbenchBridge } from '../../data/bridge.ts';
import { useOutboxState } from '../../data/ClinicalWritesProvider.tsx';
import { UnsentGuardDialog } from './SignOutGuard.tsx';
import { carryOutQuitChoice, listenForQuitRequests } from './quit-flow.ts';

/**
 * Mounted in the shell (signed in): tells main this window's unsent count
 * each time it changes (0 once signed out), and when main asks before
 * quitting or closing the window, shows the unsent question in its quit
 * variant and answers main (main/window/quit-guard.ts).
 */
export function QuitGuard() {
  const controls = useOfflineControls();
  const outbox = useOutboxState();
  const [request, setRequest] = useState<QuitRequest | null>(null);
  const unsent = useRef(outbox.unsent);
  // The question being answered: answered once (the dialog also closes itself after a choice).
  const pending = useRef<QuitRequest | null>(null);

  useEffect(() => {
    unsent.current = outbox.unsent;
    void workbenchBridge()?.outboxUnsent({ count: outbox.unsent });
  }, [outbox.unsent]);

  useEffect(() => {
    const bridge = workbenchBridge();
    if (!bridge) return;
    const stop = listenForQuitRequests({
      bridge,
      unsent: () => unsent.current,
      show: (next) => {
        pending.current = next;
        setRequest(next);
      },
    });
    return () => {
      stop();
      // Signed out (or the shell is gone): nothing of this session is left unsent in this window.
      void bridge.outboxUnsent({ count: 0 });
    };
  }, []);

  const answer = useCallback((decision: 'quit' | 'stay') => {
    const current = pending.current;
    pending.current = null;
    setRequest(null);
    if (current)
      void workbenchBridge()?.quitAnswer({ requestId: current.requestId, answer: decision });
  }, []);

  // Everything reached the server while the question was open (send now left some behind and the
  // outbox sent them on its own, as it does after a back-off): nothing is left to ask about, and the
  // user asked to quit, so the quit goes on.
  const sender = controls.session?.outbox ?? null;
  useEffect(() => {
    if (!sender) return;
    return sender.subscribe((state) => {
      if (pending.current && state.unsent === 0) answer('quit');
    });
  }, [sender, answer]);

  return (
    <UnsentGuardDialog
      open={request !== null}
      reason={request?.reason ?? 'quit'}
      onClose={() => answer('stay')}
      act={async (choice) => {
        const outcome = await carryOutQuitChoice(sender, choice);
        if (outcome === 'done') answer('quit');
        return outcome;
      }}
    />
  );
}
