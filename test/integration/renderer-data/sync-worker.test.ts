import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCache } from '../../../renderer/data/cache/open-cache.ts';
import type { SyncScope, SyncStatus } from '../../../renderer/data/sync/contracts.ts';
import { createSyncController } from '../../../renderer/data/sync/sync-controller.ts';
import type { MessageEndpoint } from '../../../renderer/data/sync/sync-messages.ts';
import type { LockManagerLike, Scheduler } from '../../../renderer/data/sync/sync-service.ts';
import { attachSyncWorker } from '../../../renderer/data/sync/sync-worker-main.ts';
import {
  cacheSet,
  difference,
  IDBKeyRange,
  newTestCache,
  serverSet,
  startSyncWorld,
  type SyncWorld,
  type TestCache,
} from './sync-fixture.ts';

// The page's SyncController ↔ the worker body over a real MessageChannel (CryptoKeys structured-
// cloned), the worker opening the same encrypted cache and syncing through the real gateway.
let world: SyncWorld;
let scope: SyncScope;

beforeAll(async () => {
  world = await startSyncWorld({ seed: 5, citizens: 12 });
  scope = world.scopes['municipal-nurse'] as SyncScope;
}, 120_000);

afterAll(async () => {
  await world.close();
});

/** Timers the test fires by hand: no sleeping. */
function manualScheduler(): Scheduler & {
  pending: { run: () => void; ms: number }[];
  fire(): void;
} {
  const pending: { run: () => void; ms: number }[] = [];
  const scheduler = ((run: () => void, ms: number) => {
    const entry = { run, ms };
    pending.push(entry);
    return () => {
      const index = pending.indexOf(entry);
      if (index >= 0) pending.splice(index, 1);
    };
  }) as Scheduler & { pending: typeof pending; fire(): void };
  scheduler.pending = pending;
  scheduler.fire = () => {
    const due = pending.splice(0);
    for (const entry of due) entry.run();
  };
  return scheduler;
}

/** Web Locks' exclusive `ifAvailable` request, for Node (which has no navigator.locks). */
function inProcessLocks(): LockManagerLike {
  const held = new Set<string>();
  return {
    async request(name, _options, callback) {
      if (held.has(name)) return callback(null);
      held.add(name);
      try {
        return await callback({ name });
      } finally {
        held.delete(name);
      }
    },
  };
}

function channel(): { page: MessageEndpoint; worker: MessageEndpoint; close(): void } {
  const { port1, port2 } = new MessageChannel();
  port1.start();
  port2.start();
  return {
    page: port1,
    worker: port2,
    close() {
      port1.close();
      port2.close();
    },
  };
}

function statusesOf(subscribe: (l: (s: SyncStatus) => void) => () => void) {
  const seen: SyncStatus[] = [];
  subscribe((status) => seen.push(status));
  return seen;
}

function startWindow(
  test: TestCache,
  options: { scheduler: Scheduler; locks: LockManagerLike | null; retryIntervalMs?: number },
) {
  const pipe = channel();
  const stopWorker = attachSyncWorker(pipe.worker, {
    fetch: world.fetch,
    indexedDB: test.indexedDB,
    IDBKeyRange,
    locks: options.locks,
    scheduler: options.scheduler,
  });
  const controller = createSyncController({
    keys: test.keys,
    userKey: test.userKey,
    persistent: true,
    scope,
    syncOnStart: false,
    ...(options.retryIntervalMs ? { retryIntervalMs: options.retryIntervalMs } : {}),
    createWorker: () => pipe.page,
  });
  return {
    controller,
    stop() {
      controller.dispose();
      stopWorker();
      pipe.close();
    },
  };
}

describe('sync worker and controller', () => {
  it('syncs the page’s cache from the worker with the posted keys, reporting progress', async () => {
    const test = await newTestCache();
    test.handle.close();
    const scheduler = manualScheduler();
    const window = startWindow(test, { scheduler, locks: inProcessLocks() });
    try {
      const statuses = statusesOf(window.controller.subscribe);
      const report = await window.controller.syncNow();
      expect(report?.written).toBeGreaterThan(0);
      expect(statuses.some((s) => s.phase === 'syncing' && s.percent > 0 && s.percent < 100)).toBe(
        true,
      );
      const last = window.controller.status();
      expect(last.phase).toBe('idle');
      expect(last.lastSyncedAt).not.toBeNull();
      // The next periodic run is scheduled.
      expect(scheduler.pending).toHaveLength(1);
    } finally {
      window.stop();
    }
    // What the worker wrote, the page reads with the same keys.
    const reopened = await openCache({
      userKey: test.userKey,
      keys: test.keys,
      persistent: true,
      indexedDB: test.indexedDB,
      IDBKeyRange,
    });
    try {
      expect(reopened.wipedOnOpen).toBe(false);
      const expected = await serverSet(world.admin, scope);
      expect(difference(expected, await cacheSet(reopened.resources))).toEqual({
        missing: [],
        extra: [],
        stale: [],
      });
    } finally {
      reopened.close();
    }
  }, 120_000);

  it('goes offline when the gateway says the back end is unreachable, retries on its interval, and recovers', async () => {
    const test = await newTestCache();
    test.handle.close();
    const scheduler = manualScheduler();
    const window = startWindow(test, {
      scheduler,
      locks: inProcessLocks(),
      retryIntervalMs: 30_000,
    });
    world.gateway.setReachable(false);
    try {
      expect(await window.controller.syncNow()).toBeNull();
      const offline = window.controller.status();
      expect(offline.phase).toBe('offline');
      const since = offline.phase === 'offline' ? offline.since : '';
      expect(Number.isFinite(Date.parse(since))).toBe(true);
      expect(scheduler.pending.map((p) => p.ms)).toEqual([30_000]);

      // Still offline at the retry: same "since".
      const changed = waitForStatus(window.controller, (s) => s.phase === 'offline');
      scheduler.fire();
      const again = await changed;
      expect(again.phase === 'offline' && again.since).toBe(since);

      world.gateway.setReachable(true);
      const back = waitForStatus(window.controller, (s) => s.phase === 'idle');
      scheduler.fire();
      const idle = await back;
      expect(idle.lastSyncedAt).not.toBeNull();
    } finally {
      world.gateway.setReachable(true);
      window.stop();
    }
  }, 120_000);

  it('runs one sync at a time across windows: the second window does not sync while the first does', async () => {
    const test = await newTestCache();
    test.handle.close();
    const locks = inProcessLocks();
    const first = startWindow(test, { scheduler: manualScheduler(), locks });
    const second = startWindow(test, { scheduler: manualScheduler(), locks });
    let open: () => void = () => undefined;
    world.counter.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    try {
      const before = world.counter.count;
      const syncing = new Promise<void>((resolve) => {
        const stop = first.controller.subscribe((status) => {
          if (status.phase === 'syncing') {
            stop();
            resolve();
          }
        });
      });
      const a = first.controller.syncNow();
      await syncing;
      // The first window holds the lock (its first request waits at the gate): the second does not run.
      expect(await second.controller.syncNow()).toBeNull();
      expect(second.controller.status().phase).toBe('idle');
      world.counter.gate = null;
      open();
      const report = await a;
      expect(report?.written).toBeGreaterThan(0);
      expect(world.counter.count - before).toBe(report?.requests);
    } finally {
      world.counter.gate = null;
      open();
      first.stop();
      second.stop();
    }
  }, 120_000);
});

function waitForStatus(
  controller: { subscribe(l: (s: SyncStatus) => void): () => void },
  matches: (status: SyncStatus) => boolean,
): Promise<SyncStatus> {
  return new Promise((resolve) => {
    let seenSyncing = false;
    const stop = controller.subscribe((status) => {
      if (status.phase === 'syncing') seenSyncing = true;
      else if (seenSyncing && matches(status)) {
        stop();
        resolve(status);
      }
    });
  });
}
