import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryKeyStore } from '../../../main/keystore/memory-key-store.ts';
import type { KeyStore } from '../../../main/keystore/key-store.ts';
import type { Session } from '../../../shared/ipc/schemas.ts';
import { cacheUserKey, hasCacheDatabase } from '../../../renderer/data/offline/cache-user-key.ts';
import {
  cacheUserId,
  startOfflineSession,
  type OfflineModules,
} from '../../../renderer/data/offline/offline-session.ts';
import { createSyncDriver, firstSyncOf } from '../../../renderer/data/offline/sync-driver.ts';
import { createSyncService } from '../../../renderer/data/sync/sync-service.ts';
import type { SyncStatus } from '../../../renderer/data/sync/contracts.ts';
import { importCacheKeys } from '../../../renderer/data/cache/cache-crypto.ts';
import { openCache } from '../../../renderer/data/cache/open-cache.ts';
import { createCacheSource } from '../../../renderer/data/source/cache-source.ts';
import { createNetworkSource } from '../../../renderer/data/source/network-source.ts';
import { createSwitchingSource } from '../../../renderer/data/source/switching-source.ts';
import { caseload } from '../../../renderer/features/caseload/queries.ts';
import { citizen as citizenQuery } from '../../../renderer/features/citizen/queries.ts';
import {
  createInProcessLock,
  createOutboxController,
} from '../../../renderer/data/outbox/outbox-controller.ts';
import { createClinicalWrites } from '../../../renderer/data/outbox/writes.ts';
import { IDBKeyRange, startSyncWorld, type SyncWorld } from './sync-fixture.ts';
import { searchAll } from '../../support/fhir-paths.ts';

/**
 * The app's offline wiring (renderer/data/offline, renderer/features/sync) with the real parts: main's
 * key store handing out the key, the encrypted cache on fake-indexeddb, the
 * sync engine and the outbox against the real demo back end behind the real
 * gateway. What the e2e test shows in Chromium, here fast and at every step.
 */

let world: SyncWorld;
const PERSONA = 'municipal-nurse';

beforeAll(async () => {
  world = await startSyncWorld({ seed: 23, citizens: 16 });
});
afterAll(async () => {
  await world?.close();
});

function sessionOf(personaId: string): Session {
  const scope = world.scopes[personaId];
  if (!scope) throw new Error(`no persona ${personaId}`);
  return {
    persona: {
      id: personaId,
      displayName: 'Test',
      title: 'Test',
      sector: 'municipality',
      organizationName: 'Test',
      careTeams: scope.careTeamIds.map((id) => ({ id, name: id, role: null })),
    },
    practitionerId: scope.practitionerId,
    organizationId: 'org',
    signedInAt: '2026-11-26T08:00:00.000Z',
    demo: true,
  };
}

/** The app's modules with the page's globals swapped for the test's (IndexedDB, key store, lock). */
function modulesFor(keyStore: KeyStore, indexedDB: IDBFactory, session: Session): OfflineModules {
  const lock = createInProcessLock();
  let forgotten = 0;
  const modules: OfflineModules & { forgotten: () => number } = {
    forgotten: () => forgotten,
    unlock: async () => {
      const unlocked = await keyStore.unlock(cacheUserId(session));
      return {
        key: Buffer.from(unlocked.key).toString('base64'),
        keyId: unlocked.keyId,
        // The memory store says false; the test keeps its database across "restarts" anyway.
        persistent: true,
        backend: unlocked.backend,
      };
    },
    forget: async () => {
      forgotten += 1;
      await keyStore.forget(cacheUserId(session));
    },
    hasCache: (userId) => hasCacheDatabase(userId, indexedDB),
    importKeys: importCacheKeys,
    openCache: async ({ userId, keys, persistent }) =>
      openCache({
        userKey: await cacheUserKey(userId),
        keys,
        persistent,
        indexedDB,
        IDBKeyRange,
      }),
    cacheSource: ({ cache }) => createCacheSource(cache.resources),
    startOutbox: ({ cache, practitionerId }) => {
      const controller = createOutboxController({
        cache,
        client: world.admin,
        lock,
        backoff: () => 0,
        schedule: () => () => undefined,
      });
      return {
        controller,
        writes: createClinicalWrites({ cache, author: `Practitioner/${practitionerId}` }),
      };
    },
    // The worker's own sync service, run in this process (Node has no Worker for the page's code).
    startSync: ({ cache, scope }) => {
      const listeners = new Set<(status: SyncStatus) => void>();
      const service = createSyncService({
        cache: cache.resources,
        fhir: world.admin,
        scope,
        locks: null,
        scheduler: () => () => undefined,
        intervalMs: 0,
        onStatus: (status) => {
          for (const listener of listeners) listener(status);
        },
      });
      return {
        status: () => service.status(),
        subscribe: (listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        syncNow: () => service.syncNow(),
        dispose: () => service.dispose(),
      };
    },
    requestPersistence: () => Promise.resolve(true),
  };
  return modules;
}

const manualTimers = { setTimer: () => 0, clearTimer: () => undefined };

describe('the offline session with the real parts', () => {
  it('unlocks, opens, syncs, and answers from the cache what the server answers', async () => {
    const session = sessionOf(PERSONA);
    const offline = await startOfflineSession(
      session,
      modulesFor(createMemoryKeyStore(), new IDBFactory(), session),
    );
    const driver = createSyncDriver({
      sync: offline.sync,
      outbox: offline.outbox,
      ...manualTimers,
    });
    try {
      expect(offline.info).toMatchObject({
        persistent: true,
        backend: 'memory',
        wipedOnOpen: false,
      });
      await driver.runNow();
      expect(offline.sync.status()).toMatchObject({ phase: 'idle' });
      expect(offline.sync.status().lastSyncedAt).not.toBeNull();
      const scope = { careTeamIds: session.persona.careTeams.map((team) => team.id) };
      const network = createNetworkSource(world.admin);
      const cached = createSwitchingSource({
        cache: offline.source,
        network,
        sync: firstSyncOf(driver, offline.sync),
      });
      const fromCache = await caseload(cached, scope, new Date());
      const fromServer = await caseload(network, scope, new Date());
      expect(fromCache.length).toBeGreaterThan(0);
      expect(fromCache.map((row) => row.patientId).sort()).toEqual(
        fromServer.map((row) => row.patientId).sort(),
      );
      expect((await offline.stats()).resources).toBeGreaterThan(0);
    } finally {
      driver.dispose();
      offline.dispose();
    }
  });

  it('keeps a measurement registered offline across a restart and sends it exactly once', async () => {
    const session = sessionOf(PERSONA);
    const keyStore = createMemoryKeyStore();
    const indexedDB = new IDBFactory();
    const first = await startOfflineSession(session, modulesFor(keyStore, indexedDB, session));
    const firstDriver = createSyncDriver({
      sync: first.sync,
      outbox: first.outbox,
      ...manualTimers,
    });
    await firstDriver.runNow();
    const rows = await caseload(
      first.source,
      { careTeamIds: session.persona.careTeams.map((team) => team.id) },
      new Date(),
    );
    const patientId = rows[0]?.patientId ?? '';
    const citizen = await citizenQuery(first.source, patientId, new Date());
    const episode =
      citizen.episodes.find((item) => item.status === 'active') ?? citizen.episodes[0];
    expect(episode).toBeDefined();

    world.gateway.setReachable(false);
    // To the millisecond: the demo data (generated around today) may hold recent pulses too.
    const effective = new Date(Date.now() - 60_000).toISOString();
    try {
      await first.writes.registerMeasurement({
        patientId,
        episodeOfCareId: episode?.id ?? '',
        codeKey: 'pulse',
        values: [64],
        effective,
      });
      await firstDriver.runNow();
      expect(first.sync.status().phase).toBe('offline');
      expect((await first.outbox.list()).length).toBe(1);
      firstDriver.dispose();
      first.dispose();

      // "Restart": a new session on the same database and key store, still offline.
      const second = await startOfflineSession(session, modulesFor(keyStore, indexedDB, session));
      const driver = createSyncDriver({
        sync: second.sync,
        outbox: second.outbox,
        initiallySynced: true,
        ...manualTimers,
      });
      try {
        expect(second.info.wipedOnOpen).toBe(false);
        const kept = await second.outbox.list();
        expect(kept).toHaveLength(1);
        world.gateway.setReachable(true);
        await driver.runNow();
        expect(await second.outbox.list()).toHaveLength(0);
        const onServer = await searchAll(
          world.admin,
          `Observation?subject=Patient/${patientId}&date=ge${new Date(Date.now() - 10 * 60_000).toISOString()}`,
        );
        const ours = onServer.filter(
          (resource) =>
            resource.effectiveDateTime === effective &&
            ((resource.identifier as { system?: string }[] | undefined) ?? []).some(
              (identifier) => identifier.system === 'urn:ietf:rfc:3986',
            ),
        );
        expect(ours).toHaveLength(1);
      } finally {
        driver.dispose();
        second.dispose();
      }
    } finally {
      world.gateway.setReachable(true);
    }
  });

  it('a new key for the user wipes the cache on opening and says so; wipe() empties it and forgets the key', async () => {
    const session = sessionOf(PERSONA);
    const indexedDB = new IDBFactory();
    const first = await startOfflineSession(
      session,
      modulesFor(createMemoryKeyStore(), indexedDB, session),
    );
    const driver = createSyncDriver({ sync: first.sync, outbox: first.outbox, ...manualTimers });
    await driver.runNow();
    driver.dispose();
    first.dispose();

    // Another key store: another key for the same user (a lost keyring entry).
    const modules = modulesFor(createMemoryKeyStore(), indexedDB, session);
    const second = await startOfflineSession(session, modules);
    expect(second.info.wipedOnOpen).toBe(true);
    expect((await second.stats()).resources).toBe(0);
    await second.wipe();
    expect((modules as unknown as { forgotten: () => number }).forgotten()).toBe(1);
  });

  it('signing out while it opens: nothing is left running and the start rejects', async () => {
    const session = sessionOf(PERSONA);
    const controller = new AbortController();
    const modules = modulesFor(createMemoryKeyStore(), new IDBFactory(), session);
    const opening = startOfflineSession(
      session,
      {
        ...modules,
        unlock: async () => {
          const key = await modules.unlock();
          controller.abort(new Error('signed out'));
          return key;
        },
      },
      controller.signal,
    );
    await expect(opening).rejects.toThrow('signed out');
  });
});
