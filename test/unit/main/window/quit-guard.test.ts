import { describe, expect, it } from 'vitest';
import {
  initialQuitGuardState,
  quitGuardStep,
  type QuitGuardEvent,
  type QuitGuardState,
  type QuitGuardStep,
} from '../../../../main/window/quit-guard-policy.ts';
import { createQuitGuard, type QuitGuardHost } from '../../../../main/window/quit-guard.ts';
import type { QuitRequest } from '../../../../shared/ipc/schemas.ts';

/** Runs events through the policy from the start, returning every step. */
function run(events: readonly QuitGuardEvent[], from = initialQuitGuardState): QuitGuardStep[] {
  const steps: QuitGuardStep[] = [];
  let state: QuitGuardState = from;
  for (const event of events) {
    const step = quitGuardStep(state, event);
    steps.push(step);
    state = step.state;
  }
  return steps;
}

const last = (steps: QuitGuardStep[]): QuitGuardStep => steps[steps.length - 1]!;

describe('quitGuardStep: the quit policy', () => {
  it('lets a quit through when no window reported unsent entries', () => {
    expect(last(run([{ kind: 'before-quit' }]))).toMatchObject({ allow: true, effects: [] });
    const afterZero = run([
      { kind: 'unsent', windowId: 1, count: 2 },
      { kind: 'unsent', windowId: 1, count: 0 },
      { kind: 'before-quit' },
    ]);
    expect(last(afterZero)).toMatchObject({ allow: true, effects: [] });
    expect(last(afterZero).state.unsent.size).toBe(0);
  });

  it('holds a quit back once and asks the window with unsent entries', () => {
    const steps = run([
      { kind: 'unsent', windowId: 1, count: 0 },
      { kind: 'unsent', windowId: 2, count: 3 },
      { kind: 'before-quit' },
    ]);
    expect(last(steps).allow).toBe(false);
    expect(last(steps).effects).toEqual([
      { kind: 'ask', windowId: 2, request: { requestId: 1, reason: 'quit' } },
    ]);
    expect(last(steps).state.asking).toEqual({
      windowId: 2,
      requestId: 1,
      reason: 'quit',
      acknowledged: false,
    });
  });

  it('quits for real after the page says go ahead, and the second before-quit passes', () => {
    const steps = run([
      { kind: 'unsent', windowId: 2, count: 3 },
      { kind: 'before-quit' },
      { kind: 'answer', windowId: 2, requestId: 1, answer: 'shown' },
      { kind: 'answer', windowId: 2, requestId: 1, answer: 'quit' },
      { kind: 'before-quit' },
      { kind: 'window-close', windowId: 2 },
    ]);
    expect(steps[3]!.effects).toEqual([{ kind: 'quit' }]);
    expect(steps[4]).toMatchObject({ allow: true, effects: [] });
    expect(steps[5]).toMatchObject({ allow: true, effects: [] });
  });

  it('stays when the page says stay, and asks afresh at the next quit', () => {
    const steps = run([
      { kind: 'unsent', windowId: 2, count: 1 },
      { kind: 'before-quit' },
      { kind: 'answer', windowId: 2, requestId: 1, answer: 'shown' },
      { kind: 'answer', windowId: 2, requestId: 1, answer: 'stay' },
      { kind: 'before-quit' },
    ]);
    expect(steps[3]).toMatchObject({ allow: true, effects: [] });
    expect(steps[3]!.state.asking).toBeNull();
    expect(last(steps)).toMatchObject({
      allow: false,
      effects: [{ kind: 'ask', windowId: 2, request: { requestId: 2, reason: 'quit' } }],
    });
  });

  it('ignores an answer to an older question or from another window', () => {
    const steps = run([
      { kind: 'unsent', windowId: 2, count: 1 },
      { kind: 'before-quit' },
      { kind: 'before-quit' },
      { kind: 'answer', windowId: 2, requestId: 1, answer: 'quit' },
      { kind: 'answer', windowId: 3, requestId: 2, answer: 'quit' },
    ]);
    expect(steps[2]!.effects).toEqual([
      { kind: 'ask', windowId: 2, request: { requestId: 2, reason: 'quit' } },
    ]);
    expect(steps[3]).toMatchObject({ allow: true, effects: [] });
    expect(steps[4]).toMatchObject({ allow: true, effects: [] });
    expect(last(steps).state.asking?.requestId).toBe(2);
  });

  it('asks when closing a window with unsent entries, and closes it after go ahead', () => {
    const steps = run([
      { kind: 'unsent', windowId: 4, count: 1 },
      { kind: 'window-close', windowId: 4 },
      { kind: 'answer', windowId: 4, requestId: 1, answer: 'quit' },
      { kind: 'window-close', windowId: 4 },
      { kind: 'window-gone', windowId: 4 },
      { kind: 'before-quit' },
    ]);
    expect(steps[1]).toMatchObject({
      allow: false,
      effects: [{ kind: 'ask', windowId: 4, request: { requestId: 1, reason: 'close' } }],
    });
    expect(steps[2]!.effects).toEqual([{ kind: 'close', windowId: 4 }]);
    expect(steps[3]).toMatchObject({ allow: true, effects: [] });
    // Closed: the last window gone, the app's quit that follows passes.
    expect(steps[5]).toMatchObject({ allow: true, effects: [] });
  });

  it('asks again about entries saved after a go-ahead whose quit did not happen', () => {
    const steps = run([
      { kind: 'unsent', windowId: 2, count: 1 },
      { kind: 'before-quit' },
      { kind: 'answer', windowId: 2, requestId: 1, answer: 'quit' },
      // Sent meanwhile, then a new entry.
      { kind: 'unsent', windowId: 2, count: 0 },
      { kind: 'unsent', windowId: 2, count: 1 },
      { kind: 'before-quit' },
    ]);
    expect(steps[3]!.state.confirmed.has(2)).toBe(true);
    expect(last(steps)).toMatchObject({
      allow: false,
      effects: [{ kind: 'ask', windowId: 2, request: { requestId: 2, reason: 'quit' } }],
    });
  });

  it('lets a window without unsent entries close without asking', () => {
    const steps = run([
      { kind: 'unsent', windowId: 4, count: 1 },
      { kind: 'window-close', windowId: 5 },
    ]);
    expect(last(steps)).toMatchObject({ allow: true, effects: [] });
  });

  it('goes ahead after the timeout when the page never acknowledged, saying so in the log', () => {
    const steps = run([
      { kind: 'unsent', windowId: 2, count: 1 },
      { kind: 'before-quit' },
      { kind: 'no-answer', requestId: 1 },
    ]);
    expect(last(steps).effects).toEqual([
      { kind: 'log', message: expect.stringContaining('did not answer in time') as string },
      { kind: 'quit' },
    ]);
    expect(last(steps).state.confirmed.has(2)).toBe(true);
  });

  it('waits for the user, however long, once the page showed the question', () => {
    const steps = run([
      { kind: 'unsent', windowId: 2, count: 1 },
      { kind: 'before-quit' },
      { kind: 'answer', windowId: 2, requestId: 1, answer: 'shown' },
      { kind: 'no-answer', requestId: 1 },
    ]);
    expect(last(steps)).toMatchObject({ allow: true, effects: [] });
    expect(last(steps).state.asking?.requestId).toBe(1);
  });

  it('a second quit while the question is shown asks again, and its timer can let the quit through', () => {
    const steps = run([
      { kind: 'unsent', windowId: 2, count: 1 },
      { kind: 'before-quit' },
      { kind: 'answer', windowId: 2, requestId: 1, answer: 'shown' },
      // The page hangs with the question on screen; the user quits again.
      { kind: 'before-quit' },
      { kind: 'no-answer', requestId: 1 },
      { kind: 'no-answer', requestId: 2 },
    ]);
    expect(steps[3]).toMatchObject({
      allow: false,
      effects: [{ kind: 'ask', windowId: 2, request: { requestId: 2, reason: 'quit' } }],
    });
    expect(steps[4]).toMatchObject({ allow: true, effects: [] });
    expect(steps[5]!.effects.at(-1)).toEqual({ kind: 'quit' });
  });

  it('goes on with the quit when the window asked goes away (closed or crashed)', () => {
    const steps = run([
      { kind: 'unsent', windowId: 2, count: 1 },
      { kind: 'before-quit' },
      { kind: 'window-gone', windowId: 2 },
      { kind: 'before-quit' },
    ]);
    expect(steps[2]!.effects.at(-1)).toEqual({ kind: 'quit' });
    expect(steps[3]).toMatchObject({ allow: true, effects: [] });
  });

  it('asks each window with unsent entries in turn', () => {
    const steps = run([
      { kind: 'unsent', windowId: 1, count: 1 },
      { kind: 'unsent', windowId: 2, count: 5 },
      { kind: 'before-quit' },
      { kind: 'answer', windowId: 1, requestId: 1, answer: 'quit' },
      { kind: 'before-quit' },
      { kind: 'answer', windowId: 2, requestId: 2, answer: 'quit' },
      { kind: 'before-quit' },
    ]);
    expect(steps[2]!.effects).toEqual([
      { kind: 'ask', windowId: 1, request: { requestId: 1, reason: 'quit' } },
    ]);
    expect(steps[4]!.effects).toEqual([
      { kind: 'ask', windowId: 2, request: { requestId: 2, reason: 'quit' } },
    ]);
    expect(last(steps)).toMatchObject({ allow: true, effects: [] });
  });
});

interface FakeHost extends QuitGuardHost {
  readonly asked: [number, QuitRequest][];
  readonly calls: string[];
  reachable: boolean;
}

function fakeHost(): FakeHost {
  const host: FakeHost = {
    asked: [],
    calls: [],
    reachable: true,
    ask: (windowId, request) => {
      host.asked.push([windowId, request]);
      return host.reachable;
    },
    quit: () => host.calls.push('quit'),
    close: (windowId) => host.calls.push(`close ${windowId}`),
    log: (message) => host.calls.push(`log ${message}`),
  };
  return host;
}

/** A guard with timers and deferred calls held in queues the test runs by hand. */
function controlledGuard() {
  const timers: { ms: number; run: () => void }[] = [];
  const deferred: (() => void)[] = [];
  const guard = createQuitGuard({
    answerTimeoutMs: 5000,
    setTimer: (run, ms) => timers.push({ ms, run }),
    defer: (run) => deferred.push(run),
  });
  const flush = () => {
    for (const run of deferred.splice(0)) run();
  };
  return { guard, timers, flush };
}

describe('createQuitGuard: the guard with its host', () => {
  it('lets everything pass until a host is attached', () => {
    const { guard } = controlledGuard();
    guard.reportUnsent(1, 3);
    expect(guard.beforeQuit()).toBe(true);
    expect(guard.windowClose(1)).toBe(true);
  });

  it('asks through the host, starts the timer, and quits (deferred) after go ahead', () => {
    const { guard, timers, flush } = controlledGuard();
    const host = fakeHost();
    guard.attach(host);
    guard.reportUnsent(1, 2);
    expect(guard.beforeQuit()).toBe(false);
    expect(host.asked).toEqual([[1, { requestId: 1, reason: 'quit' }]]);
    expect(timers.map((timer) => timer.ms)).toEqual([5000]);

    guard.answer(1, 1, 'shown');
    timers[0]!.run();
    flush();
    expect(host.calls).toEqual([]);

    guard.answer(1, 1, 'quit');
    // Not from inside the answer: the real quit runs after the current handler returned.
    expect(host.calls).toEqual([]);
    flush();
    expect(host.calls).toEqual(['quit']);
    expect(guard.beforeQuit()).toBe(true);
  });

  it('quits after the timeout when the page never answers, and logs why', () => {
    const { guard, timers, flush } = controlledGuard();
    const host = fakeHost();
    guard.attach(host);
    guard.reportUnsent(1, 2);
    expect(guard.beforeQuit()).toBe(false);
    timers[0]!.run();
    flush();
    expect(host.calls).toEqual([
      expect.stringMatching(/^log quit: the window did not answer in time/) as string,
      'quit',
    ]);
  });

  it('goes on when the window cannot be asked (already gone)', () => {
    const { guard, flush } = controlledGuard();
    const host = fakeHost();
    host.reachable = false;
    guard.attach(host);
    guard.reportUnsent(1, 2);
    expect(guard.beforeQuit()).toBe(false);
    flush();
    expect(host.calls.at(-1)).toBe('quit');
    expect(guard.beforeQuit()).toBe(true);
  });

  it('closes the window (deferred) after go ahead on a close', () => {
    const { guard, flush } = controlledGuard();
    const host = fakeHost();
    guard.attach(host);
    guard.reportUnsent(3, 1);
    expect(guard.windowClose(3)).toBe(false);
    expect(host.asked).toEqual([[3, { requestId: 1, reason: 'close' }]]);
    guard.answer(3, 1, 'quit');
    flush();
    expect(host.calls).toEqual(['close 3']);
    expect(guard.windowClose(3)).toBe(true);
  });
});
