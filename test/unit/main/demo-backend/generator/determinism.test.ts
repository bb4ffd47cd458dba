import { describe, expect, it } from 'vitest';
import { generateDemoDataset } from '../../../../../main/demo-backend/generator/dataset.ts';
import { ANCHOR, SEED, defaultDataset } from './fixture.ts';

describe('the demo dataset is deterministic', () => {
  it('gives byte-identical JSON for the same seed and anchor', () => {
    const again = generateDemoDataset({ seed: SEED, anchor: ANCHOR });
    expect(JSON.stringify(again)).toBe(JSON.stringify(defaultDataset()));
  });

  it('gives different citizens and measurements for another seed', () => {
    const a = generateDemoDataset({ seed: 1, anchor: ANCHOR, citizens: 20 });
    const b = generateDemoDataset({ seed: 2, anchor: ANCHOR, citizens: 20 });
    const cprs = (d: typeof a) =>
      d.resources.flatMap((r) =>
        r.resourceType === 'Patient' ? (r.identifier?.map((i) => i.value) ?? []) : [],
      );
    expect(cprs(a)).not.toEqual(cprs(b));
    expect(JSON.stringify(a.resources.filter((r) => r.resourceType === 'Observation'))).not.toBe(
      JSON.stringify(b.resources.filter((r) => r.resourceType === 'Observation')),
    );
  });

  it('moves every time with the anchor, so recent data stays recent', () => {
    const a = generateDemoDataset({ seed: 3, anchor: '2026-03-10', citizens: 5 });
    const b = generateDemoDataset({ seed: 3, anchor: '2026-06-10', citizens: 5 });
    const latest = (d: typeof a) =>
      Math.max(
        ...d.resources.flatMap((r) =>
          r.resourceType === 'Observation' && r.issued ? [Date.parse(r.issued)] : [],
        ),
      );
    expect(latest(a)).toBeLessThanOrEqual(Date.parse('2026-03-10T07:00:00Z'));
    expect(latest(a)).toBeGreaterThan(Date.parse('2026-03-08T00:00:00Z'));
    expect(latest(b)).toBeLessThanOrEqual(Date.parse('2026-06-10T06:00:00Z'));
    expect(latest(b)).toBeGreaterThan(Date.parse('2026-06-08T00:00:00Z'));
  });

  it('refuses options it cannot honour', () => {
    expect(() => generateDemoDataset({ seed: 1, anchor: '2026-02-30' })).toThrow();
    expect(() => generateDemoDataset({ seed: 1.5, anchor: ANCHOR })).toThrow();
    expect(() => generateDemoDataset({ seed: 1, anchor: ANCHOR, citizens: 0 })).toThrow();
  });
});
