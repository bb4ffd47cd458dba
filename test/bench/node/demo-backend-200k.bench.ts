import { expect, test } from 'vitest';
import { BENCHMARK_CITIZENS } from '../../../main/demo-backend/generator/dataset.ts';
import {
  BENCH_ANCHOR,
  BENCH_SEED,
  LARGEST_PAGE,
  measureShape,
  startBenchBackend,
  syncShapes,
} from '../support/demo-backend.ts';
import { figure, percentile, recordFigure, SAMPLES, WARMUPS } from '../support/figures.ts';

test(
  'demo back end: a page of 1,000 for each sync query shape at ≥ 200k resources',
  { timeout: 600_000 },
  async () => {
    // Generation and seeding (≈ 15–20 s) happen in the server process.
    const server = await startBenchBackend(BENCHMARK_CITIZENS);
    try {
      const { facts } = server;
      expect(facts.total).toBeGreaterThanOrEqual(200_000);
      const data = `generator seed ${BENCH_SEED}, anchor ${BENCH_ANCHOR}, ${facts.citizens} citizens, ${facts.total} resources`;
      await recordFigure(
        figure('demo back end resources, benchmark dataset', facts.total, 'resources', data),
      );
      await recordFigure(
        figure(
          'demo back end seed time, benchmark dataset (≥ 200k resources)',
          server.startMs,
          'ms',
          `startDemoBackend wall time with ${facts.total} resources in its own process, after a warm start-up there (generation, ${Math.round(facts.generateMs)} ms, not included); ${data}`,
        ),
      );
      for (const shape of syncShapes(server, LARGEST_PAGE)) {
        const result = await measureShape(shape, server);
        const method =
          `p95 of ${SAMPLES} samples after ${WARMUPS} warm-ups, each with its own checkpoint/episode/teams/ids ` +
          `and checked to be a full page (or every match when fewer); ${data}`;
        await recordFigure(
          figure(
            `demo back end sync page at 200k: ${shape.name}`,
            percentile(result.client, 95),
            'ms',
            `${method}; request sent → whole body received, not parsed (node:http, one kept-alive loopback connection to the back end in its own process)`,
            { limit: 50, kind: 'max' },
          ),
        );
        await recordFigure(
          figure(
            `demo back end sync page at 200k, server time: ${shape.name}`,
            percentile(result.server, 95),
            'ms',
            `${method}; the back end's request log (request received → answer written, whole ms)`,
          ),
        );
      }
    } finally {
      await server.close();
    }
  },
);
