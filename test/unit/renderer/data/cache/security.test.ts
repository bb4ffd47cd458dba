import { describe, expect, it } from 'vitest';
import { CacheDb } from '../../../../../renderer/data/cache/cache-db.ts';
import type { CorruptionReport } from '../../../../../renderer/data/cache/cache-context.ts';
import { plaintextCodec } from '../../../../support/plaintext-codec.ts';
import {
  CPR,
  episode,
  freshEnv,
  makeKeys,
  NAME,
  observation,
  open,
  patient,
  rawDump,
  task,
  type Env,
} from './cache-kit.ts';

const NOTE = 'Borgeren har ondt i knæet';
const PATIENT_ID = 'pat-7c1d2e9a';
const EPISODE_ID = 'eoc-55aa31f0';

function planted() {
  return [
    patient(PATIENT_ID),
    episode(EPISODE_ID, PATIENT_ID),
    task('task-1', PATIENT_ID, EPISODE_ID),
    observation('obs-1', PATIENT_ID, EPISODE_ID, '2026-11-18T08:30:00Z'),
  ];
}

/** The words that must not be on disk, in the forms they could take. */
const SECRETS = [CPR, NAME, NAME.normalize('NFD'), NOTE, PATIENT_ID, EPISODE_ID, 'task-1', 'obs-1'];

function db(env: Env, name: string): CacheDb {
  return new CacheDb(name, { indexedDB: env.indexedDB, IDBKeyRange: env.IDBKeyRange });
}

describe('what the cache stores', () => {
  it('holds no id, CPR, name or note in any row or index, while a plaintext control does', async () => {
    const env = freshEnv();
    const sealed = await open(env, await makeKeys());
    await sealed.resources.upsert(planted());
    await sealed.resources.setSyncState(`Observation:${EPISODE_ID}`, `mark ${PATIENT_ID}`);
    await sealed.outbox.enqueue(
      { resource: { ...planted()[2]!, meta: { versionId: 'local-1' } }, expectedVersionId: '1' },
      {
        kind: 'add-task-note',
        resourceType: 'Task',
        resourceId: 'task-1',
        baseVersionId: '1',
        payload: { text: NOTE, cpr: CPR },
      },
    );
    const dump = await rawDump(env, sealed.databaseName);
    for (const secret of SECRETS) expect(dump).not.toContain(secret);
    // Encoded forms too: UTF-16 code units as Latin-1 pairs, base64 of the JSON.
    expect(dump).not.toContain(Array.from(NAME, (c) => `${c}\u0000`).join(''));
    expect(dump).not.toContain(btoa(CPR));

    // Control: the same rows written with the plaintext codec are found by the same scan.
    const controlEnv = freshEnv();
    const control = await open(controlEnv, await makeKeys(), { codec: plaintextCodec() });
    await control.resources.upsert(planted());
    const controlDump = await rawDump(controlEnv, control.databaseName);
    for (const secret of SECRETS.filter((s) => s !== NAME.normalize('NFD')))
      expect(controlDump).toContain(secret);
    sealed.close();
    control.close();
  });

  it('uses a fresh IV for every unit, also for the same content sealed again', async () => {
    const env = freshEnv();
    const cache = await open(env, await makeKeys());
    const resources = [];
    for (let i = 0; i < 50; i += 1) resources.push(task(`t${i}`, 'p1', 'e1'));
    for (let i = 0; i < 50; i += 1)
      resources.push(observation(`o${i}`, 'p1', 'e1', `2026-0${1 + (i % 9)}-10T08:00:00Z`));
    await cache.resources.upsert(resources);
    // The same content again under a new version: new IV, new ciphertext.
    await cache.resources.upsert([{ ...resources[0]!, meta: { versionId: '2' } }]);
    const raw = db(env, cache.databaseName);
    const rows = [
      ...(await raw.resources.toArray()),
      ...(await raw.buckets.toArray()),
      ...(await raw.meta.toArray()),
    ];
    const ivs = rows.map((row) =>
      Array.from(row.iv, (b) => b.toString(16).padStart(2, '0')).join(''),
    );
    expect(rows.length).toBeGreaterThan(50);
    expect(new Set(ivs).size).toBe(ivs.length);
    for (const row of rows) expect(row.iv.byteLength).toBe(12);
    raw.close();
    cache.close();
  });
});

describe('a unit that does not open', () => {
  async function setup() {
    const env = freshEnv();
    const reports: CorruptionReport[] = [];
    const cache = await open(env, await makeKeys(), { onCorrupt: (r) => reports.push(r) });
    await cache.resources.upsert([
      task('t1', 'p1', 'e1'),
      task('t2', 'p1', 'e1'),
      patient('p1'),
      observation('o1', 'p1', 'e1', '2026-11-16T08:00:00Z'),
      observation('o2', 'p1', 'e1', '2026-11-17T08:00:00Z'),
      observation('o3', 'p1', 'e1', '2026-11-25T08:00:00Z'),
    ]);
    await cache.resources.setSyncState('Task:team-1', 'task checkpoint');
    await cache.resources.setSyncState('Observation:team-1', 'observation checkpoint');
    await cache.resources.setSyncState('Patient:team-1', 'patient checkpoint');
    return { env, cache, reports, raw: db(env, cache.databaseName) };
  }

  it('drops a tampered resource row, reports it and resets its type’s checkpoints', async () => {
    const { cache, reports, raw } = await setup();
    const rows = await raw.resources.where('type').equals('Task').toArray();
    const victim = rows[0]!;
    const data = new Uint8Array(victim.data);
    data[5] = (data[5] ?? 0) ^ 0x01;
    await raw.resources.put({ ...victim, data });

    const tasks = await cache.resources.byPatient('Task', 'p1');
    expect(tasks).toHaveLength(1);
    expect(reports).toEqual([{ table: 'resources', type: 'Task', dropped: 1 }]);
    expect(await raw.resources.get(victim.key)).toBeUndefined();
    expect(await cache.resources.getSyncState('Task:team-1')).toBeUndefined();
    expect(await cache.resources.getSyncState('Observation:team-1')).toBe('observation checkpoint');
    expect(await cache.resources.getSyncState('Patient:team-1')).toBe('patient checkpoint');
    // The cache goes on working, and sync can store it again.
    expect(
      await cache.resources.upsert([task('t1', 'p1', 'e1'), task('t2', 'p1', 'e1')]),
    ).toMatchObject({
      written: 1,
      unchanged: 1,
    });
    expect(await cache.resources.byPatient('Task', 'p1')).toHaveLength(2);
    raw.close();
    cache.close();
  });

  it('refuses a sealed unit moved to another row (the additional data binds it)', async () => {
    const { cache, reports, raw } = await setup();
    const task1Key = (await raw.resources.where('type').equals('Task').toArray())[0]!;
    const patientRow = (await raw.resources.where('type').equals('Patient').toArray())[0]!;
    // Put the Task's sealed unit into the Patient's row.
    await raw.resources.put({ ...patientRow, iv: task1Key.iv, data: task1Key.data });
    expect(await cache.resources.get('Patient', 'p1')).toBeUndefined();
    expect(reports).toEqual([{ table: 'resources', type: 'Patient', dropped: 1 }]);
    raw.close();
    cache.close();
  });

  it('drops a tampered Observation bucket and keeps the other weeks', async () => {
    const { cache, reports, raw } = await setup();
    const buckets = (await raw.buckets.toArray()).sort((a, b) => a.week - b.week);
    expect(buckets).toHaveLength(2);
    const first = buckets[0]!;
    await raw.buckets.put({ ...first, data: first.data.slice(0, first.data.byteLength - 1) });
    const all = await cache.resources.byEpisode('Observation', ['e1']);
    expect(all.map((o) => o.id)).toEqual(['o3']);
    expect(reports).toEqual([{ table: 'buckets', type: 'Observation', dropped: 2 }]);
    expect(await cache.resources.getSyncState('Observation:team-1')).toBeUndefined();
    expect(await cache.resources.getSyncState('Task:team-1')).toBe('task checkpoint');
    raw.close();
    cache.close();
  });

  it('reads a bucket whose digest is missing, tampered or moved from its full members, dropping nothing', async () => {
    const { cache, reports, raw } = await setup();
    const period = [
      Date.parse('2026-11-01T00:00:00Z'),
      Date.parse('2026-12-01T00:00:00Z'),
    ] as const;
    const before = await cache.resources.measurements(['e1'], ...period);
    expect(before.map((o) => o.id)).toEqual(['o1', 'o2', 'o3']);
    const [first, second] = (await raw.buckets.toArray()).sort((a, b) => a.week - b.week);
    // Written before digests existed; a flipped bit; another bucket's digest.
    const withoutDigest = Object.fromEntries(
      Object.entries(first!).filter(([field]) => field !== 'digest'),
    ) as unknown as typeof first & object;
    await raw.buckets.put(withoutDigest);
    expect(await cache.resources.measurements(['e1'], ...period)).toEqual(before);
    const data = new Uint8Array(second!.digest!.data);
    data[3] = (data[3] ?? 0) ^ 0x01;
    await raw.buckets.put({ ...second!, digest: { iv: second!.digest!.iv, data } });
    expect(await cache.resources.measurements(['e1'], ...period)).toEqual(before);
    await raw.buckets.put({ ...second!, digest: first!.digest! });
    expect(await cache.resources.measurements(['e1'], ...period)).toEqual(before);
    expect(reports).toEqual([]);
    // Without a digest and with broken members the bucket is dropped and reported, as any read does.
    await raw.buckets.put({ ...withoutDigest, data: first!.data.slice(1) });
    expect((await cache.resources.measurements(['e1'], ...period)).map((o) => o.id)).toEqual([
      'o3',
    ]);
    expect(reports).toEqual([{ table: 'buckets', type: 'Observation', dropped: 2 }]);
    raw.close();
    cache.close();
  });

  it('refuses a bucket copied under another bucket key, and a tampered sync state', async () => {
    const { cache, reports, raw } = await setup();
    const [first, second] = (await raw.buckets.toArray()).sort((a, b) => a.week - b.week);
    await raw.buckets.put({ ...second!, iv: first!.iv, data: first!.data });
    expect(await cache.resources.get('Observation', 'o3')).toBeUndefined();
    expect(reports).toEqual([{ table: 'buckets', type: 'Observation', dropped: 1 }]);

    const states = await raw.syncState.toArray();
    for (const state of states) await raw.syncState.put({ ...state, iv: new Uint8Array(12) });
    expect(await cache.resources.getSyncState('Patient:team-1')).toBeUndefined();
    expect(reports.at(-1)).toEqual({ table: 'syncState', type: null, dropped: 1 });
    raw.close();
    cache.close();
  });

  it('drops a tampered outbox entry from the list and reports it', async () => {
    const { cache, reports, raw } = await setup();
    const base = (await cache.resources.get('Task', 't1'))!;
    for (const text of ['a', 'b'])
      await cache.outbox.enqueue(
        {
          resource: { ...base, meta: { versionId: `local-${text}` } },
          expectedVersionId: text === 'a' ? '1' : 'local-a',
        },
        {
          kind: 'add-task-note',
          resourceType: 'Task',
          resourceId: 't1',
          baseVersionId: '1',
          payload: { text },
        },
      );
    const [row] = await raw.outbox.orderBy('seq').toArray();
    await raw.outbox.put({ ...row!, data: new Uint8Array(row!.data).reverse() });
    const list = await cache.outbox.list();
    expect(list.map((e) => (e.payload as { text: string }).text)).toEqual(['b']);
    expect(reports).toEqual([{ table: 'outbox', type: null, dropped: 1 }]);
    raw.close();
    cache.close();
  });
});
