import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  installQuitGuard,
  type GuardedWindow,
  type QuitGuardApp,
} from '../../../../main/window/install-quit-guard.ts';
import { createQuitGuard } from '../../../../main/window/quit-guard.ts';
import type { QuitRequest } from '../../../../shared/ipc/schemas.ts';

/** An Electron-like preventable event. */
function preventable(): { preventDefault(): void; prevented: boolean } {
  const event = {
    prevented: false,
    preventDefault: () => {
      event.prevented = true;
    },
  };
  return event;
}

/**
 * Electron's app as far as quitting goes: `quit()` emits `before-quit`, and
 * unless prevented, each window gets `close`; unless one is prevented, the
 * windows close and the app has quit.
 */
class FakeApp extends EventEmitter implements QuitGuardApp {
  readonly windows: FakeWindow[] = [];
  quitted = false;
  quit(): void {
    const event = preventable();
    this.emit('before-quit', event);
    if (event.prevented) return;
    for (const window of [...this.windows]) if (!window.tryClose()) return;
    this.quitted = true;
  }
}

class FakeWindow extends EventEmitter implements GuardedWindow {
  destroyed = false;
  minimized = true;
  focused = 0;
  readonly sent: QuitRequest[] = [];
  readonly contentsEvents = new EventEmitter();
  readonly webContents: GuardedWindow['webContents'];
  private readonly app: FakeApp;
  constructor(app: FakeApp, id: number) {
    super();
    this.app = app;
    app.windows.push(this);
    this.webContents = {
      id,
      send: (_channel, payload) => this.sent.push(payload),
      on: (event, listener) => this.contentsEvents.on(event, listener),
    };
  }
  isDestroyed = () => this.destroyed;
  isMinimized = () => this.minimized;
  restore = () => {
    this.minimized = false;
  };
  focus = () => {
    this.focused += 1;
  };
  close = () => void this.tryClose();
  /** Emits `close`; unless prevented, the window is destroyed and `closed` follows. */
  tryClose(): boolean {
    const event = preventable();
    this.emit('close', event);
    if (event.prevented) return false;
    this.destroyed = true;
    this.app.windows.splice(this.app.windows.indexOf(this), 1);
    this.emit('closed');
    return true;
  }
}

function setUp() {
  const app = new FakeApp();
  const deferred: (() => void)[] = [];
  const timers: (() => void)[] = [];
  const guard = createQuitGuard({
    defer: (run) => deferred.push(run),
    setTimer: (run) => timers.push(run),
  });
  const logged: string[] = [];
  const installed = installQuitGuard(app, guard, (message) => logged.push(message));
  const window = new FakeWindow(app, 11);
  installed.watch(window);
  const flush = () => {
    for (const run of deferred.splice(0)) run();
  };
  return { app, guard, window, flush, timers, logged };
}

describe('installQuitGuard: the guard on Electron’s app and windows (fakes)', () => {
  it('quits at once when nothing is unsent', () => {
    const { app, window } = setUp();
    app.quit();
    expect(app.quitted).toBe(true);
    expect(window.sent).toEqual([]);
  });

  it('holds the quit, restores and focuses the window, asks its page, then quits on go ahead', () => {
    const { app, guard, window, flush } = setUp();
    guard.reportUnsent(11, 2);
    app.quit();
    expect(app.quitted).toBe(false);
    expect(window.destroyed).toBe(false);
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(1);
    expect(window.sent).toEqual([{ requestId: 1, reason: 'quit' }]);

    guard.answer(11, 1, 'shown');
    guard.answer(11, 1, 'quit');
    flush();
    expect(app.quitted).toBe(true);
    expect(window.destroyed).toBe(true);
  });

  it('stays when the page says stay', () => {
    const { app, guard, window, flush } = setUp();
    guard.reportUnsent(11, 1);
    app.quit();
    guard.answer(11, 1, 'stay');
    flush();
    expect(app.quitted).toBe(false);
    expect(window.destroyed).toBe(false);
  });

  it('asks before closing the window, and closes it on go ahead', () => {
    const { app, guard, window, flush } = setUp();
    guard.reportUnsent(11, 1);
    window.close();
    expect(window.destroyed).toBe(false);
    expect(window.sent).toEqual([{ requestId: 1, reason: 'close' }]);
    guard.answer(11, 1, 'quit');
    flush();
    expect(window.destroyed).toBe(true);
    // Gone: its count is forgotten, so the quit that follows the last window passes.
    app.quit();
    expect(app.quitted).toBe(true);
  });

  it('quits after the timeout when the page does not answer (hung), saying so in the log', () => {
    const { app, guard, window, flush, timers, logged } = setUp();
    guard.reportUnsent(11, 1);
    app.quit();
    expect(window.sent).toHaveLength(1);
    timers[0]!();
    flush();
    expect(app.quitted).toBe(true);
    expect(logged.join('\n')).toMatch(/did not answer in time/);
  });

  it('goes on with the quit when the page crashes while asked', () => {
    const { app, guard, window, flush } = setUp();
    guard.reportUnsent(11, 1);
    app.quit();
    window.contentsEvents.emit('render-process-gone');
    flush();
    expect(app.quitted).toBe(true);
  });
});
