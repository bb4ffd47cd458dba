import type { Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import {
  createSyncDriver,
  defaultFailedRetryDelay,
  defaultRetryDelay,
  firstSyncOf,
  SyncRunFailed,
} from '../../../../../renderer/data/offline/sync-driver.ts';
import { FhirError } from '../../../../../renderer/data/fhir/fhir-error.ts';
import type {
  OutboxController,
  OutboxState,
} from '../../../../../renderer/data/outbox/contracts.ts';
import { createMemorySource } from '../../../../../renderer/data/source/memory-source.ts';
import type { ResourceSource } from '../../../../../renderer/data/source/resource-source.ts';
import { createSwitchingSource } from '../../../../../renderer/data/source/switching-source.ts';
import type {
  SyncController,
  SyncReport,
  SyncStatus,
} from '../../../../../renderer/data/sync/contracts.ts';

const REPORT: SyncReport = {
  requests: 3,
  read: 10,
  written: 4,
  unchanged: 6,
  removed: 0,
  serverTime: '2026-11-26T10:00:00Z',
  byType: [],
};

/** A sync controller whose next run's outcome the test decides. */
function scriptedSync(initial: SyncStatus = { phase: 'idle', lastSyncedAt: null }) {
  let status = initial;
  const listeners = new Set<(s: SyncStatus) => void>();
  const outcomes: (() => Promise<SyncReport | null>)[] = [];
  let runs = 0;
  const set = (next: SyncStatus) => {
    status = next;
    for (const listener of listeners) listener(status);
  };
  const controller: SyncController = {
    status: () => status,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    syncNow: () => {
      runs += 1;
      const next = outcomes.shift();
      if (!next) throw new Error('no scripted outcome');
      return next();
    },
    dispose: () => undefined,
  };
  return {
    controller,
    set,
    runs: () => runs,
    succeed(report: SyncReport = REPORT) {
      outcomes.push(() => {
        set({ phase: 'idle', lastSyncedAt: '2026-11-26T10:00:00Z' });
        return Promise.resolve(report);
      });
    },
    offline() {
      outcomes.push(() => {
        set({ phase: 'offline', lastSyncedAt: status.lastSyncedAt, since: '2026-11-26T10:05:00Z' });
        return Promise.resolve(null);
      });
    },
    /** As the worker's controller does: the run resolves null and the status says why. */
    failInWorker(kind: 'server' | 'invalid-response' | 'other') {
      outcomes.push(() => {
        set({ phase: 'failed', lastSyncedAt: status.lastSyncedAt, message: 'technical', kind });
        return Promise.resolve(null);
      });
    },
    fail(error: Error) {
      outcomes.push(() => {
        set({ phase: 'failed', lastSyncedAt: status.lastSyncedAt, message: error.message });
        return Promise.reject(error);
      });
    },
  };
}

function countingOutbox() {
  let sends = 0;
  const state: OutboxState = { unsent: 0, needsAttention: 0, sending: false, lastError: null };
  const controller: OutboxController = {
    state: () => state,
    subscribe: () => () => undefined,
    list: () => Promise.resolve([]),
    sendNow: () => {
      sends += 1;
      return Promise.resolve(state);
    },
    discard: () => Promise.resolve(),
    dispose: () => undefined,
  };
  return { controller, sends: () => sends };
}

/** Timers the test fires by hand: what is scheduled, and for how long. */
function manualTimers() {
  const pending = new Map<number, { run: () => void; ms: number }>();
  let next = 0;
  return {
    setTimer: (run: () => void, ms: number) => {
      next += 1;
      pending.set(next, { run, ms });
      return next;
    },
    clearTimer: (timer: unknown) => {
      pending.delete(timer as number);
    },
    delays: () => [...pending.values()].map((entry) => entry.ms),
    fireAll: () => {
      const due = [...pending.values()];
      pending.clear();
      for (const entry of due) entry.run();
    },
  };
}

describe('the sync driver', () => {
  it('tells what kind of failure a run in the worker ended with, though only its status says so', async () => {
    const sync = scriptedSync();
    const settled: unknown[] = [];
    const driver = createSyncDriver({
      sync: sync.controller,
      outbox: countingOutbox().controller,
      onSettled: (error) => settled.push(error),
      ...manualTimers(),
    });
    sync.failInWorker('invalid-response');
    await driver.runNow();
    sync.offline();
    await driver.runNow();
    sync.succeed();
    await driver.runNow();
    expect(settled.map((error) => (error instanceof SyncRunFailed ? error.kind : error))).toEqual([
      'invalid-response',
      'unreachable',
      null,
    ]);
    driver.dispose();
  });

  it('after a run that reached the server, lets the outbox send and schedules the next sync', async () => {
    const sync = scriptedSync();
    const outbox = countingOutbox();
    const timers = manualTimers();
    let changes = 0;
    const driver = createSyncDriver({
      sync: sync.controller,
      outbox: outbox.controller,
      intervalMs: 60_000,
      onCacheChanged: () => (changes += 1),
      ...timers,
    });
    expect(driver.everSynced()).toBe(false);
    sync.succeed();
    await driver.runNow();
    expect(driver.everSynced()).toBe(true);
    // Once as the run starts (it does not wait for the sync), once after it reached the server.
    expect(outbox.sends()).toBe(2);
    expect(changes).toBe(1);
    expect(timers.delays()).toEqual([60_000]);
    driver.dispose();
    expect(timers.delays()).toEqual([]);
  });

  it('a run that changed nothing does not make views ask again', async () => {
    const sync = scriptedSync();
    const timers = manualTimers();
    let changes = 0;
    const driver = createSyncDriver({
      sync: sync.controller,
      outbox: countingOutbox().controller,
      onCacheChanged: () => (changes += 1),
      ...timers,
    });
    sync.succeed({ ...REPORT, written: 0, removed: 0 });
    await driver.runNow();
    expect(changes).toBe(0);
    driver.dispose();
  });

  it('while offline retries with a growing pause; back online it lets the outbox send after the sync', async () => {
    const sync = scriptedSync();
    const outbox = countingOutbox();
    const timers = manualTimers();
    const driver = createSyncDriver({
      sync: sync.controller,
      outbox: outbox.controller,
      ...timers,
    });
    sync.offline();
    await driver.runNow();
    expect(timers.delays()).toEqual([defaultRetryDelay(1)]);
    sync.offline();
    timers.fireAll();
    await driver.runNow(); // joins the run the timer started
    expect(timers.delays()).toEqual([defaultRetryDelay(2)]);
    expect(defaultRetryDelay(2)).toBeGreaterThan(defaultRetryDelay(1));
    // Only the attempt each run starts with; none after a run that did not reach the server.
    expect(outbox.sends()).toBe(2);
    expect(sync.runs()).toBe(2);

    sync.succeed();
    timers.fireAll();
    await driver.runNow();
    expect(outbox.sends()).toBe(4);
    expect(driver.lastError()).toBeNull();
    driver.dispose();
  });

  it('keeps the failure for the views and retries', async () => {
    const sync = scriptedSync();
    const timers = manualTimers();
    const driver = createSyncDriver({
      sync: sync.controller,
      outbox: countingOutbox().controller,
      ...timers,
    });
    const error = new FhirError('invalid-response', 200, 'unreadable');
    sync.fail(error);
    await driver.runNow();
    expect(driver.lastError()).toBe(error);
    // A server error waits longer than a lost connection before the next try.
    expect(timers.delays()).toEqual([defaultFailedRetryDelay(1)]);
    expect(defaultFailedRetryDelay(1)).toBeGreaterThan(defaultRetryDelay(1));
    driver.dispose();
  });

  it('one run at a time: asking while one runs joins it', async () => {
    const sync = scriptedSync();
    const timers = manualTimers();
    const driver = createSyncDriver({
      sync: sync.controller,
      outbox: countingOutbox().controller,
      ...timers,
    });
    sync.succeed();
    await Promise.all([driver.runNow(), driver.runNow(), driver.runNow()]);
    expect(sync.runs()).toBe(1);
    driver.dispose();
  });

  it('counts a sync the controller learns about later (stored in the cache) as synced', () => {
    const sync = scriptedSync();
    const driver = createSyncDriver({
      sync: sync.controller,
      outbox: countingOutbox().controller,
      ...manualTimers(),
    });
    expect(driver.everSynced()).toBe(false);
    sync.set({ phase: 'idle', lastSyncedAt: '2026-11-20T08:00:00Z' });
    expect(driver.everSynced()).toBe(true);
    driver.dispose();
  });
});

const patient = (id: string, family: string): Patient => ({
  resourceType: 'Patient',
  id,
  name: [{ family }],
});

describe('the source after the first sync', () => {
  const cache = createMemorySource([patient('p1', 'Cached')]);
  const familyOf = async (source: ResourceSource) =>
    (await source.read('Patient', 'p1'))?.name?.[0]?.family;

  it('waits for the first sync, then reads the cache', async () => {
    const sync = scriptedSync();
    const driver = createSyncDriver({
      sync: sync.controller,
      outbox: countingOutbox().controller,
      ...manualTimers(),
    });
    sync.succeed();
    const source = createSwitchingSource({ cache, sync: firstSyncOf(driver, sync.controller) });
    await expect(familyOf(source)).resolves.toBe('Cached');
    expect(sync.runs()).toBe(1);
    // Synced now: no further run.
    await expect(familyOf(source)).resolves.toBe('Cached');
    expect(sync.runs()).toBe(1);
    driver.dispose();
  });

  it('with nothing cached and no connection, fails as unreachable (the view shows why, with a retry)', async () => {
    const sync = scriptedSync();
    const driver = createSyncDriver({
      sync: sync.controller,
      outbox: countingOutbox().controller,
      ...manualTimers(),
    });
    sync.offline();
    const source = createSwitchingSource({ cache, sync: firstSyncOf(driver, sync.controller) });
    const failure = await source
      .inScope('EpisodeOfCare', { careTeamIds: ['t'] })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(FhirError);
    expect((failure as FhirError).kind).toBe('unreachable');
    driver.dispose();
  });

  it('with a first sync that failed, fails with the sync’s own error', async () => {
    const sync = scriptedSync();
    const driver = createSyncDriver({
      sync: sync.controller,
      outbox: countingOutbox().controller,
      ...manualTimers(),
    });
    const error = new FhirError('invalid-response', 200, 'unreadable');
    sync.fail(error);
    const source = createSwitchingSource({ cache, sync: firstSyncOf(driver, sync.controller) });
    await expect(source.byEpisodes('Task', ['e1'])).rejects.toBe(error);
    driver.dispose();
  });

  it('with data cached from before, reads the cache even while offline', async () => {
    const sync = scriptedSync({ phase: 'idle', lastSyncedAt: '2026-11-25T09:00:00Z' });
    const driver = createSyncDriver({
      sync: sync.controller,
      outbox: countingOutbox().controller,
      ...manualTimers(),
    });
    const source = createSwitchingSource({ cache, sync: firstSyncOf(driver, sync.controller) });
    await expect(familyOf(source)).resolves.toBe('Cached');
    expect(sync.runs()).toBe(0);
    driver.dispose();
  });
});

describe('the source before the first sync, with the server to ask', () => {
  it('goes to the server while nothing is cached, and to the cache once a sync completed', async () => {
    const sync = scriptedSync();
    const driver = createSyncDriver({
      sync: sync.controller,
      outbox: countingOutbox().controller,
      ...manualTimers(),
    });
    const source = createSwitchingSource({
      cache: createMemorySource([patient('p1', 'Cached')]),
      network: createMemorySource([patient('p1', 'Server')]),
      sync: firstSyncOf(driver, sync.controller),
    });
    await expect(source.read('Patient', 'p1')).resolves.toMatchObject({
      name: [{ family: 'Server' }],
    });
    expect(sync.runs()).toBe(0);
    sync.succeed();
    await driver.runNow();
    await expect(source.read('Patient', 'p1')).resolves.toMatchObject({
      name: [{ family: 'Cached' }],
    });
    driver.dispose();
  });

  it('records the first completed sync once, and trusts a recorded one from before', async () => {
    const sync = scriptedSync();
    let recorded = 0;
    const driver = createSyncDriver({
      sync: sync.controller,
      outbox: countingOutbox().controller,
      onFirstSynced: () => {
        recorded += 1;
        return Promise.resolve();
      },
      ...manualTimers(),
    });
    sync.offline();
    await driver.runNow();
    expect(recorded).toBe(0);
    sync.succeed();
    await driver.runNow();
    sync.succeed();
    await driver.runNow();
    expect(recorded).toBe(1);
    driver.dispose();

    const again = createSyncDriver({
      sync: scriptedSync().controller,
      outbox: countingOutbox().controller,
      initiallySynced: true,
      ...manualTimers(),
    });
    expect(again.everSynced()).toBe(true);
    again.dispose();
  });
});
