import { copenhagenParts } from '../../../shared/format/datetime.ts';
import type { MeasurementSeries, ThresholdBand } from '../../data/model/series.ts';

/**
 * The pure part of the measurement charts: scales, the lines (broken where
 * measurements are missing), threshold bands and the dd.mm axis. No DOM, so
 * it is tested in Node.
 */

export interface ChartBox {
  readonly width: number;
  readonly height: number;
  /** Room for the value labels on the left and the date labels below. */
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export const CHART_BOX: ChartBox = {
  width: 320,
  height: 150,
  left: 44,
  right: 8,
  top: 8,
  bottom: 22,
};

const DAY_MS = 86_400_000;

export interface Domain {
  readonly min: number;
  readonly max: number;
}

/**
 * The value range to draw: every value, and the threshold limits near them
 * (a limit far outside the values would squash the line, so only limits
 * within the values' spread, or 15 % of their size, count). Padded by 8 %.
 */
export function valueDomain(series: MeasurementSeries): Domain | null {
  const values = series.points.flatMap((point) =>
    point.values.filter((value): value is number => value !== null),
  );
  const limits = series.lines.flatMap((line) =>
    line.thresholds.flatMap((band) => [band.low, band.high].filter((v): v is number => v !== null)),
  );
  let min: number;
  let max: number;
  if (values.length > 0) {
    min = Math.min(...values);
    max = Math.max(...values);
    const reach = Math.max(max - min, Math.abs(max) * 0.15);
    for (const limit of limits) {
      if (limit >= min - reach && limit <= max + reach) {
        min = Math.min(min, limit);
        max = Math.max(max, limit);
      }
    }
  } else if (limits.length > 0) {
    min = Math.min(...limits);
    max = Math.max(...limits);
  } else {
    return null;
  }
  if (min === max) {
    const pad = Math.max(Math.abs(min) * 0.05, 1);
    return { min: min - pad, max: max + pad };
  }
  const pad = (max - min) * 0.08;
  return { min: min - pad, max: max + pad };
}

export interface Scales {
  x(ms: number): number;
  y(value: number): number;
}

export function scales(box: ChartBox, fromMs: number, toMs: number, domain: Domain): Scales {
  const plotWidth = box.width - box.left - box.right;
  const plotHeight = box.height - box.top - box.bottom;
  const span = Math.max(toMs - fromMs, 1);
  const range = Math.max(domain.max - domain.min, Number.EPSILON);
  return {
    x: (ms) => box.left + ((ms - fromMs) / span) * plotWidth,
    y: (value) => box.top + (1 - (value - domain.min) / range) * plotHeight,
  };
}

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * SVG path data for one line: points joined in time order, a new subpath
 * (a gap) wherever two neighbours are further apart than `gapMs` or a value
 * is missing. A lone point between gaps is drawn by the point markers only.
 */
export function linePath(series: MeasurementSeries, lineIndex: number, scale: Scales): string {
  const parts: string[] = [];
  let previous: number | null = null;
  for (const point of series.points) {
    const value = point.values[lineIndex];
    const time = Date.parse(point.effective);
    if (value === null || value === undefined) {
      previous = null;
      continue;
    }
    const joined = previous !== null && time - previous <= series.gapMs;
    parts.push(`${joined ? 'L' : 'M'}${round(scale.x(time))},${round(scale.y(value))}`);
    previous = time;
  }
  return parts.join('');
}

/** Indices of points joined to neither neighbour: the path alone would not show them. */
export function isolatedPoints(series: MeasurementSeries, lineIndex: number): Set<number> {
  const present = series.points.map((point) => {
    const value = point.values[lineIndex];
    return value !== null && value !== undefined;
  });
  const times = series.points.map((point) => Date.parse(point.effective));
  const joins = (a: number, b: number) =>
    present[a] === true && present[b] === true && (times[b] ?? 0) - (times[a] ?? 0) <= series.gapMs;
  const isolated = new Set<number>();
  for (let i = 0; i < series.points.length; i++) {
    if (!present[i]) continue;
    if (!(i > 0 && joins(i - 1, i)) && !(i + 1 < series.points.length && joins(i, i + 1)))
      isolated.add(i);
  }
  return isolated;
}

/** How many gaps a line has (neighbours too far apart, or missing values between values). */
export function gapCount(series: MeasurementSeries, lineIndex: number): number {
  let gaps = 0;
  let previous: number | null = null;
  let brokenSince = false;
  for (const point of series.points) {
    const value = point.values[lineIndex];
    const time = Date.parse(point.effective);
    if (value === null || value === undefined) {
      brokenSince = previous !== null;
      continue;
    }
    if (previous !== null && (brokenSince || time - previous > series.gapMs)) gaps++;
    previous = time;
    brokenSince = false;
  }
  return gaps;
}

export interface BandRect {
  readonly level: ThresholdBand['level'];
  readonly y: number;
  readonly height: number;
}

/**
 * The shaded zones of a single-value chart: red outside the red range,
 * yellow between the red and the yellow limits; clipped to the plot.
 */
export function bandRects(
  bands: readonly ThresholdBand[],
  domain: Domain,
  scale: Scales,
): BandRect[] {
  const red = bands.find((band) => band.level === 'red');
  const yellow = bands.find((band) => band.level === 'yellow');
  const rects: BandRect[] = [];
  const zone = (level: BandRect['level'], low: number, high: number) => {
    const lo = Math.max(low, domain.min);
    const hi = Math.min(high, domain.max);
    if (hi <= lo) return;
    const top = scale.y(hi);
    rects.push({ level, y: round(top), height: round(scale.y(lo) - top) });
  };
  if (red?.low !== null && red?.low !== undefined) zone('red', domain.min, red.low);
  if (red?.high !== null && red?.high !== undefined) zone('red', red.high, domain.max);
  if (yellow?.low !== null && yellow?.low !== undefined)
    zone('yellow', red?.low ?? domain.min, yellow.low);
  if (yellow?.high !== null && yellow?.high !== undefined)
    zone('yellow', yellow.high, red?.high ?? domain.max);
  return rects;
}

/**
 * Danish midnights in [fromMs, toMs], every `everyDays` days counted back
 * from the last midnight of the period (so today's date is always labelled).
 */
export function dayTicks(fromMs: number, toMs: number, everyDays = 7): number[] {
  const ticks: number[] = [];
  let cursor = danishMidnight(toMs);
  while (cursor >= fromMs) {
    ticks.unshift(cursor);
    // Half a day of slack absorbs the 23- and 25-hour days of summer time.
    cursor = danishMidnight(cursor - (everyDays - 0.5) * DAY_MS);
  }
  return ticks;
}

/** The instant of midnight in Copenhagen on the Danish calendar day holding `ms`. */
export function danishMidnight(ms: number): number {
  const parts = copenhagenParts(ms);
  if (!parts) return ms;
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day));
  // Copenhagen is UTC+1 in winter, UTC+2 in summer: take the offset whose midnight reads 00 that day.
  for (const offsetHours of [1, 2]) {
    const candidate = wall - offsetHours * 3_600_000;
    const check = copenhagenParts(candidate);
    if (check?.hour === '00' && check.day === parts.day) return candidate;
  }
  return wall - 3_600_000;
}

/** dd.mm in Danish time. */
export function dayMonth(ms: number): string {
  const parts = copenhagenParts(ms);
  return parts ? `${parts.day}.${parts.month}` : '';
}

/** Two to five round value labels inside the domain. */
export function valueTicks(domain: Domain): number[] {
  const span = domain.max - domain.min;
  const step = niceStep(span / 4);
  const first = Math.ceil(domain.min / step) * step;
  const ticks: number[] = [];
  for (let value = first; value <= domain.max + step * 1e-9; value += step)
    ticks.push(Number(value.toFixed(10)));
  return ticks;
}

function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice =
    fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}
