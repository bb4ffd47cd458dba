import { describe, expect, it } from 'vitest';
import { EVENT_CHANNELS, isEventChannel } from '../../../../shared/ipc/contract.ts';
import {
  createWorkbenchApi,
  eventMethodNameOf,
  type WorkbenchEventSource,
} from '../../../../shared/ipc/workbench-api.ts';
import type { QuitRequest } from '../../../../shared/ipc/schemas.ts';

/** An event source the test drives: `emit` delivers to whoever is subscribed to the channel. */
function eventSource() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const source: WorkbenchEventSource = (channel, listener) => {
    const set = listeners.get(channel) ?? new Set();
    listeners.set(channel, set);
    set.add(listener);
    return () => set.delete(listener);
  };
  const emit = (channel: string, payload: unknown) => {
    for (const listener of listeners.get(channel) ?? []) listener(payload);
  };
  return { source, emit, listeners };
}

const noTransport = () => Promise.reject(new Error('unused'));

describe('main → page events on the workbench API', () => {
  it('names one subscription per event, on + PascalCase', () => {
    expect(EVENT_CHANNELS).toEqual(['quit-requested', 'launch-received']);
    expect(eventMethodNameOf('quit-requested')).toBe('onQuitRequested');
    expect(eventMethodNameOf('launch-received')).toBe('onLaunchReceived');
    for (const channel of EVENT_CHANNELS) expect(channel).toMatch(/^[a-z]+(-[a-z]+)+$/);
    expect(isEventChannel('quit-requested')).toBe(true);
    expect(isEventChannel('__proto__')).toBe(false);
    expect(isEventChannel('app-info')).toBe(false);
  });

  it('hands the listener a payload that matches the contract, until unsubscribed', () => {
    const { source, emit } = eventSource();
    const api = createWorkbenchApi(noTransport, source);
    const received: QuitRequest[] = [];
    const stop = api.onQuitRequested((request) => received.push(request));
    emit('quit-requested', { requestId: 3, reason: 'quit' });
    emit('quit-requested', { requestId: 4, reason: 'close' });
    stop();
    emit('quit-requested', { requestId: 5, reason: 'quit' });
    expect(received).toEqual([
      { requestId: 3, reason: 'quit' },
      { requestId: 4, reason: 'close' },
    ]);
  });

  it.each<[string, unknown]>([
    ['a stray key', { requestId: 3, reason: 'quit', extra: 1 }],
    ['an unknown reason', { requestId: 3, reason: 'reboot' }],
    ['no request id', { reason: 'quit' }],
    ['a zero request id', { requestId: 0, reason: 'quit' }],
    ['nothing', undefined],
    ['a string', 'quit'],
  ])('drops a payload with %s', (_what, payload) => {
    const { source, emit } = eventSource();
    const api = createWorkbenchApi(noTransport, source);
    const received: unknown[] = [];
    api.onQuitRequested((request) => received.push(request));
    emit('quit-requested', payload);
    expect(received).toEqual([]);
  });

  it('subscribes harmlessly where no events can arrive, and refuses a listener that is not a function', () => {
    const api = createWorkbenchApi(noTransport);
    const stop = api.onQuitRequested(() => undefined);
    expect(stop()).toBeUndefined();
    expect(() => api.onQuitRequested('x' as unknown as () => void)).toThrow(TypeError);
  });
});
