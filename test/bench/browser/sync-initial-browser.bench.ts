import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { expect, test } from 'vitest';
import { BENCHMARK_CITIZENS } from '../../../main/demo-backend/generator/dataset.ts';
import type { SyncScope } from '../../../renderer/data/sync/contracts.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../playwright.config.ts';
import {
  BENCH_ANCHOR,
  BENCH_SEED,
  benchGateway,
  startBenchBackend,
} from '../support/demo-backend.ts';
import { profiled } from '../support/cpu-profile.ts';
import {
  recordClientSide,
  recordInitialSync,
  recordNothingChanged,
} from '../support/sync-figures.ts';
import type { PageRunResult } from './sync-bench-page.ts';

/**
 * Initial sync of the coordinator's caseload (benchmark dataset, ≥ 200k
 * resources on the server) in headless Chromium: the real sync engine and
 * encrypted cache on Chromium's own IndexedDB (a persistent profile on disk)
 * and WebCrypto.
 * - end to end: the page's fetch to `/fhir/…`, routed by Playwright to the
 *   real gateway → the demo back end in its own process;
 * - client side: the recorded responses replayed from the page's memory
 *   (response received → records committed, JSON parse included), in turn:
 *   encrypted, the same cache with the plaintext codec (what encryption
 *   alone costs), and the raw IndexedDB baseline the budget compares with
 *   (support/raw-baseline.ts: the same records unencrypted into the same
 *   stores and indexes, one transaction per page, none of the cache's work);
 *   SYNC_BENCH_PROFILE=1 adds a CPU profile of an encrypted and a plaintext
 *   codec run (self time per function, printed);
 * - a second sync with nothing changed: requests per type and scope chunk,
 *   and writes (read-write IndexedDB transactions counted in the page).
 */

const ORIGIN = 'http://localhost:4999';
/** Few runs: each is a whole initial sync of tens of thousands of resources (SYNC_BENCH_SAMPLES overrides). */
const SAMPLES = Number(process.env.SYNC_BENCH_SAMPLES ?? 3);
const WARMUPS = Number(process.env.SYNC_BENCH_WARMUPS ?? 1);
const WHERE = 'headless Chromium';

test(
  'initial sync in headless Chromium: coordinator caseload at ≥ 200k resources',
  { timeout: 3_600_000 },
  async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'sync-bench-page-'));
    const profile = await mkdtemp(join(tmpdir(), 'sync-bench-profile-'));
    await build({
      configFile: false,
      logLevel: 'warn',
      build: {
        outDir,
        emptyOutDir: true,
        minify: true,
        lib: {
          entry: join(import.meta.dirname, 'sync-bench-page.ts'),
          formats: ['iife'],
          name: 'syncBenchPage',
          fileName: () => 'sync-bench.js',
        },
      },
    });
    const script = await readFile(join(outDir, 'sync-bench.js'), 'utf8');
    const server = await startBenchBackend(BENCHMARK_CITIZENS);
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    });
    try {
      const { facts } = server;
      expect(facts.total).toBeGreaterThanOrEqual(200_000);
      const gateway = await benchGateway(server);
      const recorded = new Map<string, string>();
      let recordedList: (readonly [string, string])[] = [];
      const page = context.pages()[0] ?? (await context.newPage());
      page.on('crash', () => console.error('[sync bench] the page crashed'));
      page.on('pageerror', (error) => console.error('[sync bench] page error', error));
      page.on('console', (message) => {
        if (message.type() === 'error') console.error('[sync bench] page console', message.text());
      });
      await page.route(`${ORIGIN}/**`, async (route) => {
        const url = new URL(route.request().url());
        if (url.pathname === '/') {
          await route.fulfill({
            contentType: 'text/html',
            body: '<!doctype html><meta charset="utf-8"><script src="/sync-bench.js"></script>',
          });
        } else if (url.pathname === '/sync-bench.js') {
          await route.fulfill({ contentType: 'text/javascript', body: script });
        } else if (url.pathname.startsWith('/recorded/')) {
          // The initial sync's answers, one per request, for the page to hold in memory.
          const entry = recordedList[Number(url.pathname.slice('/recorded/'.length))];
          if (entry)
            await route.fulfill({
              contentType: 'application/fhir+json',
              headers: { 'x-recorded-path': encodeURIComponent(entry[0]) },
              body: entry[1],
            });
          else await route.fulfill({ status: 404, body: '' });
        } else if (url.pathname.startsWith('/fhir/')) {
          const path = `${url.pathname}${url.search}`;
          const answer = await gateway.handle({
            method: route.request().method(),
            path,
            headers: {},
          });
          if (answer.status === 200) recorded.set(path, answer.body);
          await route.fulfill({
            status: answer.status,
            headers: answer.headers,
            body: answer.body,
          });
        } else {
          await route.fulfill({ status: 404, body: '' });
        }
      });
      await page.goto(`${ORIGIN}/`);
      await page.waitForFunction(() => 'syncBench' in window);

      const coordinator = facts.personas.find((persona) => persona.id === 'coordinator');
      if (!coordinator) throw new Error('no coordinator persona');
      const scope: SyncScope = {
        practitionerId: coordinator.practitionerId,
        careTeamIds: [...coordinator.careTeamIds],
      };
      const runInPage = (options: {
        plain: boolean;
        replay: boolean;
        keep: boolean;
        cacheId?: string;
      }): Promise<PageRunResult> =>
        page.evaluate((o) => window.syncBench.run(o), { ...options, scope });
      const data = `generator seed ${BENCH_SEED}, anchor ${BENCH_ANCHOR}, ${facts.citizens} citizens, ${facts.total} resources on the server; coordinator scope (${scope.careTeamIds.length} care teams); headless Chromium ${context.browser()?.version() ?? ''}, persistent profile on disk`;

      const first = await runInPage({ plain: false, replay: false, keep: true });
      const synced = first.written;
      await recordInitialSync(
        WHERE,
        first,
        data,
        'page fetch → Playwright route → gateway (in the bench process) → demo back end in its own process over loopback HTTP (the route adds its own transfer cost)',
      );

      const again = await runInPage({
        plain: false,
        replay: false,
        keep: false,
        cacheId: first.cacheId,
      });
      await recordNothingChanged(
        WHERE,
        {
          requestsByType: again.requestsByType,
          listingsByType: again.listingsByType,
          writes: again.written + again.removed + again.stateWrites + again.readWrites,
        },
        data,
      );

      // The page fetches the recorded answers one by one and holds them in
      // memory: handing them over in page.evaluate calls closed the browser
      // (Chromium drops a DevTools message of ~128 MB or more, and 50 answers
      // of the initial sync are that large), which is what ended the replay.
      const entries = [...recorded.entries()];
      recordedList = entries;
      const held = await page.evaluate((n) => window.syncBench.load(n), entries.length);
      expect(held).toBe(entries.length);
      const megabytes = entries.reduce((sum, [, body]) => sum + body.length, 0) / 1e6;

      const samples = {
        encrypted: [] as number[],
        plainCodec: [] as number[],
        raw: [] as number[],
      };
      for (let i = 0; i < WARMUPS + SAMPLES; i++) {
        const rates: [keyof typeof samples, number][] = [];
        for (const plain of [false, true]) {
          const result = await runInPage({ plain, replay: true, keep: false });
          expect(result.written).toBe(synced);
          rates.push([plain ? 'plainCodec' : 'encrypted', result.written / (result.ms / 1000)]);
        }
        const raw = await page.evaluate(() => window.syncBench.raw());
        expect(raw.written).toBe(synced);
        rates.push(['raw', raw.written / (raw.ms / 1000)]);
        console.log(
          `[sync bench] client-side run ${i < WARMUPS ? 'warm-up' : i - WARMUPS + 1}: ${rates.map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')} resources/s`,
        );
        if (i >= WARMUPS) for (const [kind, rate] of rates) samples[kind].push(rate);
      }
      await recordClientSide(
        WHERE,
        samples,
        `median of ${SAMPLES} runs after ${WARMUPS} warm-up, each run encrypted, plaintext codec, raw in turn; the initial sync's ${entries.length} answers (${megabytes.toFixed(0)} MB of JSON) replayed from the page's memory (JSON parse included; network and back end excluded); ${synced} resources each; ${data}`,
      );

      if (process.env.SYNC_BENCH_PROFILE === '1') {
        // Where the encrypted path spends its time: one more run under the V8 sampling profiler.
        const cdp = await context.newCDPSession(page);
        for (const plain of [false, true]) {
          const { result, summary } = await profiled(cdp, () =>
            runInPage({ plain, replay: true, keep: false }),
          );
          console.log(
            `[sync bench] CPU profile, ${plain ? 'plaintext codec' : 'encrypted'} run (${Math.round(result.ms)} ms, ${summary.totalMs} ms sampled), self time:\n${summary.top.map((t) => `  ${String(t.ms).padStart(7)} ms ${(t.share * 100).toFixed(1).padStart(5)} %  ${t.fn}`).join('\n')}`,
          );
        }
      }
    } finally {
      // Never mask the test's own error with the browser's (e.g. after a crash).
      await context.close().catch((error: unknown) => console.error(error));
      await server.close();
      await rm(outDir, { recursive: true, force: true });
      await rm(profile, { recursive: true, force: true });
    }
  },
);
