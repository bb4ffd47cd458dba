import { createContext, useContext } from 'react';
import type { OfflineSession } from '../../data/offline/offline-session.ts';

/** What sign-out does with entries not yet sent (the question asked when there are any). */
export type UnsentChoice =
  /** Try to send them first; sign out only if all went. */
  | 'send'
  /** Sign out and keep them (and the cache) for the next sign-in of the same user. */
  | 'keep'
  /** Throw them away (the user said so), then wipe. */
  | 'discard';

export interface OfflineControls {
  /** The open offline layer, or null while signed out or opening. */
  readonly session: OfflineSession | null;
  /** Sync now (the retry button); resolves when the run (and the outbox's send) ended. */
  syncNow(): Promise<void>;
  /** Reads the cache's size into the store (settings). */
  refreshStats(): Promise<void>;
  /**
   * Signs out. With no unsent entries the cache is wiped and the key forgotten
   * first. With unsent entries a choice is required (the guard dialog asks);
   * without one this resolves to 'ask' and does nothing. 'send' signs out only
   * when everything went; otherwise it resolves to 'unsent'.
   */
  signOut(choice?: UnsentChoice): Promise<'signed-out' | 'ask' | 'unsent'>;
}

export const OfflineControlsContext = createContext<OfflineControls | null>(null);

/** The offline layer's controls for app-level UI (shell, settings, guard dialog). */
export function useOfflineControls(): OfflineControls {
  const controls = useContext(OfflineControlsContext);
  if (!controls) throw new Error('useOfflineControls needs an OfflineProvider');
  return controls;
}
