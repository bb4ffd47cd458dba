import { CacheDb } from '../../../renderer/data/cache/cache-db.ts';
import { cacheDbName } from '../../../renderer/data/cache/cache-name.ts';
import { importCacheKeys } from '../../../renderer/data/cache/cache-crypto.ts';
import { openCache, type OpenedCacheHandle } from '../../../renderer/data/cache/open-cache.ts';
import { createFhirClient, type FhirFetch } from '../../../renderer/data/fhir/fhir-client.ts';
import type { SyncScope } from '../../../renderer/data/sync/contracts.ts';
import { runSync } from '../../../renderer/data/sync/sync-engine.ts';
import { plaintextCodec } from '../../support/plaintext-codec.ts';
import { writeRawBaseline, type RawBaselineResult } from '../support/raw-baseline.ts';

/**
 * The sync benchmark's page side, bundled by sync-initial-browser.bench.ts
 * and loaded in headless Chromium: the real sync engine and the real cache
 * on Chromium's own IndexedDB and WebCrypto. `/fhir/…` is either the page's
 * fetch (routed by the bench to the gateway) or a replay of recorded
 * responses held in the page's memory (JSON parse included).
 */

interface RunOptions {
  readonly plain: boolean;
  readonly replay: boolean;
  readonly scope: SyncScope;
  /** Run on the cache a previous run kept (by its id) instead of a fresh one. */
  readonly cacheId?: string;
  /** Keep the cache open afterwards (for a second run). */
  readonly keep: boolean;
}

export interface PageRunResult {
  readonly ms: number;
  readonly written: number;
  readonly removed: number;
  readonly requests: number;
  readonly stateWrites: number;
  readonly requestsByType: Record<string, number>;
  readonly listingsByType: Record<string, number>;
  /** Read-write IndexedDB transactions during the run. */
  readonly readWrites: number;
  readonly cacheId: string;
}

const recorded = new Map<string, string>();
const caches = new Map<string, OpenedCacheHandle>();
let readWrites = 0;
let counter = 0;

const original = IDBDatabase.prototype.transaction;
IDBDatabase.prototype.transaction = function (
  this: IDBDatabase,
  ...args: Parameters<typeof original>
) {
  if (args[1] === 'readwrite') readWrites++;
  return original.apply(this, args);
} as typeof original;

/** Path and query as the browser sends them (the bench records by the same form). */
function requestKey(input: string): string {
  const url = new URL(input, location.href);
  return `${url.pathname}${url.search}`;
}

const replayFetch: FhirFetch = (input) => {
  const body = recorded.get(requestKey(input));
  return Promise.resolve(
    body === undefined
      ? new Response(null, { status: 404 })
      : new Response(body, { status: 200, headers: { 'content-type': 'application/fhir+json' } }),
  );
};

async function run(options: RunOptions): Promise<PageRunResult> {
  let cacheId = options.cacheId;
  let handle = cacheId ? caches.get(cacheId) : undefined;
  if (!handle) {
    cacheId = `bench-${++counter}-${crypto.randomUUID()}`;
    const keys = await importCacheKeys(crypto.getRandomValues(new Uint8Array(32)), cacheId);
    handle = await openCache({
      userKey: cacheId,
      keys,
      persistent: true,
      ...(options.plain ? { codec: plaintextCodec() } : {}),
    });
    caches.set(cacheId, handle);
  }
  const writesBefore = readWrites;
  const started = performance.now();
  const report = await runSync({
    fhir: createFhirClient(options.replay ? replayFetch : undefined),
    cache: handle.resources,
    scope: options.scope,
  });
  const ms = performance.now() - started;
  const result: PageRunResult = {
    ms,
    written: report.written,
    removed: report.removed,
    requests: report.requests,
    stateWrites: report.stateWrites ?? 0,
    requestsByType: { ...(report.requestsByType as Record<string, number>) },
    listingsByType: { ...(report.listingsByType as Record<string, number>) },
    readWrites: readWrites - writesBefore,
    cacheId: cacheId ?? '',
  };
  if (!options.keep) {
    caches.delete(result.cacheId);
    await handle.destroy();
  }
  return result;
}

/** Fetches the bench's recorded answers `/recorded/0 … n-1` into memory; returns how many are held. */
async function load(count: number): Promise<number> {
  recorded.clear();
  for (let i = 0; i < count; i++) {
    const response = await fetch(`/recorded/${i}`);
    const path = response.headers.get('x-recorded-path');
    if (!response.ok || path === null) throw new Error(`recorded answer ${i} is missing`);
    recorded.set(decodeURIComponent(path), await response.text());
  }
  return recorded.size;
}

/** The raw IndexedDB baseline on a fresh database of the cache's schema, deleted afterwards. */
async function raw(): Promise<RawBaselineResult> {
  const db = new CacheDb(cacheDbName(`raw-${++counter}-${crypto.randomUUID()}`));
  await db.open();
  try {
    return await writeRawBaseline(db, recorded.values());
  } finally {
    await db.delete();
  }
}

declare global {
  interface Window {
    syncBench: {
      load(count: number): Promise<number>;
      raw(): Promise<RawBaselineResult>;
      run(options: RunOptions): Promise<PageRunResult>;
    };
  }
}

window.syncBench = {
  load,
  raw,
  run,
};
