import { QuitRequestSchema, type QuitRequest } from '../../shared/ipc/schemas.ts';
import type { QuitGuard } from './quit-guard.ts';
import type { WindowId } from './quit-guard-policy.ts';

/** The part of an Electron event the guard uses. */
interface PreventableEvent {
  preventDefault(): void;
}

/** The part of Electron's `app` the guard uses (a fake in tests). */
export interface QuitGuardApp {
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
  quit(): void;
}

/** The part of a BrowserWindow the guard uses (a fake in tests). */
export interface GuardedWindow {
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
  close(): void;
  readonly webContents: {
    readonly id: number;
    send(channel: 'quit-requested', payload: QuitRequest): void;
    on(event: 'render-process-gone', listener: () => void): unknown;
  };
}

export interface InstalledQuitGuard {
  /** Guards one more window: its close asks when its page reported unsent entries. */
  watch(window: GuardedWindow): void;
}

/**
 * Wires the quit guard (quit-guard.ts) to Electron: `before-quit` and each
 * window's `close` are held back while the guard asks; `closed` and a crashed
 * page tell it the window can no longer answer.
 */
export function installQuitGuard(
  app: QuitGuardApp,
  guard: QuitGuard,
  log: (message: string) => void,
): InstalledQuitGuard {
  const windows = new Map<WindowId, GuardedWindow>();
  const live = (windowId: WindowId): GuardedWindow | null => {
    const window = windows.get(windowId);
    return window && !window.isDestroyed() ? window : null;
  };

  guard.attach({
    ask: (windowId, request) => {
      const window = live(windowId);
      if (!window) return false;
      if (window.isMinimized()) window.restore();
      window.focus();
      window.webContents.send('quit-requested', QuitRequestSchema.parse(request));
      return true;
    },
    quit: () => app.quit(),
    close: (windowId) => live(windowId)?.close(),
    log,
  });

  app.on('before-quit', (event) => {
    if (!guard.beforeQuit()) event.preventDefault();
  });

  return {
    watch: (window) => {
      // Read now: after `closed` the web contents can no longer be asked for its id.
      const windowId = window.webContents.id;
      windows.set(windowId, window);
      window.on('close', (event) => {
        if (!guard.windowClose(windowId)) event.preventDefault();
      });
      window.on('closed', () => {
        windows.delete(windowId);
        guard.windowGone(windowId);
      });
      window.webContents.on('render-process-gone', () => guard.windowGone(windowId));
    },
  };
}
