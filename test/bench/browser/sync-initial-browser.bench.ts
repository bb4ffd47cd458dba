import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { expect, test } from 'vitest';
import { loadFutRouting } from '../../../main/backend/fut-routing.ts';
import { BENCHMARK_CITIZENS } from '../../../main/demo-backend/generator/index.ts';
import { DEFAULT_IG_DIRECTORY } from '../../../main/demo-backend/start-server.ts';
import { createFhirGateway } from '../../../main/fhir-gateway/fhir-gateway.ts';
import type { SyncScope } from '../../../renderer/data/sync/contracts.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../playwright.config.ts';
import { BENCH_ANCHOR, BENCH_SEED, startBenchBackend } from '../support/demo-backend.ts';
import { figure, percentile, recordFigure } from '../support/figures.ts';
import type { PageRunResult } from './sync-bench-page.ts';

/**
 * Initial sync of the coordinator's caseload (benchmark dataset, ≥ 200k
 * resources on the server) in headless Chromium: the real sync engine and
 * encrypted cache on Chromium's own IndexedDB (a persistent profile on disk)
 * and WebCrypto.
 * - end to end: the page's fetch to `/fhir/…`, routed by Playwright to the
 *   real gateway → the demo back end in its own process;
 * - client side: the recorded responses replayed from the page's memory
 *   (response received → records committed, JSON parse included), encrypted
 *   vs the same records unencrypted (plaintext codec: same stores, indexes,
 *   batches, transactions), alternating in the same run;
 * - a second sync with nothing changed: requests per type and scope chunk,
 *   and writes (read-write IndexedDB transactions counted in the page).
 */

const ORIGIN = 'http://localhost:4999';
/** Few runs: each is a whole initial sync of tens of thousands of resources (SYNC_BENCH_SAMPLES overrides). */
const SAMPLES = Number(process.env.SYNC_BENCH_SAMPLES ?? 3);
const WARMUPS = Number(process.env.SYNC_BENCH_WARMUPS ?? 1);

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
      const routing = await loadFutRouting(DEFAULT_IG_DIRECTORY);
      const services: Record<string, string> = {};
      for (const [type, service] of Object.entries(routing.typeRouting)) {
        try {
          services[service] = server.base(type).replace(/\/$/, '');
        } catch {
          // A type no service of the bench server holds.
        }
      }
      const gateway = createFhirGateway({
        serviceMap: () => ({ services, ...routing }),
        retryDelayMs: () => 0,
      });
      const recorded = new Map<string, string>();
      const page = context.pages()[0] ?? (await context.newPage());
      await page.route(`${ORIGIN}/**`, async (route) => {
        const url = new URL(route.request().url());
        if (url.pathname === '/') {
          await route.fulfill({
            contentType: 'text/html',
            body: '<!doctype html><meta charset="utf-8"><script src="/sync-bench.js"></script>',
          });
        } else if (url.pathname === '/sync-bench.js') {
          await route.fulfill({ contentType: 'text/javascript', body: script });
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
      await recordFigure(
        figure(
          'sync initial (Chromium), coordinator caseload: resources synced',
          synced,
          'resources',
          `${data}; ${first.requests} requests`,
        ),
      );
      await recordFigure(
        figure(
          'sync initial end to end (coordinator, 200k dataset, headless Chromium)',
          first.ms,
          'ms',
          `one run, empty encrypted cache → synced; page fetch → Playwright route → gateway (in the bench process) → demo back end in its own process over loopback HTTP (the route adds its own transfer cost); ${synced} resources, ${first.requests} requests; ${data}`,
        ),
      );
      await recordFigure(
        figure(
          'sync initial end to end throughput (headless Chromium)',
          synced / (first.ms / 1000),
          'resources/s',
          'resources written / end-to-end time of the run above',
        ),
      );

      const again = await runInPage({
        plain: false,
        replay: false,
        keep: false,
        cacheId: first.cacheId,
      });
      const perChunk = Math.max(
        ...Object.entries(again.requestsByType).map(
          ([type, n]) => n / (again.listingsByType[type] ?? 1),
        ),
      );
      await recordFigure(
        figure(
          'sync with nothing changed (Chromium): requests per type and scope chunk (max)',
          perChunk,
          'requests',
          `second run right after the initial one; per type, requests ÷ searches, one search per scope chunk (≤ 200 episodes/patients/ids per search URL); requests per type ${JSON.stringify(again.requestsByType)}; ${data}`,
          { limit: 1, kind: 'max' },
        ),
      );
      await recordFigure(
        figure(
          'sync with nothing changed (Chromium): writes',
          again.written + again.removed + again.stateWrites + again.readWrites,
          'writes',
          'second run: resources written + removed + sync-state writes + read-write IndexedDB transactions (counted in the page)',
          { limit: 0, kind: 'max' },
        ),
      );

      // Hand the recorded answers to the page, then replay them from its memory.
      const entries = [...recorded.entries()];
      for (let i = 0; i < entries.length; i += 50) {
        const part = entries.slice(i, i + 50);
        await page.evaluate((p) => window.syncBench.record(p), part);
      }
      const encrypted: number[] = [];
      const plain: number[] = [];
      for (let i = 0; i < WARMUPS + SAMPLES; i++) {
        for (const isPlain of [false, true]) {
          const result = await runInPage({ plain: isPlain, replay: true, keep: false });
          expect(result.written).toBe(synced);
          if (i >= WARMUPS) (isPlain ? plain : encrypted).push(result.written / (result.ms / 1000));
        }
      }
      const encryptedRate = percentile(encrypted, 50);
      const plainRate = percentile(plain, 50);
      const method = `median of ${SAMPLES} runs after ${WARMUPS} warm-up, alternating encrypted/unencrypted; the initial sync's ${entries.length} responses replayed from the page's memory (JSON parse included; network and back end excluded); ${synced} resources each; ${data}`;
      await recordFigure(
        figure(
          'sync client-side throughput, encrypted (headless Chromium)',
          encryptedRate,
          'resources/s',
          `${method}; AES-GCM units + HMAC blind indexes`,
        ),
      );
      await recordFigure(
        figure(
          'sync client-side throughput, unencrypted baseline (headless Chromium)',
          plainRate,
          'resources/s',
          `${method}; plaintext codec: the same stores, indexes, batches and transactions`,
        ),
      );
      await recordFigure(
        figure(
          'sync client-side throughput ratio, encrypted ÷ unencrypted (headless Chromium)',
          encryptedRate / plainRate,
          'ratio',
          method,
          { limit: 0.5, kind: 'min' },
        ),
      );
    } finally {
      await context.close();
      await server.close();
      await rm(outDir, { recursive: true, force: true });
      await rm(profile, { recursive: true, force: true });
    }
  },
);
