import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { expect, test } from 'vitest';
import { BENCHMARK_CITIZENS } from '../../../main/demo-backend/generator/dataset.ts';
import { importCacheKeys } from '../../../renderer/data/cache/cache-crypto.ts';
import { openCache, type OpenedCacheHandle } from '../../../renderer/data/cache/open-cache.ts';
import { createFhirClient, type FhirFetch } from '../../../renderer/data/fhir/fhir-client.ts';
import { CacheDb } from '../../../renderer/data/cache/cache-db.ts';
import { cacheDbName } from '../../../renderer/data/cache/cache-name.ts';
import type { SyncReport, SyncScope } from '../../../renderer/data/sync/contracts.ts';
import { runSync } from '../../../renderer/data/sync/sync-engine.ts';
import { newTestCache } from '../../integration/renderer-data/sync-fixture.ts';
import { plaintextCodec } from '../../support/plaintext-codec.ts';
import {
  BENCH_ANCHOR,
  BENCH_SEED,
  benchGateway,
  startBenchBackend,
} from '../support/demo-backend.ts';
import { writeRawBaseline } from '../support/raw-baseline.ts';
import {
  recordClientSide,
  recordInitialSync,
  recordNothingChanged,
} from '../support/sync-figures.ts';

/**
 * Initial sync of the coordinator's caseload from the benchmark dataset
 * (≥ 200k resources on the server) — Node with fake-indexeddb, not a real
 * browser IndexedDB (see the method strings):
 * - end to end: empty cache → synced, through the real gateway to the demo
 *   back end in its own process;
 * - client side: the same responses replayed from memory (JSON parse
 *   included), so the figure is response received → records committed,
 *   encrypted; against the raw IndexedDB baseline (support/raw-baseline.ts)
 *   and the same cache with the plaintext codec, in the same run;
 * - a second sync with nothing changed: requests per type and scope chunk,
 *   and writes.
 */

/** Few runs: each is a whole initial sync of tens of thousands of resources (SYNC_BENCH_SAMPLES overrides). */
const SAMPLES = Number(process.env.SYNC_BENCH_SAMPLES ?? 3);
const WARMUPS = Number(process.env.SYNC_BENCH_WARMUPS ?? 1);
const WHERE = 'Node + fake-indexeddb';

let counter = 0;
/** A fresh cache (encrypted, or with the plaintext codec) on its own fake-indexeddb. */
async function freshCache(plain: boolean): Promise<OpenedCacheHandle> {
  const keys = await importCacheKeys(
    globalThis.crypto.getRandomValues(new Uint8Array(32)),
    `bench-${++counter}`,
  );
  return openCache({
    userKey: `sync-bench-${counter}`,
    keys,
    persistent: true,
    indexedDB: new IDBFactory(),
    IDBKeyRange,
    ...(plain ? { codec: plaintextCodec() } : {}),
  });
}

/**
 * The budget is about real IndexedDB, which the Chromium benchmark
 * (test/bench/browser/sync-initial-browser.bench.ts) measures; this Node
 * variant on fake-indexeddb takes tens of minutes at 200k resources, so it
 * runs only when asked for (SYNC_BENCH_NODE=1).
 */
test.skipIf(process.env.SYNC_BENCH_NODE !== '1')(
  'initial sync of the coordinator’s caseload at ≥ 200k resources, and a sync with nothing changed',
  { timeout: 3_600_000 },
  async () => {
    const server = await startBenchBackend(BENCHMARK_CITIZENS);
    try {
      const { facts } = server;
      expect(facts.total).toBeGreaterThanOrEqual(200_000);
      const gateway = await benchGateway(server);
      const recorded = new Map<string, string>();
      let networkRequests = 0;
      const viaGateway: FhirFetch = async (input, init) => {
        networkRequests++;
        const answer = await gateway.handle({
          method: init?.method ?? 'GET',
          path: input,
          headers: {},
        });
        if (answer.status === 200) recorded.set(input, answer.body);
        return new Response(answer.body.length > 0 ? answer.body : null, {
          status: answer.status,
          headers: answer.headers,
        });
      };
      const replay: FhirFetch = (input) => {
        const body = recorded.get(input);
        if (body === undefined) return Promise.resolve(new Response(null, { status: 404 }));
        return Promise.resolve(
          new Response(body, { status: 200, headers: { 'content-type': 'application/fhir+json' } }),
        );
      };
      const coordinator = facts.personas.find((persona) => persona.id === 'coordinator');
      if (!coordinator) throw new Error('no coordinator persona');
      const scope: SyncScope = {
        practitionerId: coordinator.practitionerId,
        careTeamIds: coordinator.careTeamIds,
      };
      const data = `generator seed ${BENCH_SEED}, anchor ${BENCH_ANCHOR}, ${facts.citizens} citizens, ${facts.total} resources on the server; coordinator scope (${scope.careTeamIds.length} care teams)`;

      // End to end, through the gateway to the back end.
      const e2eCache = await newTestCache();
      const started = performance.now();
      const first = await runSync({
        fhir: createFhirClient(viaGateway),
        cache: e2eCache.cache,
        scope,
      });
      const e2eMs = performance.now() - started;
      const synced = first.written;
      await recordInitialSync(
        WHERE,
        { written: synced, requests: first.requests, ms: e2eMs },
        data,
        'gateway in process → demo back end in its own process over loopback HTTP',
      );

      // Nothing changed since: requests per type and scope chunk, and writes.
      const writesAfterFirst = e2eCache.readWrites();
      const before = networkRequests;
      const again = await runSync({
        fhir: createFhirClient(viaGateway),
        cache: e2eCache.cache,
        scope,
      });
      expect(networkRequests - before).toBe(again.requests);
      await recordNothingChanged(
        WHERE,
        {
          requestsByType: again.requestsByType ?? {},
          listingsByType: again.listingsByType ?? {},
          writes:
            again.written +
            again.removed +
            (again.stateWrites ?? 0) +
            (e2eCache.readWrites() - writesAfterFirst),
        },
        data,
      );
      await e2eCache.handle.destroy();

      // Client side: response received → records committed; encrypted, the
      // plaintext codec and the raw baseline in turn, in the same run.
      const samples = {
        encrypted: [] as number[],
        plainCodec: [] as number[],
        raw: [] as number[],
      };
      for (let i = 0; i < WARMUPS + SAMPLES; i++) {
        for (const isPlain of [false, true]) {
          const cache = await freshCache(isPlain);
          const t0 = performance.now();
          const report: SyncReport = await runSync({
            fhir: createFhirClient(replay),
            cache: cache.resources,
            scope,
          });
          const seconds = (performance.now() - t0) / 1000;
          expect(report.written).toBe(synced);
          await cache.destroy();
          if (i >= WARMUPS)
            samples[isPlain ? 'plainCodec' : 'encrypted'].push(report.written / seconds);
        }
        const db = new CacheDb(cacheDbName(`raw-bench-${++counter}`), {
          indexedDB: new IDBFactory(),
          IDBKeyRange,
        });
        await db.open();
        const raw = await writeRawBaseline(db, recorded.values());
        await db.delete();
        expect(raw.written).toBe(synced);
        if (i >= WARMUPS) samples.raw.push(raw.written / (raw.ms / 1000));
      }
      await recordClientSide(
        WHERE,
        samples,
        `median of ${SAMPLES} runs after ${WARMUPS} warm-up, each run encrypted, plaintext codec, raw in turn; the initial sync's responses replayed from memory (JSON parse included), so network and back end are excluded; ${synced} resources; Node ${process.version} + fake-indexeddb (NOT a browser IndexedDB)`,
      );
    } finally {
      await server.close();
    }
  },
);
