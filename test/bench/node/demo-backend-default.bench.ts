import { expect, test } from 'vitest';
import { DEFAULT_CITIZENS } from '../../../main/demo-backend/generator/index.ts';
import {
  BENCH_ANCHOR,
  BENCH_SEED,
  measureShape,
  personaShapes,
  prepareDataset,
  startBenchBackend,
  syncShapes,
  type ShapeTimes,
} from '../support/demo-backend.ts';
import { figure, percentile, recordFigure, SAMPLES, WARMUPS } from '../support/figures.ts';

test('demo back end search latency at the default dataset size', { timeout: 300_000 }, async () => {
  const dataset = prepareDataset(DEFAULT_CITIZENS);
  const total = dataset.total;
  const server = await startBenchBackend(dataset);
  try {
    const data = `generator seed ${BENCH_SEED}, anchor ${BENCH_ANCHOR}, ${DEFAULT_CITIZENS} citizens, ${total} resources`;
    await recordFigure(
      figure('demo back end resources, default dataset', total, 'resources', data),
    );
    await recordFigure(
      figure(
        'demo back end seed time, default dataset',
        server.startMs,
        'ms',
        `startDemoBackend wall time with ${total} resources (after a warm start-up in the same process); ${data}`,
      ),
    );
    expect(dataset.personas).toHaveLength(4);
    const shapes = [
      ...dataset.personas.flatMap((persona) => personaShapes(dataset, server, persona)),
      ...syncShapes(dataset, server, undefined),
    ];
    const results: ShapeTimes[] = [];
    for (const shape of shapes) results.push(await measureShape(shape, server));
    const all = results.flatMap((result) => result.client);
    expect(all).toHaveLength(shapes.length * SAMPLES);
    await recordFigure(
      figure(
        'demo back end search p95, default dataset (caseload + citizen views of 4 personas, default sync pages)',
        percentile(all, 95),
        'ms',
        `p95 of ${all.length} requests: ${shapes.length} query shapes × ${SAMPLES} samples after ${WARMUPS} warm-ups each, ` +
          `request sent → whole body received (fetch, loopback HTTP, back end in the same process); ${data}; every answer checked`,
        { limit: 50, kind: 'max' },
      ),
    );
    const slowest = results
      .map((result) => ({ ...result, p95: percentile(result.client, 95) }))
      .sort((a, b) => b.p95 - a.p95);
    const worst = slowest[0];
    if (worst) {
      await recordFigure(
        figure(
          `demo back end slowest query p95, default dataset: ${worst.name}`,
          worst.p95,
          'ms',
          `p95 of ${SAMPLES} samples after ${WARMUPS} warm-ups; server time p95 ${percentile(worst.server, 95)} ms; ${data}`,
        ),
      );
    }
    for (const result of slowest.slice(0, 5))
      console.log(
        `  ${result.p95.toFixed(1)} ms p95 (server ${percentile(result.server, 95)} ms): ${result.name}`,
      );
  } finally {
    await server.backend.close();
  }
});
