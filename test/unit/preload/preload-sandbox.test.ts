import { readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeContract, INVOKE_CHANNELS } from '../../../shared/ipc/contract.ts';
import { methodNameOf, workbenchMethodNames } from '../../../shared/ipc/workbench-api.ts';
import { buildPreload } from '../../support/build-preload.ts';

interface SandboxRun {
  readonly required: string[];
  readonly exposed: Map<string, unknown>;
  readonly invoked: [string, unknown][];
  readonly ipcRenderer: object;
  /** Listeners the preload put on ipcRenderer, by channel. */
  readonly listeners: Map<string, Set<(event: unknown, payload: unknown) => void>>;
}

/**
 * Runs the built preload the way a sandboxed renderer does: CommonJS, with a
 * `require` that knows only `electron` and no Node globals at all.
 */
function runPreload(code: string): SandboxRun {
  const run: SandboxRun = {
    required: [],
    exposed: new Map(),
    invoked: [],
    ipcRenderer: {},
    listeners: new Map(),
  };
  const ipcRenderer = {
    invoke: (channel: string, request: unknown) => {
      run.invoked.push([channel, request]);
      return Promise.resolve({ ok: true, value: { language: 'da' } });
    },
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) => {
      const set = run.listeners.get(channel) ?? new Set();
      run.listeners.set(channel, set);
      set.add(listener);
    },
    removeListener: (channel: string, listener: (event: unknown, payload: unknown) => void) => {
      run.listeners.get(channel)?.delete(listener);
    },
  };
  Object.assign(run, { ipcRenderer });
  const electron = {
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => run.exposed.set(key, api),
    },
    ipcRenderer,
  };
  const require = (name: string): unknown => {
    run.required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require ${name}`);
  };
  const module = { exports: {} };
  const wrapped = `(function (exports, require, module) {\n${code}\n})`;
  const start = runInNewContext(wrapped, {}, { filename: 'preload/index.cjs' }) as (
    exports: unknown,
    require: unknown,
    module: unknown,
  ) => void;
  start(module.exports, require, module);
  return run;
}

describe('the built preload in a sandbox', () => {
  let bundle = '';
  let code = '';

  beforeAll(async () => {
    bundle = await buildPreload();
    code = await readFile(bundle, 'utf8');
  });

  afterAll(async () => {
    if (bundle) await rm(dirname(bundle), { recursive: true, force: true });
  });

  it('is CommonJS and requires nothing but electron', () => {
    const run = runPreload(code);
    expect(run.required.length).toBeGreaterThan(0);
    expect(new Set(run.required)).toEqual(new Set(['electron']));
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('exposes exactly one key, workbench', () => {
    expect([...runPreload(code).exposed.keys()]).toEqual(['workbench']);
  });

  it('gives workbench one method per contract channel and per event, and nothing else', () => {
    const workbench = runPreload(code).exposed.get('workbench') as Record<string, unknown>;
    expect(Object.keys(workbench).sort()).toEqual(workbenchMethodNames().sort());
    for (const value of Object.values(workbench)) expect(typeof value).toBe('function');
    expect(Object.isFrozen(workbench)).toBe(true);
  });

  it('forwards main’s events to the page without the IPC event (its sender is ipcRenderer), until unsubscribed', () => {
    const run = runPreload(code);
    const workbench = run.exposed.get('workbench') as {
      onQuitRequested: (listener: (...args: unknown[]) => void) => () => void;
    };
    // Nothing is listened to until the page subscribes.
    expect(run.listeners.size).toBe(0);
    const received: unknown[][] = [];
    const stop = workbench.onQuitRequested((...args) => received.push(args));
    const emit = (payload: unknown) => {
      for (const listener of run.listeners.get('quit-requested') ?? [])
        listener({ sender: run.ipcRenderer }, payload);
    };
    emit({ requestId: 1, reason: 'quit' });
    emit({ requestId: 2, reason: 'quit', sender: 'x' });
    stop();
    emit({ requestId: 3, reason: 'close' });
    expect(received).toEqual([[{ requestId: 1, reason: 'quit' }]]);
    expect(run.listeners.get('quit-requested')?.size).toBe(0);
  });

  it('hands the page no ipcRenderer, not even nested', () => {
    const run = runPreload(code);
    const seen = new Set<unknown>();
    const visit = (value: unknown): void => {
      if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return;
      if (seen.has(value)) return;
      seen.add(value);
      expect(value).not.toBe(run.ipcRenderer);
      expect(value).not.toBe((run.ipcRenderer as { invoke: unknown }).invoke);
      for (const key of Reflect.ownKeys(value)) {
        visit(Reflect.getOwnPropertyDescriptor(value, key)?.value);
      }
    };
    visit(run.exposed.get('workbench'));
  });

  it.each(INVOKE_CHANNELS)('invokes %s on ipcRenderer with the channel name', async (channel) => {
    const run = runPreload(code);
    const workbench = run.exposed.get('workbench') as Record<
      string,
      (request?: unknown) => Promise<unknown>
    >;
    const request = channel === 'settings-update' ? { language: 'en' } : undefined;
    const result = await workbench[methodNameOf(channel)]!(request);
    expect(run.invoked).toEqual([[channel, request ?? {}]]);
    // The fake answers settings for every channel: only the settings channels accept that.
    const expectedOk = invokeContract[channel].response.safeParse({ language: 'da' }).success;
    expect(JSON.parse(JSON.stringify(result))).toMatchObject({ ok: expectedOk });
  });
});
