import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { Observation } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importCacheKeys } from '../../../renderer/data/cache/cache-crypto.ts';
import { openCache, type OpenedCacheHandle } from '../../../renderer/data/cache/open-cache.ts';
import type { OutboxState } from '../../../renderer/data/outbox/contracts.ts';
import type { SubmitMeasurementPayload } from '../../../renderer/data/outbox/entries.ts';
import {
  broadcastChannelOutbox,
  createInProcessLock,
  createOutboxController,
  defaultLock,
  type WorkbenchOutboxController,
} from '../../../renderer/data/outbox/outbox-controller.ts';
import { createClinicalWrites } from '../../../renderer/data/outbox/writes.ts';
import { clientOver, startOutboxWorld, type OutboxWorld } from './outbox-fixture.ts';
import { searchAll } from '../../support/fhir-paths.ts';

// Two windows of the app share one cache database; the Web Lock `workbench-outbox` (here the
// in-process lock, the same contract) lets only one of them send at a time.
let world: OutboxWorld;
const handles: OpenedCacheHandle[] = [];

beforeAll(async () => {
  world = await startOutboxWorld({ seed: 3, citizens: 8 });
}, 60_000);

afterAll(async () => {
  for (const handle of handles) handle.close();
  await world.settle();
  await world.close();
});

/** The controller's next return to idle after it starts sending (from its own state events). */
function nextIdle(controller: WorkbenchOutboxController): Promise<OutboxState> {
  return new Promise((resolve) => {
    let started = false;
    const stop = controller.subscribe((state) => {
      if (state.sending) started = true;
      else if (started) {
        stop();
        resolve(state);
      }
    });
  });
}

/**
 * One user's cache database: each call of the returned function opens it once more, as another
 * app window would; every handle is closed after the file.
 */
async function cacheWindows(userKey: string): Promise<() => Promise<OpenedCacheHandle>> {
  const factory = new IDBFactory();
  const keys = await importCacheKeys(
    globalThis.crypto.getRandomValues(new Uint8Array(32)),
    `${userKey}-key`,
  );
  return async () => {
    const handle = await openCache({
      userKey,
      keys,
      persistent: true,
      indexedDB: factory,
      IDBKeyRange,
    });
    handles.push(handle);
    return handle;
  };
}

describe('one sender across windows', () => {
  it('two windows sending at once submit each measurement once, and both show the count', async () => {
    const open = await cacheWindows('outbox-windows');
    const [first, second] = [await open(), await open()];
    const lock = createInProcessLock();
    const submissions: string[] = [];
    const hooks = {
      onRequest: (method: string, path: string) => {
        if (path.includes('$submit-measurement')) submissions.push(method);
      },
    };
    const windowA = createOutboxController({
      cache: first,
      client: clientOver(world.gateway, world.inFlight, hooks),
      lock,
      schedule: () => () => undefined,
    });
    const windowB = createOutboxController({
      cache: second,
      client: clientOver(world.gateway, world.inFlight, hooks),
      lock,
      schedule: () => () => undefined,
    });
    const seen: OutboxState[] = [];
    const unsubscribe = windowA.subscribe((state) => seen.push(state));
    const writes = createClinicalWrites({ cache: first });
    const target = world.episodes[0];
    if (!target) throw new Error('no episode');
    for (const value of [61, 62, 63, 64]) {
      await writes.registerMeasurement({
        patientId: target.patientId,
        episodeOfCareId: target.episodeId,
        codeKey: 'pulse',
        values: [value],
        effective: `2026-11-26T07:0${value - 60}:00Z`,
      });
    }
    const identifiers = (await first.outbox.list()).map(
      (entry) => (entry.payload as SubmitMeasurementPayload).identifier,
    );
    expect(await windowB.refresh()).toMatchObject({ unsent: 4, needsAttention: 0 });
    // A latency fault keeps the first window's requests on the wire while the second asks to send.
    world.backend.faults.add({ kind: 'latency', latencyMs: 50, times: 4 });
    const [a, b] = await Promise.all([windowA.sendNow(), windowB.sendNow()]);
    expect(a.unsent).toBe(0);
    expect(b.unsent).toBe(0);
    expect(submissions).toHaveLength(4);
    for (const identifier of identifiers) {
      const found = (await searchAll(
        world.admin,
        `Observation?identifier=${encodeURIComponent(`urn:ietf:rfc:3986|${identifier}`)}`,
      )) as unknown as Observation[];
      expect(found).toHaveLength(1);
    }
    // The window's subscribers saw it sending and then the queue empty.
    expect(seen.some((state) => state.sending)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ unsent: 0, sending: false, lastError: null });
    unsubscribe();
    windowA.dispose();
    windowB.dispose();
  });

  it('a write or a send in one window updates the count in the other without asking', async () => {
    const open = await cacheWindows('outbox-broadcast');
    const [first, second] = [await open(), await open()];
    const lock = createInProcessLock();
    const controllerFor = (cache: OpenedCacheHandle) =>
      createOutboxController({
        cache,
        client: clientOver(world.gateway, world.inFlight, null),
        lock,
        schedule: () => () => undefined,
        broadcast: broadcastChannelOutbox('outbox-broadcast'),
      });
    const windowA = controllerFor(first);
    const windowB = controllerFor(second);
    const counts: number[] = [];
    const unsubscribe = windowB.subscribe((state) => counts.push(state.unsent));
    const target = world.episodes[1];
    if (!target) throw new Error('no episode');
    // As the app does after a local write: the writing window refreshes (nudgingWrites).
    await createClinicalWrites({ cache: first }).registerMeasurement({
      patientId: target.patientId,
      episodeOfCareId: target.episodeId,
      codeKey: 'pulse',
      values: [72],
      effective: '2026-11-26T08:15:00Z',
    });
    await windowA.refresh();
    await vi.waitFor(() => expect(windowB.state().unsent).toBe(1));
    await windowA.sendNow();
    await vi.waitFor(() => expect(windowB.state().unsent).toBe(0));
    expect(counts).toEqual([0, 1, 0]);
    unsubscribe();
    windowA.dispose();
    windowB.dispose();
  });

  it('offline: retries on its own with exponential backoff, then sends once the server is back', async () => {
    const handle = await (await cacheWindows('outbox-backoff'))();
    let clock = Date.parse('2026-11-26T12:00:00Z');
    const timers: { delay: number; run: () => void }[] = [];
    const controller = createOutboxController({
      cache: handle,
      client: clientOver(world.gateway, world.inFlight, null),
      now: () => clock,
      schedule: (delay, run) => {
        timers.push({ delay, run });
        return () => undefined;
      },
    });
    let nudged = 0;
    const writes = createClinicalWrites({
      cache: handle,
      now: () => clock,
      onEnqueued: () => {
        nudged++;
        void controller.refresh();
      },
    });
    const target = world.episodes[0];
    if (!target) throw new Error('no episode');
    await writes.registerMeasurement({
      patientId: target.patientId,
      episodeOfCareId: target.episodeId,
      codeKey: 'pulse',
      values: [77],
      effective: '2026-11-26T11:00:00Z',
    });
    expect(nudged).toBe(1);
    world.gateway.setReachable(false);
    let state: OutboxState;
    try {
      state = await controller.sendNow();
      expect(state).toMatchObject({ unsent: 1, needsAttention: 0 });
      expect(state.lastError).toMatch(/cannot be reached/);
      expect(timers.map((t) => t.delay)).toEqual([1_000]);
      const [entry] = await controller.list();
      expect(entry).toMatchObject({ status: 'uncertain', attempts: 1 });
      // Before the backoff has passed nothing is sent; after it, the second failure doubles it.
      state = await controller.sendNow();
      expect((await controller.list())[0]?.attempts).toBe(1);
      clock += 1_000;
      let idle = nextIdle(controller);
      timers.at(-1)?.run();
      state = await idle;
      expect((await controller.list())[0]?.attempts).toBe(2);
      expect(timers.at(-1)?.delay).toBe(2_000);
      expect(state.unsent).toBe(1);
      world.gateway.setReachable(true);
      clock += 2_000;
      idle = nextIdle(controller);
      timers.at(-1)?.run();
      state = await idle;
    } finally {
      world.gateway.setReachable(true);
    }
    expect(state).toMatchObject({ unsent: 0, needsAttention: 0, lastError: null });
    expect(await controller.list()).toEqual([]);
    controller.dispose();
  });

  it("the user's own send-now does not wait out the retry pause", async () => {
    const handle = await (await cacheWindows('outbox-force'))();
    const clock = Date.parse('2026-11-26T12:00:00Z');
    const controller = createOutboxController({
      cache: handle,
      client: clientOver(world.gateway, world.inFlight, null),
      now: () => clock,
      schedule: () => () => undefined,
    });
    const target = world.episodes[2];
    if (!target) throw new Error('no episode');
    await createClinicalWrites({ cache: handle, now: () => clock }).registerMeasurement({
      patientId: target.patientId,
      episodeOfCareId: target.episodeId,
      codeKey: 'pulse',
      values: [81],
      effective: '2026-11-26T11:30:00Z',
    });
    const [entry] = await handle.outbox.list();
    const identifier = (entry?.payload as SubmitMeasurementPayload).identifier;
    world.gateway.setReachable(false);
    try {
      expect(await controller.sendNow()).toMatchObject({ unsent: 1 });
    } finally {
      world.gateway.setReachable(true);
    }
    // Back online, the clock not moved: an automatic attempt still waits out its pause …
    expect(await controller.sendNow()).toMatchObject({ unsent: 1 });
    expect((await controller.list())[0]?.attempts).toBe(1);
    // … the user's "send now" goes at once, and the measurement is on the server once.
    expect(await controller.sendNow({ ignoreBackoff: true })).toMatchObject({
      unsent: 0,
      lastError: null,
    });
    const found = (await searchAll(
      world.admin,
      `Observation?identifier=${encodeURIComponent(`urn:ietf:rfc:3986|${identifier}`)}`,
    )) as unknown as Observation[];
    expect(found).toHaveLength(1);
    controller.dispose();
  });

  it('uses navigator.locks where the page has it', async () => {
    const requests: string[] = [];
    const original = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', {
      configurable: true,
      value: {
        locks: {
          request: (name: string, task: () => Promise<unknown>) => {
            requests.push(name);
            return task();
          },
        },
      },
    });
    try {
      const lock = defaultLock();
      expect(await lock('workbench-outbox', () => Promise.resolve(7))).toBe(7);
      expect(requests).toEqual(['workbench-outbox']);
    } finally {
      if (original) Object.defineProperty(globalThis, 'navigator', original);
      else Reflect.deleteProperty(globalThis, 'navigator');
    }
  });
});
