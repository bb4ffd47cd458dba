/**
 * How a home measurement is modelled: the component models (baseline, noise,
 * drift, flare-up shift, artefacts), threshold helpers, a day's value, and
 * red/yellow/green under the thresholds in force.
 */
import type { ObservationCodeKey } from '../../../shared/fhir/observation-codes.ts';
import { ObservationCode } from '../../../shared/fhir/observation-codes.ts';
import type { Threshold, ThresholdLevel } from '../../../shared/fhir/reference-range.ts';
import type { ProgrammeKey } from './health-services.ts';
import type { Rng } from './random.ts';

export type MeasureKey = 'spo2' | 'pulse' | 'weight' | 'bp' | 'fev1' | 'cat' | 'steps';

export interface ComponentModel {
  readonly code: ObservationCodeKey;
  readonly baseline: number;
  readonly noise: number;
  readonly trendPerDay: number;
  /** Shift at the peak of an event (exacerbation, decompensation, pre-eclampsia). */
  readonly eventShift: number;
  readonly decimals: number;
  readonly min: number;
  readonly max: number;
  /** Where an artefact lands (cold finger, someone else on the scale, forgotten pedometer). */
  readonly artefact: readonly [number, number];
}

export interface MeasureDef {
  /** The Observation.code; a panel's values go in components. */
  readonly code: ObservationCodeKey;
  /** Local hour the citizen usually measures. */
  readonly hour: number;
  /** Typed in by the citizen rather than sent by the device. */
  readonly manual: boolean;
  /** May be measured outside the schedule (ehealth-include-as-extra). */
  readonly includeAsExtra: boolean;
  models(rng: Rng, programme: ProgrammeKey): ComponentModel[];
  thresholds(programme: ProgrammeKey, baselines: readonly number[], revision: number): Threshold[];
}

export const clamp = (value: number, min: number, max: number): number =>
  Math.max(min, Math.min(max, value));
/** Rounds to `decimals` places; negative decimals round to tens, hundreds … */
export const round = (value: number, decimals: number): number => {
  if (decimals < 0) {
    const step = 10 ** -decimals;
    return Math.round(value / step) * step;
  }
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

/** One red or yellow range, for a measure or (in a panel) one of its components. */
export function range(
  code: ObservationCodeKey,
  level: ThresholdLevel,
  low: number | undefined,
  high: number | undefined,
  component?: ObservationCodeKey,
): Threshold {
  const unit = ObservationCode[component ?? code].unit;
  if (!unit) throw new Error(`no unit for ${code}`);
  return {
    level,
    unit,
    ...(low !== undefined ? { low } : {}),
    ...(high !== undefined ? { high } : {}),
    ...(component ? { component } : {}),
  };
}

export function model(code: ObservationCodeKey, m: Omit<ComponentModel, 'code'>): ComponentModel {
  return { code, ...m };
}

/** The first baseline (single-value measures). */
export const first = (values: readonly number[]): number => values[0] ?? 0;

/** A component's value on a day: baseline, drift, event shift and noise, kept plausible. */
export function componentValue(
  m: ComponentModel,
  rng: Rng,
  day: number,
  eventLevel: number,
): number {
  const raw = m.baseline + m.trendPerDay * day + m.eventShift * eventLevel + rng.normal(0, m.noise);
  return round(clamp(raw, m.min, m.max), m.decimals);
}

/** Red, yellow or green for a value (or a panel's values) under the thresholds in force. */
export function classify(
  values: readonly (readonly [ObservationCodeKey, number])[],
  thresholds: readonly Threshold[],
): 'red' | 'yellow' | 'green' {
  let worst: 'red' | 'yellow' | 'green' = 'green';
  for (const t of thresholds) {
    for (const [code, value] of values) {
      if (t.component && t.component !== code) continue;
      const outside =
        (t.low !== undefined && value < t.low) || (t.high !== undefined && value > t.high);
      if (!outside) continue;
      if (t.level === 'red') return 'red';
      worst = 'yellow';
    }
  }
  return worst;
}
