import { describe, expect, it } from 'vitest';
import type { MeasurementSeries } from '../../../../../renderer/data/model/series.ts';
import {
  bandRects,
  CHART_BOX,
  danishMidnight,
  dayMonth,
  dayTicks,
  gapCount,
  isolatedPoints,
  linePath,
  scales,
  valueDomain,
  valueTicks,
} from '../../../../../renderer/features/citizen/chartGeometry.ts';

const DAY = 86_400_000;
const series = (values: [number, number | null][], gapMs = 1.5 * DAY): MeasurementSeries => ({
  id: 'x|y',
  codeKey: 'weight',
  codeText: '',
  unit: 'kg',
  lines: [
    {
      componentKey: null,
      componentText: '',
      thresholds: [
        { level: 'red', low: 60, high: 100 },
        { level: 'yellow', low: 70, high: 90 },
      ],
    },
  ],
  points: values.map(([day, value], i) => ({
    observationId: `o${i}`,
    effective: new Date(Date.UTC(2026, 10, 1 + day, 7)).toISOString(),
    values: [value],
    flag: null,
  })),
  gapMs,
  planned: true,
});

describe('chart geometry', () => {
  it('breaks the line where days are missing and where a value is missing', () => {
    const s = series([
      [0, 80],
      [1, 81],
      [5, 82],
      [6, null],
      [7, 83],
      [8, 84],
    ]);
    const domain = valueDomain(s);
    expect(domain).not.toBeNull();
    if (!domain) return;
    const scale = scales(CHART_BOX, Date.UTC(2026, 10, 1), Date.UTC(2026, 10, 10), domain);
    const path = linePath(s, 0, scale);
    expect(path.match(/M/g)).toHaveLength(3);
    expect(path.match(/L/g)).toHaveLength(2);
    expect(gapCount(s, 0)).toBe(2);
    // Day 5 stands alone between two gaps: only a marker can show it.
    expect([...isolatedPoints(s, 0)]).toEqual([2]);
  });

  it('includes threshold limits near the values in the domain, not far ones', () => {
    const near = valueDomain(
      series([
        [0, 80],
        [1, 85],
      ]),
    );
    // Yellow limits (70, 90) are near 80–85 and drawn; red ones (60, 100) would squash the line.
    expect(near?.min).toBeLessThan(70);
    expect(near?.max).toBeGreaterThan(90);
    expect(near?.min).toBeGreaterThan(60);
    expect(near?.max).toBeLessThan(100);
    const far = valueDomain({
      ...series([
        [0, 80],
        [1, 81],
      ]),
      lines: [
        {
          componentKey: null,
          componentText: '',
          thresholds: [{ level: 'red', low: 7300, high: null }],
        },
      ],
    });
    expect(far?.max).toBeLessThan(100);
    expect(valueDomain({ ...series([]), lines: [] })).toBeNull();
  });

  it('shades red outside the red range and yellow between the limits', () => {
    const s = series([[0, 80]]);
    const domain = { min: 50, max: 110 };
    const scale = scales(CHART_BOX, 0, DAY, domain);
    const rects = bandRects(s.lines[0]?.thresholds ?? [], domain, scale);
    expect(rects.map((r) => r.level)).toEqual(['red', 'red', 'yellow', 'yellow']);
    for (const rect of rects) expect(rect.height).toBeGreaterThan(0);
    // Red below 60 lies below (larger y than) yellow between 60 and 70.
    expect(rects[0]?.y).toBeGreaterThan(rects[2]?.y ?? Infinity);
  });

  it('labels days dd.mm at Danish midnight, summer and winter', () => {
    expect(dayMonth(Date.parse('2026-11-25T23:30:00Z'))).toBe('26.11');
    expect(new Date(danishMidnight(Date.parse('2026-11-26T12:00:00Z'))).toISOString()).toBe(
      '2026-11-25T23:00:00.000Z',
    );
    expect(new Date(danishMidnight(Date.parse('2026-07-01T12:00:00Z'))).toISOString()).toBe(
      '2026-06-30T22:00:00.000Z',
    );
    const ticks = dayTicks(Date.parse('2026-10-27T12:00:00Z'), Date.parse('2026-11-26T12:00:00Z'));
    expect(ticks.map(dayMonth)).toEqual(['29.10', '05.11', '12.11', '19.11', '26.11']);
  });

  it('picks round value labels inside the domain', () => {
    const ticks = valueTicks({ min: 61.3, max: 98.2 });
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    for (const tick of ticks) {
      expect(tick).toBeGreaterThanOrEqual(61.3);
      expect(tick).toBeLessThanOrEqual(98.2);
      expect(tick % 5).toBe(0);
    }
  });
});
