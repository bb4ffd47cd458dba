/**
 * What is measured at home, how each value behaves per programme
 * (baseline, day-to-day noise, drift, the shift an exacerbation or
 * decompensation brings, artefacts) and the red/yellow thresholds a clinician
 * would set around the citizen's own baseline. Revision 1 is the
 * adjustment made mid-series.
 */
import type { MeasureDef, MeasureKey } from './measure-model.ts';
import { clamp, first, model, range, round } from './measure-model.ts';

export const MEASURES: Readonly<Record<MeasureKey, MeasureDef>> = {
  spo2: {
    code: 'oxygenSaturation',
    hour: 8,
    manual: false,
    includeAsExtra: true,
    models: (rng, programme) => {
      const copd = programme === 'copd';
      const baseline = round(
        clamp(rng.normal(copd ? 93.5 : 96, 1.2), copd ? 90.5 : 93, copd ? 96.5 : 99),
        1,
      );
      return [
        model('oxygenSaturation', {
          baseline,
          noise: 0.9,
          trendPerDay: 0,
          eventShift: copd ? -5.5 : -3,
          decimals: 0,
          min: 70,
          max: 100,
          artefact: [72, 81],
        }),
      ];
    },
    thresholds: (_programme, baselines, revision) => {
      const b = Math.round(first(baselines));
      // A revision lowers both limits a point: the citizen's habitual level proved lower.
      const widen = revision > 0 ? 1 : 0;
      return [
        range('oxygenSaturation', 'red', Math.min(92, b - 5) - widen, undefined),
        range('oxygenSaturation', 'yellow', Math.min(94, b - 3) - widen, undefined),
      ];
    },
  },
  pulse: {
    code: 'pulse',
    hour: 8,
    manual: false,
    includeAsExtra: true,
    models: (rng, programme) => {
      const shift = programme === 'copd' ? 18 : programme === 'heart-failure' ? 14 : 0;
      const baseline = round(clamp(rng.normal(76, 8), 55, 95), 0);
      return [
        model('pulse', {
          baseline,
          noise: 4,
          trendPerDay: 0,
          eventShift: shift,
          decimals: 0,
          min: 35,
          max: 180,
          artefact: [138, 168],
        }),
      ];
    },
    thresholds: (programme, _baselines, revision) => {
      const hf = programme === 'heart-failure';
      const up = revision > 0 ? 10 : 0;
      return [
        range('pulse', 'red', 40, 120 + up),
        range('pulse', 'yellow', hf ? 45 : 50, (hf ? 95 : 100) + up),
      ];
    },
  },
  weight: {
    code: 'weight',
    hour: 7,
    manual: false,
    includeAsExtra: true,
    models: (rng, programme) => {
      const mean =
        programme === 'pregnancy'
          ? 70
          : programme === 'diabetes'
            ? 96
            : programme === 'copd'
              ? 72
              : 84;
      const baseline = round(clamp(rng.normal(mean, 12), 45, 150), 1);
      const trend =
        programme === 'pregnancy'
          ? 0.065
          : programme === 'diabetes'
            ? rng.between(-0.035, 0.005)
            : programme === 'copd'
              ? -0.004
              : 0;
      const shift =
        programme === 'heart-failure'
          ? rng.between(2.6, 4)
          : programme === 'copd'
            ? -1.2
            : programme === 'pregnancy'
              ? 2.5
              : 0;
      return [
        model('weight', {
          baseline,
          noise: 0.35,
          trendPerDay: trend,
          eventShift: shift,
          decimals: 1,
          min: 35,
          max: 200,
          artefact: [baseline - 30, baseline - 18],
        }),
      ];
    },
    thresholds: (programme, baselines) => {
      // The dry (or reference) weight is re-based at a revision: `baselines` are taken at the change.
      const d = first(baselines);
      const [redLow, yellowLow, yellowHigh, redHigh] =
        programme === 'heart-failure'
          ? [4, 2.5, 1.5, 2.5]
          : programme === 'pregnancy'
            ? [5, 3, 12, 16]
            : programme === 'diabetes'
              ? [8, 5, 4, 6]
              : [6, 3.5, 4, 6];
      return [
        range('weight', 'red', round(d - redLow, 1), round(d + redHigh, 1)),
        range('weight', 'yellow', round(d - yellowLow, 1), round(d + yellowHigh, 1)),
      ];
    },
  },
  bp: {
    code: 'homeBloodPressure',
    hour: 9,
    manual: false,
    includeAsExtra: false,
    models: (rng, programme) => {
      const [sys, dia, trend, shiftSys, shiftDia] =
        programme === 'pregnancy'
          ? [114, 72, 0.02, 38, 22]
          : programme === 'diabetes'
            ? [142, 86, -0.04, 0, 0]
            : programme === 'heart-failure'
              ? [122, 74, 0, -8, -4]
              : [132, 80, 0, 6, 3];
      const systolic = round(clamp(rng.normal(sys, 9), 95, 165), 0);
      const diastolic = round(clamp(rng.normal(dia, 6), 55, 100), 0);
      return [
        model('systolic', {
          baseline: systolic,
          noise: 7,
          trendPerDay: trend,
          eventShift: shiftSys,
          decimals: 0,
          min: 60,
          max: 240,
          artefact: [195, 215],
        }),
        model('diastolic', {
          baseline: diastolic,
          noise: 5,
          trendPerDay: trend / 2,
          eventShift: shiftDia,
          decimals: 0,
          min: 35,
          max: 140,
          artefact: [40, 48],
        }),
      ];
    },
    thresholds: (programme, _baselines, revision) => {
      const tighter = revision > 0 ? -10 : 0;
      const c = 'homeBloodPressure';
      if (programme === 'pregnancy')
        return [
          range(c, 'red', 85, 160, 'systolic'),
          range(c, 'yellow', 95, 140 + tighter, 'systolic'),
          range(c, 'red', 45, 110, 'diastolic'),
          range(c, 'yellow', 55, 90 + tighter / 2, 'diastolic'),
        ];
      const hf = programme === 'heart-failure';
      return [
        range(c, 'red', hf ? 80 : 85, 180, 'systolic'),
        range(c, 'yellow', hf ? 90 : 95, (hf ? 150 : 160) + tighter, 'systolic'),
        range(c, 'red', 45, 110, 'diastolic'),
        range(c, 'yellow', 55, 100 + tighter / 2, 'diastolic'),
      ];
    },
  },
  fev1: {
    code: 'fev1',
    hour: 10,
    manual: true,
    includeAsExtra: false,
    models: (rng) => {
      const baseline = round(clamp(rng.normal(1.5, 0.35), 0.7, 2.6), 2);
      return [
        model('fev1', {
          baseline,
          noise: 0.07,
          trendPerDay: -0.0004,
          eventShift: -0.32,
          decimals: 2,
          min: 0.2,
          max: 5,
          artefact: [0.25, 0.45],
        }),
      ];
    },
    thresholds: (_programme, baselines, revision) => {
      const b = first(baselines);
      const [red, yellow] = revision > 0 ? [0.65, 0.75] : [0.7, 0.8];
      return [
        range('fev1', 'red', round(b * red, 2), undefined),
        range('fev1', 'yellow', round(b * yellow, 2), undefined),
      ];
    },
  },
  cat: {
    code: 'catScore',
    hour: 11,
    manual: true,
    includeAsExtra: false,
    models: (rng) => {
      const baseline = round(clamp(rng.normal(16, 5), 6, 28), 0);
      return [
        model('catScore', {
          baseline,
          noise: 2,
          trendPerDay: 0,
          eventShift: 9,
          decimals: 0,
          min: 0,
          max: 40,
          artefact: [38, 40],
        }),
      ];
    },
    thresholds: (_programme, baselines, revision) => {
      const b = first(baselines);
      const up = revision > 0 ? 2 : 0;
      return [
        range('catScore', 'red', undefined, Math.min(40, Math.max(24, b + 12) + up)),
        range('catScore', 'yellow', undefined, Math.min(36, Math.max(18, b + 6) + up)),
      ];
    },
  },
  steps: {
    code: 'stepsPerWeek',
    hour: 20,
    manual: true,
    includeAsExtra: false,
    models: (rng) => {
      const baseline = round(clamp(rng.normal(38_000, 10_000), 12_000, 70_000), 0);
      return [
        model('stepsPerWeek', {
          baseline,
          noise: 4_000,
          trendPerDay: 25,
          eventShift: 0,
          decimals: 0,
          min: 0,
          max: 200_000,
          artefact: [0, 600],
        }),
      ];
    },
    thresholds: (_programme, baselines, revision) => {
      const b = first(baselines);
      const [red, yellow] = revision > 0 ? [0.3, 0.5] : [0.35, 0.6];
      return [
        range('stepsPerWeek', 'red', round(b * red, -2), undefined),
        range('stepsPerWeek', 'yellow', round(b * yellow, -2), undefined),
      ];
    },
  },
};
