import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { join } from 'node:path';
import type { Task } from '@medplum/fhirtypes';
import { loadFutRouting } from '../../../main/backend/fut-routing.ts';
import { generateDemoDataset } from '../../../main/demo-backend/generator/dataset.ts';
import { startDemoBackend, type DemoBackend } from '../../../main/demo-backend/start-server.ts';
import { createFhirGateway, type FhirGateway } from '../../../main/fhir-gateway/fhir-gateway.ts';
import { importCacheKeys } from '../../../renderer/data/cache/cache-crypto.ts';
import type { CacheKeys, CachedResource } from '../../../renderer/data/cache/contracts.ts';
import { openCache, type OpenedCacheHandle } from '../../../renderer/data/cache/open-cache.ts';
import { createFhirClient, type FhirClient } from '../../../renderer/data/fhir/fhir-client.ts';
import {
  createInProcessLock,
  createOutboxController,
  type LockFunction,
  type WorkbenchOutboxController,
} from '../../../renderer/data/outbox/outbox-controller.ts';
import {
  createClinicalWrites,
  type OutboxClinicalWrites,
} from '../../../renderer/data/outbox/writes.ts';
import { searchAll, readPath } from '../../support/fhir-paths.ts';

/**
 * The outbox tests' world: the real demo back end (with its fault layer)
 * behind the real gateway, the renderer's FhirClient over it, and "devices":
 * real encrypted caches (Dexie + AES-GCM + HMAC on fake-indexeddb) that can
 * be closed and opened again, as after a crash, with a fresh sender.
 */

export interface OutboxWorld {
  readonly backend: DemoBackend;
  readonly gateway: FhirGateway;
  /** The test's own client (reads the server's truth); never faulted by the test's hooks. */
  readonly admin: FhirClient;
  /** Episodes with an open Task of their team, each with its patient. */
  readonly episodes: readonly { readonly episodeId: string; readonly patientId: string }[];
  /** Open Tasks (status ready/in-progress) of those episodes. */
  readonly openTaskIds: readonly string[];
  /** Requests the devices' clients have in flight (a killed sender's may still be on its way). */
  readonly inFlight: Set<Promise<unknown>>;
  /** Settles when every request in flight has finished (waits on the requests, not on time). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startOutboxWorld(options: {
  readonly seed: number;
  readonly citizens: number;
  /** The gateway's per-request timeout: a `timeout` fault becomes a 503 after this. */
  readonly gatewayTimeoutMs?: number;
  /** false: the back end stores a second submission with a known identifier (no server de-duplication). */
  readonly uniqueIdentifiers?: boolean;
}): Promise<OutboxWorld> {
  const anchor = '2026-11-26';
  const dataset = generateDemoDataset({ seed: options.seed, anchor, citizens: options.citizens });
  const backend = await startDemoBackend({
    resources: dataset.resources,
    ...(options.uniqueIdentifiers === undefined
      ? {}
      : { uniqueIdentifiers: options.uniqueIdentifiers }),
  });
  const routing = await loadFutRouting(join(import.meta.dirname, '../../../resources/fut-ig'));
  const gateway = createFhirGateway({
    serviceMap: () => ({ services: backend.serviceBaseUrls, ...routing }),
    retryDelayMs: () => 0,
    timeoutMs: options.gatewayTimeoutMs ?? 1_500,
  });
  const inFlight = new Set<Promise<unknown>>();
  const admin = clientOver(gateway, inFlight, null);
  const tasks = (await searchAll(admin, 'Task?status=ready,in-progress&_count=200', {
    maxPages: 5,
  })) as unknown as (Task & { id: string })[];
  const byEpisode = new Map<string, { episodeId: string; patientId: string }>();
  const openTaskIds: string[] = [];
  for (const task of tasks) {
    const episode = task.extension
      ?.find((e) => e.url.endsWith('/ehealth-task-episodeOfCare'))
      ?.valueReference?.reference?.replace('EpisodeOfCare/', '');
    const patient = task.for?.reference?.replace('Patient/', '');
    if (!episode || !patient) continue;
    openTaskIds.push(task.id);
    byEpisode.set(episode, { episodeId: episode, patientId: patient });
  }
  return {
    backend,
    gateway,
    admin,
    episodes: [...byEpisode.values()],
    openTaskIds,
    inFlight,
    async settle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    close: () => backend.close(),
  };
}

/** Hooks one device's client offers the tests. */
export interface ClientHooks {
  /** Called when a request leaves (after the hook the request is on its way). */
  onRequest: ((method: string, path: string) => void) | null;
}

/**
 * The renderer's FhirClient over the gateway, as the page's fetch reaches it.
 * An abort rejects at once, as a killed renderer's fetch would, while the
 * request already handed to the gateway goes on (and may commit).
 */
export function clientOver(
  gateway: FhirGateway,
  inFlight: Set<Promise<unknown>>,
  hooks: ClientHooks | null,
): FhirClient {
  return createFhirClient(async (input, init) => {
    const signal = init?.signal ?? undefined;
    signal?.throwIfAborted();
    const headers: Record<string, string> = {};
    for (const [name, value] of new Headers(init?.headers).entries()) headers[name] = value;
    const method = init?.method ?? 'GET';
    const handled = gateway.handle({
      method,
      path: input,
      headers,
      ...(typeof init?.body === 'string' ? { body: init.body } : {}),
    });
    inFlight.add(handled);
    void handled.finally(() => inFlight.delete(handled));
    hooks?.onRequest?.(method, input);
    const aborted = new Promise<never>((_, reject) => {
      if (!signal) return;
      const fail = () => reject(signal.reason as Error);
      if (signal.aborted) fail();
      else signal.addEventListener('abort', fail, { once: true });
    });
    const answer = await Promise.race([handled, aborted]);
    return new Response(answer.body.length > 0 ? answer.body : null, {
      status: answer.status,
      headers: answer.headers,
    });
  });
}

/** One workstation: its cache on disk (fake-indexeddb), a sender, the writes, and a clock it controls. */
export interface Device {
  handle: OpenedCacheHandle;
  controller: WorkbenchOutboxController;
  writes: OutboxClinicalWrites;
  readonly hooks: ClientHooks;
  /** The device's clock (epoch ms); backoff is measured on it. */
  clock: number;
  /** Closes the sender and the cache as a crash would, and opens both again from disk. */
  restart(): Promise<void>;
  /** Puts the server's current copies of resources in the cache (what a sync would have done). */
  cacheFromServer(paths: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

let devices = 0;

export async function newDevice(
  world: OutboxWorld,
  options: { readonly lock?: LockFunction; readonly author?: string } = {},
): Promise<Device> {
  const number = ++devices;
  const factory = new IDBFactory();
  const raw = globalThis.crypto.getRandomValues(new Uint8Array(32));
  const keys: CacheKeys = await importCacheKeys(raw, `outbox-test-key-${number}`);
  const lock = options.lock ?? createInProcessLock();
  const hooks: ClientHooks = { onRequest: null };
  const client = clientOver(world.gateway, world.inFlight, hooks);
  const open = () =>
    openCache({
      userKey: `outbox-device-${number}`,
      keys,
      persistent: true,
      indexedDB: factory,
      IDBKeyRange,
    });
  const device: Device = {
    handle: await open(),
    controller: undefined as unknown as WorkbenchOutboxController,
    writes: undefined as unknown as OutboxClinicalWrites,
    hooks,
    clock: Date.parse('2026-11-26T12:00:00Z'),
    async restart() {
      device.controller.dispose();
      device.handle.close();
      device.handle = await open();
      wire();
      await device.controller.refresh();
    },
    async cacheFromServer(paths) {
      const resources: CachedResource[] = [];
      for (const path of paths)
        resources.push((await readPath(world.admin, path)) as unknown as CachedResource);
      await device.handle.resources.upsert(resources);
    },
    close() {
      device.controller.dispose();
      device.handle.close();
      return Promise.resolve();
    },
  };
  function wire(): void {
    device.controller = createOutboxController({
      cache: device.handle,
      client,
      lock,
      now: () => device.clock,
      // The tests drive the sender (sendNow) and its clock: no timers.
      schedule: () => () => undefined,
    });
    device.writes = createClinicalWrites({
      cache: device.handle,
      now: () => device.clock,
      ...(options.author ? { author: options.author } : {}),
    });
  }
  wire();
  return device;
}

/** Sends until the outbox is empty or blocked by entries needing attention, moving the device's clock past every backoff. */
export async function drainFully(device: Device, maxRounds = 50): Promise<void> {
  for (let round = 0; round < maxRounds; round++) {
    const state = await device.controller.sendNow();
    if (state.unsent === state.needsAttention) return;
    device.clock += 10 * 60_000;
  }
  throw new Error(`The outbox did not drain in ${maxRounds} rounds.`);
}
