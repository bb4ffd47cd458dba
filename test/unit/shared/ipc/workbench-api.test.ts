import { describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS, type InvokeChannel } from '../../../../shared/ipc/contract.ts';
import {
  createWorkbenchApi,
  methodNameOf,
  workbenchMethodNames,
  type WorkbenchTransport,
} from '../../../../shared/ipc/workbench-api.ts';
import { settingsView } from '../../../support/settings-view.ts';

const SETTINGS = settingsView();

function apiAnswering(answer: unknown): ReturnType<typeof createWorkbenchApi> {
  return createWorkbenchApi(() => Promise.resolve(answer));
}

describe('the workbench API object', () => {
  const api = createWorkbenchApi(() => Promise.reject(new Error('unused')));

  it('has one method per contract channel and per event, camelCased, and nothing else', () => {
    const expected = workbenchMethodNames().sort();
    expect(expected).toEqual(
      [
        ...INVOKE_CHANNELS.map((channel) => methodNameOf(channel)),
        'onQuitRequested',
        'onLaunchReceived',
      ].sort(),
    );
    expect(Reflect.ownKeys(api).sort()).toEqual(expected);
    for (const name of expected) {
      expect(typeof (api as unknown as Record<string, unknown>)[name]).toBe('function');
    }
  });

  it('names methods by the channel', () => {
    expect(methodNameOf('settings-read')).toBe('settingsRead');
    expect(methodNameOf('app-info')).toBe('appInfo');
    expect(new Set(INVOKE_CHANNELS.map((c) => methodNameOf(c))).size).toBe(INVOKE_CHANNELS.length);
  });

  it('exposes no generic door to main', () => {
    for (const name of ['invoke', 'send', 'ipcRenderer', 'on', 'call', 'transport']) {
      expect(Object.hasOwn(api, name)).toBe(false);
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(api)).toBe(true);
    expect(() => {
      (api as unknown as Record<string, unknown>).invoke = () => undefined;
    }).toThrow(TypeError);
    expect(Object.hasOwn(api, 'invoke')).toBe(false);
  });
});

describe('calling the workbench API', () => {
  it('sends the channel and the request through the transport, {} when left out', async () => {
    const sent: [InvokeChannel, unknown][] = [];
    const transport: WorkbenchTransport = (channel, request) => {
      sent.push([channel, request]);
      return Promise.resolve({ ok: true, value: SETTINGS });
    };
    const api = createWorkbenchApi(transport);
    await api.settingsRead();
    await api.settingsUpdate({ language: 'en' });
    expect(sent).toEqual([
      ['settings-read', {}],
      ['settings-update', { language: 'en' }],
    ]);
  });

  it('returns a valid answer', async () => {
    expect(await apiAnswering({ ok: true, value: SETTINGS }).settingsRead()).toEqual({
      ok: true,
      value: SETTINGS,
    });
  });

  it('reports a transport that rejects as transport-failed', async () => {
    const api = createWorkbenchApi(() => Promise.reject(new Error('harness unreachable')));
    expect(await api.settingsRead()).toEqual({
      ok: false,
      error: { code: 'transport-failed', message: 'harness unreachable' },
    });
  });

  it('reports a transport that throws synchronously as transport-failed', async () => {
    const api = createWorkbenchApi(() => {
      throw new Error('IPC torn down');
    });
    expect(await api.appInfo()).toMatchObject({ ok: false, error: { code: 'transport-failed' } });
  });

  it('passes a well-formed error from main through unchanged', async () => {
    const error = {
      code: 'invalid-payload',
      message: 'The request for settings-update is not valid.',
      issues: ['language: Invalid option'],
    };
    expect(await apiAnswering({ ok: false, error }).settingsUpdate({ language: 'da' })).toEqual({
      ok: false,
      error,
    });
  });

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['a string', 'ok'],
    ['an array', [true, SETTINGS]],
    ['no ok field', { value: SETTINGS }],
    ['ok as a string', { ok: 'true', value: SETTINGS }],
    ['ok as a number', { ok: 1, value: SETTINGS }],
    ['a value off the schema', { ok: true, value: { language: 'fr' } }],
    ['a value with a stray field', { ok: true, value: { ...SETTINGS, token: 'x' } }],
    ['no value', { ok: true }],
    ['no error', { ok: false }],
    ['an error with an unknown code', { ok: false, error: { code: 'boom', message: 'x' } }],
    [
      'an error with a stray field',
      { ok: false, error: { code: 'handler-failed', message: 'x', stack: 'y' } },
    ],
    [
      'an overlong error message',
      { ok: false, error: { code: 'handler-failed', message: 'x'.repeat(5000) } },
    ],
  ])('reports an answer with %s as invalid-response', async (_what, answer) => {
    const result = await apiAnswering(answer).settingsRead();
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-response' } });
  });
});
