import { expect, test } from 'vitest';
import { DEFAULT_CITIZENS } from '../../../main/demo-backend/generator/dataset.ts';
import {
  BENCH_ANCHOR,
  BENCH_SEED,
  measureShape,
  personaShapes,
  startBenchBackend,
  syncShapes,
  type ShapeTimes,
} from '../support/demo-backend.ts';
import { figure, percentile, recordFigure, SAMPLES, WARMUPS } from '../support/figures.ts';

test('demo back end search latency at the default dataset size', { timeout: 300_000 }, async () => {
  const server = await startBenchBackend(DEFAULT_CITIZENS);
  try {
    const { facts } = server;
    const data = `generator seed ${BENCH_SEED}, anchor ${BENCH_ANCHOR}, ${facts.citizens} citizens, ${facts.total} resources`;
    await recordFigure(
      figure('demo back end resources, default dataset', facts.total, 'resources', data),
    );
    await recordFigure(
      figure(
        'demo back end seed time, default dataset',
        server.startMs,
        'ms',
        `startDemoBackend wall time with ${facts.total} resources in its own process, after a warm start-up there (generation, ${Math.round(facts.generateMs)} ms, not included); ${data}`,
      ),
    );
    expect(facts.personas).toHaveLength(5);
    const shapes = [
      ...facts.personas.flatMap((persona) => personaShapes(server, persona)),
      ...syncShapes(server, undefined),
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
          `request sent → whole body received (node:http, one kept-alive loopback connection to the back end in its own process), every answer checked; ${data}`,
        { limit: 50, kind: 'max' },
      ),
    );
    const ranked = results
      .map((result) => ({ ...result, p95: percentile(result.client, 95) }))
      .sort((a, b) => b.p95 - a.p95);
    const slowest = ranked[0];
    if (slowest) {
      await recordFigure(
        figure(
          `demo back end slowest query p95, default dataset: ${slowest.name}`,
          slowest.p95,
          'ms',
          `p95 of ${SAMPLES} samples after ${WARMUPS} warm-ups (server time p95 ${percentile(slowest.server, 95)} ms); ${data}`,
        ),
      );
    }
    for (const result of ranked.slice(0, 5))
      console.log(
        `  ${result.p95.toFixed(1)} ms p95 (server ${percentile(result.server, 95)} ms): ${result.name}`,
      );
  } finally {
    await server.close();
  }
});
