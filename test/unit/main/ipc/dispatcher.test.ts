import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createIpcDispatcher,
  UserFacingError,
  type IpcDispatch,
  type IpcHandlers,
} from '../../../../main/ipc/dispatcher.ts';
import { createMainRuntime } from '../../../../main/runtime.ts';
import type { PersonaRecord } from '../../../../shared/domain/persona-record.ts';
import {
  invokeContract,
  INVOKE_CHANNELS,
  type InvokeChannel,
} from '../../../../shared/ipc/contract.ts';
import { IpcErrorSchema, type IpcResult } from '../../../../shared/ipc/result.ts';
import { useTempDir } from '../../../support/temp-dir.ts';
import { readyBackend } from '../../../support/backend-state.ts';
import { settingsView } from '../../../support/settings-view.ts';

const APP = 'app://workbench';
const FROM_APP = { url: 'app://workbench/', isMainFrame: true };

/** Channels whose request has fields; every other channel is called with `{}`. */
const EXAMPLE_REQUESTS: Partial<Record<InvokeChannel, unknown>> = {
  'settings-update': { language: 'en' },
  'session-sign-in': { personaId: 'lung-nurse' },
  'outbox-unsent': { count: 2 },
  'quit-answer': { requestId: 1, answer: 'stay' },
  'log-renderer-error': { message: 'TypeError: x is undefined' },
};

/** The calling window, as register-ipc passes it from `event.sender.id`. */
const FROM_WINDOW = { contentsId: 7 };

/** Channels about the signed-in user's own data: called after a sign-in (they refuse otherwise). */
const NEEDS_SIGN_IN: ReadonlySet<InvokeChannel> = new Set<InvokeChannel>([
  'cache-unlock',
  'cache-forget',
]);

const PERSONA: PersonaRecord = {
  summary: {
    id: 'lung-nurse',
    displayName: 'Mette Sygeplejerske',
    title: 'Sygeplejerske',
    sector: 'hospital',
    organizationName: 'Aalborg Universitetshospital, Lungemedicinsk afdeling',
    careTeams: [{ id: 'team-lung', name: 'KOL-teamet', role: 'monitoring_adjuster' }],
  },
  practitionerId: 'practitioner-1',
  organizationId: 'organization-1',
};

function validRequestFor(channel: InvokeChannel): unknown {
  const request = EXAMPLE_REQUESTS[channel] ?? {};
  if (!invokeContract[channel].request.safeParse(request).success)
    throw new Error(`add a valid example request for ${channel} to EXAMPLE_REQUESTS`);
  return request;
}

describe('the IPC dispatcher with the real handlers', () => {
  const temp = useTempDir('wb-dispatch');

  /** The handlers and services exactly as main composes them, on a temp user-data folder. */
  function realDispatcher(machineSettings?: {
    administrator: string;
    machine: string;
  }): IpcDispatch {
    return createMainRuntime({
      appInfo: {
        name: 'Nordjysk eSundhed Workbench',
        version: '0.1.0',
        mode: 'electron',
        platform: 'linux',
        electronVersion: '45.5.0',
        chromeVersion: null,
      },
      appOrigin: APP,
      userDataDir: temp.path,
      log: () => undefined,
      backend: readyBackend([PERSONA]),
      ...(machineSettings ? { machineSettings } : {}),
    }).dispatch;
  }

  it('refuses a locked preference with a reason the page translates, and saves nothing', async () => {
    const administrator = join(temp.path, 'administrator-defaults.json');
    await writeFile(
      administrator,
      JSON.stringify({ user: { language: 'en' }, locked: ['language'] }),
    );
    const dispatch = realDispatcher({ administrator, machine: join(temp.path, 'none.json') });
    const result = await dispatch('settings-update', FROM_APP, { language: 'da' });
    expect(result).toMatchObject({ ok: false, error: { reason: 'setting-locked' } });
    expect(await dispatch('settings-read', FROM_APP, {})).toMatchObject({
      ok: true,
      value: {
        preferences: { language: 'en' },
        entries: { language: { source: 'administrator', locked: true } },
      },
    });
    await expect(readFile(join(temp.path, 'settings.json'))).rejects.toThrow('ENOENT');
  });

  it.each(INVOKE_CHANNELS)(
    'answers %s with a value its response schema accepts',
    async (channel) => {
      const dispatch = realDispatcher();
      if (NEEDS_SIGN_IN.has(channel))
        expect(
          await dispatch('session-sign-in', FROM_APP, { personaId: 'lung-nurse' }),
        ).toMatchObject({ ok: true });
      const result = await dispatch(channel, FROM_APP, validRequestFor(channel), FROM_WINDOW);
      expect(result).toMatchObject({ ok: true });
      if (result.ok)
        expect(invokeContract[channel].response.safeParse(result.value).success).toBe(true);
    },
  );

  it('answers with what the handlers hold', async () => {
    const dispatch = realDispatcher();
    expect(await dispatch('settings-read', FROM_APP, {})).toEqual({
      ok: true,
      value: settingsView(),
    });
    expect(await dispatch('settings-update', FROM_APP, { language: 'en' })).toEqual({
      ok: true,
      value: settingsView({ language: 'en' }),
    });
    expect(await dispatch('settings-read', FROM_APP, {})).toEqual({
      ok: true,
      value: settingsView({ language: 'en' }),
    });
    expect(await dispatch('health-check', FROM_APP, {})).toMatchObject({
      ok: true,
      value: { status: 'ok' },
    });
    expect(await dispatch('app-info', FROM_APP, {})).toMatchObject({
      ok: true,
      value: { mode: 'electron', version: '0.1.0' },
    });
  });

  it.each([
    'no-such-channel',
    '',
    'APP-INFO',
    'app-info ',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'isPrototypeOf',
    '__defineGetter__',
  ])('refuses the channel %j as unknown', async (channel) => {
    expect(await realDispatcher()(channel, FROM_APP, {})).toMatchObject({
      ok: false,
      error: { code: 'unknown-channel' },
    });
  });

  it.each([null, undefined, 1, ['app-info'], { toString: () => 'app-info' }, Symbol('app-info')])(
    'refuses the non-string channel %s as unknown',
    async (channel) => {
      expect(await realDispatcher()(channel, FROM_APP, {})).toMatchObject({
        ok: false,
        error: { code: 'unknown-channel' },
      });
    },
  );

  it.each([
    ['no frame', null],
    ['a sub-frame', { url: 'app://workbench/', isMainFrame: false }],
    ['another origin', { url: 'https://evil.example/', isMainFrame: true }],
  ])('refuses %s as untrusted, before touching the settings', async (_what, sender) => {
    const dispatch = realDispatcher();
    expect(await dispatch('settings-update', sender, { language: 'en' })).toMatchObject({
      ok: false,
      error: { code: 'untrusted-sender' },
    });
    expect(await dispatch('settings-read', FROM_APP, {})).toEqual({
      ok: true,
      value: settingsView(),
    });
  });

  it('refuses a payload that breaks the request schema, saying where', async () => {
    const result = await realDispatcher()('settings-update', FROM_APP, { language: 'fr', x: 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    if (!result.ok) {
      // In words, not zod/mini's bare "Invalid input": main configures English messages.
      expect(result.error.issues).toContain('language: Invalid option: expected one of "da"|"en"');
      expect(IpcErrorSchema.safeParse(result.error).success).toBe(true);
    }
  });
});

describe('the IPC dispatcher when a handler misbehaves', () => {
  function dispatcherWith(override: Partial<IpcHandlers>, failures: unknown[] = []): IpcDispatch {
    const notUnderTest = (): Promise<never> => Promise.reject(new Error('not under test'));
    // Built from the contract so a new channel needs no edit here; the map type cannot be built key by key.
    const handlers = {
      ...Object.fromEntries(INVOKE_CHANNELS.map((channel) => [channel, notUnderTest])),
      ...override,
    } as IpcHandlers;
    return createIpcDispatcher(handlers, {
      appOrigin: APP,
      reportFailure: (_channel, error) => failures.push(error),
    });
  }

  function expectFailure(result: IpcResult<unknown>, code: string): string {
    expect(result.ok).toBe(false);
    if (result.ok) return '';
    expect(result.error.code).toBe(code);
    expect(IpcErrorSchema.safeParse(result.error).success).toBe(true);
    return result.error.message;
  }

  it('turns a thrown error into handler-failed, keeping its text and stack in main', async () => {
    const failures: unknown[] = [];
    const secret = new Error('ENOENT: /home/anna/.config/workbench/settings.json token=abc');
    const dispatch = dispatcherWith({ 'settings-read': () => Promise.reject(secret) }, failures);
    const message = expectFailure(await dispatch('settings-read', FROM_APP, {}), 'handler-failed');
    expect(message).not.toContain('ENOENT');
    expect(message).not.toContain('/home/anna');
    expect(message).not.toContain('token');
    expect(message).not.toMatch(/\bat .*:\d+:\d+/);
    expect(failures).toEqual([secret]);
  });

  it.each<[string, unknown]>([
    ['a string', 'internal detail'],
    ['undefined', undefined],
    ['an object', { stack: 'at secret.ts:1:1' }],
  ])('gives a generic message when the handler throws %s', async (_what, thrown) => {
    const dispatch = dispatcherWith({
      'settings-read': () => {
        // Thrown synchronously, not as a rejected promise: the wrapper must catch both.
        throw thrown;
      },
    });
    const message = expectFailure(await dispatch('settings-read', FROM_APP, {}), 'handler-failed');
    expect(message).not.toContain('internal detail');
    expect(message).not.toContain('secret.ts');
  });

  it('passes a UserFacingError’s own message through', async () => {
    const dispatch = dispatcherWith({
      'settings-update': () => Promise.reject(new UserFacingError('Indstillingerne er låst.')),
    });
    const result = await dispatch('settings-update', FROM_APP, { language: 'en' });
    expect(expectFailure(result, 'handler-failed')).toBe('Indstillingerne er låst.');
  });

  it.each([
    ['an extra field', { language: 'da', token: 'secret' }],
    ['a wrong value', { language: 'fr' }],
    ['nothing', undefined],
    ['a string', 'da'],
  ])(
    'refuses a handler answer with %s as invalid-response, without leaking it',
    async (_w, bad) => {
      const failures: unknown[] = [];
      const dispatch = dispatcherWith(
        { 'settings-read': () => Promise.resolve(bad as never) },
        failures,
      );
      const result = await dispatch('settings-read', FROM_APP, {});
      const message = expectFailure(result, 'invalid-response');
      expect(JSON.stringify(result)).not.toContain('secret');
      expect(message).toContain('settings-read');
      expect(failures).toHaveLength(1);
    },
  );

  it('answers invalid-response, not an exception, when the handler’s answer throws on reading', async () => {
    const trap = new Proxy(
      {},
      {
        // Not `get`: awaiting the answer reads `then`, which would make it a handler failure.
        ownKeys: () => {
          throw new Error('trap');
        },
        has: () => {
          throw new Error('trap');
        },
      },
    );
    const dispatch = dispatcherWith({ 'settings-read': () => Promise.resolve(trap as never) });
    expectFailure(await dispatch('settings-read', FROM_APP, {}), 'invalid-response');
  });

  it('answers invalid-payload, not an exception, for a payload whose getters throw', async () => {
    const dispatch = dispatcherWith({});
    const payload = Object.defineProperty({}, 'language', {
      enumerable: true,
      get: () => {
        throw new Error('getter');
      },
    });
    expectFailure(await dispatch('settings-update', FROM_APP, payload), 'invalid-payload');
  });

  it('does not call the handler for an untrusted sender or a bad payload', async () => {
    let calls = 0;
    const dispatch = dispatcherWith({
      'settings-update': () => {
        calls += 1;
        return Promise.resolve(settingsView());
      },
    });
    await dispatch('settings-update', null, { language: 'en' });
    await dispatch('settings-update', FROM_APP, { language: 'xx' });
    expect(calls).toBe(0);
    await dispatch('settings-update', FROM_APP, { language: 'en' });
    expect(calls).toBe(1);
  });
});
