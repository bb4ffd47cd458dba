import type { Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { generateDemoDataset } from '../../../../../main/demo-backend/generator/dataset.ts';

const base = { seed: 5, anchor: '2026-11-26', citizens: 6, historyDays: 60 } as const;

function observationsBySubject(resources: readonly Resource[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const resource of resources) {
    if (resource.resourceType !== 'Observation') continue;
    const subject = resource.subject?.reference ?? '';
    counts.set(subject, (counts.get(subject) ?? 0) + 1);
  }
  return counts;
}

describe('the benchmark-only dense citizen', () => {
  it('adds measurements to that citizen only, deterministically, and leaves the rest as it was', () => {
    const plain = generateDemoDataset(base);
    const before = observationsBySubject(plain.resources);
    // The first citizen who measures at all (citizen index i is Patient/pat-(i+1)).
    const index = Array.from({ length: base.citizens }, (_, i) => i).find(
      (i) => (before.get(`Patient/pat-${i + 1}`) ?? 0) > 0,
    );
    if (index === undefined) throw new Error('no citizen measures in this dataset');
    const target = `Patient/pat-${index + 1}`;
    const dense = generateDemoDataset({ ...base, denseCitizen: { index, perDay: 4 } });
    const again = generateDemoDataset({ ...base, denseCitizen: { index, perDay: 4 } });
    expect(JSON.stringify(again.resources)).toBe(JSON.stringify(dense.resources));
    const after = observationsBySubject(dense.resources);
    expect(after.get(target) ?? 0).toBeGreaterThan((before.get(target) ?? 0) + 100);
    for (const [subject, count] of before)
      if (subject !== target) expect(after.get(subject), subject).toBe(count);
    // Not triaged: no extra Tasks or ClinicalImpressions.
    const count = (resources: readonly Resource[], type: string) =>
      resources.filter((resource) => resource.resourceType === type).length;
    expect(count(dense.resources, 'Task')).toBe(count(plain.resources, 'Task'));
    expect(count(dense.resources, 'ClinicalImpression')).toBe(
      count(plain.resources, 'ClinicalImpression'),
    );
  });

  it('refuses a citizen that does not exist or an absurd rate', () => {
    expect(() => generateDemoDataset({ ...base, denseCitizen: { index: 6, perDay: 4 } })).toThrow(
      RangeError,
    );
    expect(() => generateDemoDataset({ ...base, denseCitizen: { index: 0, perDay: 0 } })).toThrow(
      RangeError,
    );
  });
});
