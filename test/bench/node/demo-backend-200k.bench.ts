import { expect, test } from 'vitest';
import { BENCHMARK_CITIZENS } from '../../../main/demo-backend/generator/index.ts';
import {
  BENCH_ANCHOR,
  BENCH_SEED,
  LARGEST_PAGE,
  measureShape,
  prepareDataset,
  startBenchBackend,
  syncShapes,
} from '../support/demo-backend.ts';
import { figure, percentile, recordFigure, SAMPLES, WARMUPS } from '../support/figures.ts';

test('demo back end: a page of 1,000 for each sync query shape at ≥ 200k resources', { timeout: 600_000 }, async () => {
  const dataset = prepareDataset(BENCHMARK_CITIZENS);
  const total = dataset.total;
  expect(total).toBeGreaterThanOrEqual(200_000);
  const server = await startBenchBackend(dataset);
  try {
    const data = `generator seed ${BENCH_SEED}, anchor ${BENCH_ANCHOR}, ${BENCHMARK_CITIZENS} citizens, ${total} resources`;
    await recordFigure(figure('demo back end resources, benchmark dataset', total, 'resources', data));
    await recordFigure(
      figure(
        'demo back end seed time, benchmark dataset (≥ 200k resources)',
        server.startMs,
        'ms',
        `startDemoBackend wall time with ${total} resources (after a warm start-up in the same process; generation ${Math.round(dataset.generateMs)} ms not included); ${data}`,
      ),
    );
    for (const shape of syncShapes(dataset, server, LARGEST_PAGE)) {
      const result = await measureShape(shape, server);
      const method = `p95 of ${SAMPLES} samples after ${WARMUPS} warm-ups, each with its own checkpoint/episode/teams/ids and checked to be a full page (or every match when fewer); ${data}`;
      await recordFigure(
        figure(
          `demo back end sync page at 200k: ${shape.name}`,
          percentile(result.client, 95),
          'ms',
          `${method}; request sent → whole body received (fetch, loopback HTTP, back end in the same process)`,
          { limit: 50, kind: 'max' },
        ),
      );
      await recordFigure(
        figure(
          `demo back end sync page at 200k, server time: ${shape.name}`,
          percentile(result.server, 95),
          'ms',
          `${method}; the back end's own request log (request received → answer written, whole ms)`,
        ),
      );
    }
  } finally {
    await server.backend.close();
  }
});
