import { describe, expect, it } from 'vitest';
import type { MainRuntime } from '../../../../main/runtime.ts';
import type { QuitRequest } from '../../../../shared/ipc/schemas.ts';
import { readyBackend, testPersona } from '../../../support/backend-state.ts';
import { useTempDir } from '../../../support/temp-dir.ts';
import { testRuntime } from '../../../support/test-runtime.ts';

const APP = 'app://workbench';
const FROM_APP = { url: 'app://workbench/', isMainFrame: true };

describe('outbox-unsent, quit-answer and sign-in over another user, through the real dispatcher', () => {
  const temp = useTempDir('wb-quit-ipc');

  function runtime(): MainRuntime {
    return testRuntime(temp.path, {
      appOrigin: APP,
      backend: readyBackend([testPersona('lung-nurse', 'p-1'), testPersona('gp', 'p-2')]),
    });
  }

  it('keeps each window’s count, from the calling window only', async () => {
    const { dispatch, services } = runtime();
    expect(await dispatch('outbox-unsent', FROM_APP, { count: 3 }, { contentsId: 5 })).toEqual({
      ok: true,
      value: {},
    });
    await dispatch('outbox-unsent', FROM_APP, { count: 1 }, { contentsId: 6 });
    await dispatch('outbox-unsent', FROM_APP, { count: 0 }, { contentsId: 6 });
    expect([...services.quitGuard.state().unsent]).toEqual([[5, 3]]);
  });

  it.each<[string, unknown]>([
    ['a negative count', { count: -1 }],
    ['a fraction', { count: 1.5 }],
    ['a string', { count: '3' }],
    ['a window id of its own', { count: 3, windowId: 9 }],
  ])('refuses %s as invalid-payload and changes nothing', async (_what, payload) => {
    const { dispatch, services } = runtime();
    expect(await dispatch('outbox-unsent', FROM_APP, payload, { contentsId: 5 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-payload' },
    });
    expect(services.quitGuard.state().unsent.size).toBe(0);
  });

  it('refuses a call that names no window, with reason no-window', async () => {
    const { dispatch } = runtime();
    for (const [channel, payload] of [
      ['outbox-unsent', { count: 1 }],
      ['quit-answer', { requestId: 1, answer: 'quit' }],
    ] as const)
      expect(await dispatch(channel, FROM_APP, payload)).toMatchObject({
        ok: false,
        error: { code: 'handler-failed', reason: 'no-window' },
      });
  });

  it('carries the page’s answer to the guard: only the window asked, only the question asked', async () => {
    const { dispatch, services } = runtime();
    const asked: [number, QuitRequest][] = [];
    const quits: string[] = [];
    services.quitGuard.attach({
      ask: (windowId, request) => {
        asked.push([windowId, request]);
        return true;
      },
      quit: () => quits.push('quit'),
      close: () => quits.push('close'),
      log: () => undefined,
    });
    await dispatch('outbox-unsent', FROM_APP, { count: 2 }, { contentsId: 5 });
    expect(services.quitGuard.beforeQuit()).toBe(false);
    expect(asked).toEqual([[5, { requestId: 1, reason: 'quit' }]]);

    // Another window cannot answer for it, nor an old question.
    await dispatch('quit-answer', FROM_APP, { requestId: 1, answer: 'quit' }, { contentsId: 6 });
    await dispatch('quit-answer', FROM_APP, { requestId: 7, answer: 'quit' }, { contentsId: 5 });
    expect(services.quitGuard.state().asking?.requestId).toBe(1);
    expect(
      await dispatch('quit-answer', FROM_APP, { requestId: 1, answer: 'later' }, { contentsId: 5 }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });

    await dispatch('quit-answer', FROM_APP, { requestId: 1, answer: 'quit' }, { contentsId: 5 });
    expect(services.quitGuard.state().asking).toBeNull();
    expect(services.quitGuard.state().confirmed.has(5)).toBe(true);
  });

  it('refuses signing in as someone else while a user is signed in (a switch goes through sign-out)', async () => {
    const { dispatch, services } = runtime();
    expect(await dispatch('session-sign-in', FROM_APP, { personaId: 'lung-nurse' })).toMatchObject({
      ok: true,
    });
    const first = services.sessions.current();
    expect(await dispatch('session-sign-in', FROM_APP, { personaId: 'gp' })).toMatchObject({
      ok: false,
      error: { code: 'handler-failed', reason: 'signed-in' },
    });
    expect(services.sessions.current()).toBe(first);
    // The same user again: the session as it is (a retried call), not a new one.
    expect(await dispatch('session-sign-in', FROM_APP, { personaId: 'lung-nurse' })).toMatchObject({
      ok: true,
      value: { signedInAt: first?.signedInAt },
    });
    expect(services.sessions.current()).toBe(first);
    // After sign-out, the other user may sign in.
    await dispatch('session-sign-out', FROM_APP, {});
    expect(await dispatch('session-sign-in', FROM_APP, { personaId: 'gp' })).toMatchObject({
      ok: true,
      value: { persona: { id: 'gp' } },
    });
  });
});
