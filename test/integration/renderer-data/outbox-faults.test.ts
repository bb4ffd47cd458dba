import type { Observation, Task } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultKind } from '../../../main/demo-backend/faults/fault-controller.ts';
import type { SubmitMeasurementPayload } from '../../../renderer/data/outbox/entries.ts';
import {
  drainFully,
  newDevice,
  startOutboxWorld,
  type Device,
  type OutboxWorld,
} from './outbox-fixture.ts';
import { searchAll, readPath } from '../../support/fhir-paths.ts';

/**
 * Property: whatever writes a nurse makes offline and whatever the network
 * and the server do to them (the demo back end's fault layer), and however
 * often the sender is killed mid-request and restarted from the persisted
 * outbox, after recovery every write is on the server exactly once, in
 * order per resource, nothing is lost and the outbox is empty.
 */

const TASKS_PER_RUN = 2;
const RUNS = 12;

interface Model {
  /** Client identifiers of the measurements registered, in order. */
  readonly measurements: string[];
  /** Task id → the notes added to it, in order. */
  readonly notes: Map<string, string[]>;
  readonly acked: Set<string>;
  readonly tasks: readonly string[];
  readonly episodes: OutboxWorld['episodes'];
  /** Unique per run, so the notes of one run are told from every other's. */
  readonly tag: string;
  written: number;
}

interface Real {
  readonly device: Device;
}

type Cmd = fc.AsyncCommand<Model, Real>;

async function cachedVersion(device: Device, id: string): Promise<string> {
  const task = await device.handle.resources.get<Task & { id: string }>('Task', id);
  const version = task?.meta?.versionId;
  if (!version) throw new Error(`Task/${id} is not cached`);
  return version;
}

class Measure implements Cmd {
  readonly episode: number;
  readonly value: number;
  constructor(episode: number, value: number) {
    this.episode = episode;
    this.value = value;
  }
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const target = model.episodes[this.episode % model.episodes.length];
    if (!target) throw new Error('no episodes');
    const { observationId } = await real.device.writes.registerMeasurement({
      patientId: target.patientId,
      episodeOfCareId: target.episodeId,
      codeKey: 'pulse',
      values: [this.value],
      effective: new Date(real.device.clock - 3_600_000).toISOString(),
    });
    const entry = (await real.device.handle.outbox.list()).find(
      (e) => e.resourceId === observationId,
    );
    model.measurements.push((entry?.payload as SubmitMeasurementPayload).identifier);
    model.written++;
  }
  toString = () => `measure(${this.episode}, ${this.value})`;
}

class Note implements Cmd {
  readonly task: number;
  readonly words: string;
  constructor(task: number, words: string) {
    this.task = task;
    this.words = words;
  }
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const id = model.tasks[this.task % model.tasks.length] ?? '';
    const text = `${model.tag} #${model.written} ${this.words}`;
    await real.device.writes.addTaskNote(id, await cachedVersion(real.device, id), text);
    model.notes.get(id)?.push(text);
    model.written++;
  }
  toString = () => `note(${this.task}, ${JSON.stringify(this.words)})`;
}

class Ack implements Cmd {
  readonly task: number;
  constructor(task: number) {
    this.task = task;
  }
  check = (model: Readonly<Model>) =>
    !model.acked.has(model.tasks[this.task % model.tasks.length] ?? '');
  async run(model: Model, real: Real): Promise<void> {
    const id = model.tasks[this.task % model.tasks.length] ?? '';
    await real.device.writes.acknowledgeTask(id, await cachedVersion(real.device, id));
    model.acked.add(id);
    model.written++;
  }
  toString = () => `ack(${this.task})`;
}

const TARGETS = {
  submit: { operation: 'submit-measurement' },
  patch: { interaction: 'patch' },
  lookup: { pathIncludes: 'identifier=' },
  read: { method: 'GET' },
  any: undefined,
} as const;

class Fault implements Cmd {
  readonly world: OutboxWorld;
  readonly kind: FaultKind;
  readonly target: keyof typeof TARGETS;
  readonly times: number;
  constructor(world: OutboxWorld, kind: FaultKind, target: keyof typeof TARGETS, times: number) {
    this.world = world;
    this.kind = kind;
    this.target = target;
    this.times = times;
  }
  check = () => true;
  run(): Promise<void> {
    const match = TARGETS[this.target];
    this.world.backend.faults.add({
      kind: this.kind,
      times: this.times,
      ...(match ? { match } : {}),
      ...(this.kind === 'latency' ? { latencyMs: 30 } : {}),
    });
    return Promise.resolve();
  }
  toString = () => `fault(${this.kind}, ${this.target}, ×${this.times})`;
}

class Send implements Cmd {
  check = () => true;
  async run(_model: Model, real: Real): Promise<void> {
    const state = await real.device.controller.sendNow();
    expect(state.sending).toBe(false);
    expect(state.needsAttention).toBe(0);
    real.device.clock += 10 * 60_000;
  }
  toString = () => 'send';
}

/** The sender is killed as its `nth` request leaves; the app restarts from the cache on disk. */
class KillMidRequest implements Cmd {
  readonly nth: number;
  constructor(nth: number) {
    this.nth = nth;
  }
  check = () => true;
  async run(_model: Model, real: Real): Promise<void> {
    const { device } = real;
    let requests = 0;
    device.hooks.onRequest = () => {
      if (++requests === this.nth) device.controller.dispose();
    };
    const outcome = await device.controller.sendNow().then(
      () => 'finished',
      (error: unknown) => (error instanceof Error ? error.name : 'failed'),
    );
    device.hooks.onRequest = null;
    expect(['finished', 'AbortError']).toContain(outcome);
    await device.restart();
    device.clock += 10 * 60_000;
  }
  toString = () => `kill(at request ${this.nth})`;
}

const FAULTS: readonly FaultKind[] = [
  'latency',
  'malformed-body',
  'drop-connection',
  'http-500',
  'timeout',
  'duplicate-delivery',
  'commit-then-drop',
];

/**
 * `duplicateSubmissions`: whether a submission may be delivered twice. Only a
 * server that refuses a known identifier can keep that to one copy (no
 * client can), so against a server without de-duplication it is left out.
 */
const commands = (world: OutboxWorld, duplicateSubmissions: boolean) =>
  fc.commands(
    [
      fc.tuple(fc.nat(20), fc.integer({ min: 35, max: 180 })).map(([e, v]) => new Measure(e, v)),
      fc
        .tuple(fc.nat(TASKS_PER_RUN - 1), fc.string({ minLength: 1, maxLength: 12 }))
        .map(([t, w]) => new Note(t, w.trim() || 'x')),
      fc.nat(TASKS_PER_RUN - 1).map((t) => new Ack(t)),
      fc
        .tuple(
          fc.constantFrom(...FAULTS),
          fc.constantFrom(...(Object.keys(TARGETS) as (keyof typeof TARGETS)[])),
          fc.integer({ min: 1, max: 3 }),
        )
        .map(([kind, target, times]) =>
          !duplicateSubmissions &&
          kind === 'duplicate-delivery' &&
          (target === 'submit' || target === 'any')
            ? new Fault(world, kind, 'patch', times)
            : new Fault(world, kind, target, times),
        ),
      fc.constant(new Send()),
      fc.integer({ min: 1, max: 4 }).map((nth) => new KillMidRequest(nth)),
    ],
    { maxCommands: 14 },
  );

describe.each([
  {
    server: 'a server that refuses a known identifier (every fault, duplicate delivery included)',
    uniqueIdentifiers: true,
  },
  {
    server: 'a server that does not de-duplicate (the client alone keeps it to one copy)',
    uniqueIdentifiers: false,
  },
])('outbox under faults, kills and restarts, against $server', ({ uniqueIdentifiers }) => {
  let world: OutboxWorld;

  beforeAll(async () => {
    // A short gateway timeout: a `timeout` fault turns into "no answer" after 300 ms.
    world = await startOutboxWorld({
      seed: 5,
      citizens: 40,
      gatewayTimeoutMs: 300,
      uniqueIdentifiers,
    });
  }, 120_000);

  afterAll(async () => {
    await world.settle();
    await world.close();
  });

  it('puts every write on the server exactly once, in order per resource, and empties the outbox', async () => {
    expect(world.openTaskIds.length).toBeGreaterThanOrEqual(TASKS_PER_RUN * RUNS);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(commands(world, uniqueIdentifiers), async (cmds) => {
        const tasks = world.openTaskIds.slice(run * TASKS_PER_RUN, (run + 1) * TASKS_PER_RUN);
        run = (run + 1) % RUNS;
        const device = await newDevice(world, { author: 'Practitioner/outbox-nurse' });
        world.backend.faults.clear();
        try {
          await device.cacheFromServer(tasks.map((id) => `Task/${id}`));
          const before = new Map<string, Task>();
          for (const id of tasks)
            before.set(id, (await readPath(world.admin, `Task/${id}`)) as unknown as Task);
          const model: Model = {
            measurements: [],
            notes: new Map(tasks.map((id) => [id, []])),
            acked: new Set(tasks.filter((id) => before.get(id)?.status === 'completed')),
            tasks,
            episodes: world.episodes,
            tag: `run-${crypto.randomUUID().slice(0, 8)}`,
            written: 0,
          };
          await fc.asyncModelRun(() => ({ model, real: { device } }), cmds);

          // Recovery: the network heals, whatever a killed sender had on its way arrives.
          world.backend.faults.clear();
          await world.settle();
          await drainFully(device);
          await world.settle();

          expect(await device.handle.outbox.list()).toEqual([]);
          expect(device.controller.state()).toMatchObject({ unsent: 0, needsAttention: 0 });
          for (const identifier of model.measurements) {
            const found = (await searchAll(
              world.admin,
              `Observation?identifier=${encodeURIComponent(`urn:ietf:rfc:3986|${identifier}`)}`,
            )) as unknown as Observation[];
            expect(found, identifier).toHaveLength(1);
            // The cache holds the server's copy, not the local one.
            const id = (found[0] as Observation & { id: string }).id;
            const cached = await device.handle.resources.get('Observation', id);
            expect(cached?.meta?.versionId).toBe(found[0]?.meta?.versionId);
          }
          for (const id of tasks) {
            const server = (await readPath(world.admin, `Task/${id}`)) as unknown as Task;
            const ours = (server.note ?? [])
              .map((n) => n.text ?? '')
              .filter((text) => text.startsWith(`${model.tag} `));
            expect(ours, `notes of Task/${id}`).toEqual(model.notes.get(id));
            if (model.acked.has(id)) expect(server.status).toBe('completed');
            else expect(server.status).toBe(before.get(id)?.status);
            const cached = await device.handle.resources.get('Task', id);
            expect(cached?.meta?.versionId).toBe(server.meta?.versionId);
          }
        } finally {
          world.backend.faults.clear();
          await device.close();
          await world.settle();
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  }, 600_000);
});
