import { describe, expect, it } from 'vitest';
import {
  BENCHMARK_CITIZENS,
  DEFAULT_CITIZENS,
  generateDemoDataset,
} from '../../../../../main/demo-backend/generator/dataset.ts';
import { ANCHOR, SEED, defaultDataset } from './fixture.ts';

function countByType(resources: readonly { resourceType: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of resources) counts[r.resourceType] = (counts[r.resourceType] ?? 0) + 1;
  return counts;
}

describe('dataset sizes', () => {
  it('the default size stays small enough for a linearly scanning engine and has all of it', () => {
    const { resources } = defaultDataset();
    const counts = countByType(resources);
    console.info(
      `default dataset (${DEFAULT_CITIZENS} citizens): ${resources.length} resources`,
      counts,
    );
    expect(counts.Patient).toBe(DEFAULT_CITIZENS);
    expect(resources.length).toBeGreaterThan(15_000);
    expect(resources.length).toBeLessThan(40_000);
    expect(counts.Organization).toBeGreaterThan(50);
    expect(counts.Observation).toBeGreaterThan(10_000);
    for (const type of [
      'QuestionnaireResponse',
      'ClinicalImpression',
      'Task',
      'Communication',
      'Appointment',
      'Consent',
      'CarePlan',
    ])
      expect(counts[type] ?? 0, type).toBeGreaterThan(100);
  });

  it('the benchmark size reaches 200,000 resources (generation time reported, not asserted)', () => {
    const started = performance.now();
    const { resources } = generateDemoDataset({
      seed: SEED,
      anchor: ANCHOR,
      citizens: BENCHMARK_CITIZENS,
    });
    const seconds = (performance.now() - started) / 1000;
    console.info(
      `benchmark dataset (${BENCHMARK_CITIZENS} citizens): ${resources.length} resources in ${seconds.toFixed(1)} s`,
      countByType(resources),
    );
    expect(resources.length).toBeGreaterThanOrEqual(200_000);
  }, 120_000);
});
