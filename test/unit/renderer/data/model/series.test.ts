import type {
  CarePlan,
  Coding,
  ObservationComponent,
  ObservationReferenceRange,
  ServiceRequest,
  Timing,
} from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import type { MeasuredObservation } from '../../../../../renderer/data/model/measurements.ts';
import {
  expectedIntervalMs,
  measurementSeries,
  type SeriesResources,
} from '../../../../../renderer/data/model/series.ts';
import { toCoding } from '../../../../../shared/fhir/coding.ts';
import {
  ObservationCode,
  type ObservationCodeKey,
} from '../../../../../shared/fhir/observation-codes.ts';
import {
  observationReferenceRange,
  referenceRangeExtension,
} from '../../../../../shared/fhir/reference-range.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FROM = '2026-11-01T00:00:00Z';
const TO = '2026-11-29T00:00:00Z';
/** A time `days` after the period's start (fractions allowed). */
const at = (days: number) => new Date(Date.parse(FROM) + days * DAY).toISOString();
const coding = (key: ObservationCodeKey): Coding => toCoding(ObservationCode[key]);
const unknownCoding: Coding = { system: 'urn:lab', code: 'X1', display: 'Anden måling' };
const kg = ObservationCode.weight.unit ?? { system: '', code: '', print: '' };

const measured = (
  id: string,
  codings: Coding[],
  time: string,
  extra: Partial<MeasuredObservation> = {},
): MeasuredObservation => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: codings },
  effectiveDateTime: time,
  ...extra,
});
const weight = (
  id: string,
  day: number,
  value?: number,
  extra: Partial<MeasuredObservation> = {},
) =>
  measured(id, [coding('weight')], at(day), {
    ...(value === undefined ? {} : { valueQuantity: { value, unit: 'kg' } }),
    ...extra,
  });
const component = (codings: Coding[], value?: number, text?: string): ObservationComponent => ({
  code: { coding: codings, ...(text ? { text } : {}) },
  ...(value === undefined ? {} : { valueQuantity: { value } }),
});
const request = (
  id: string,
  key: ObservationCodeKey,
  extra: Partial<ServiceRequest> = {},
): ServiceRequest => ({
  resourceType: 'ServiceRequest',
  id,
  status: 'active',
  intent: 'order',
  subject: { reference: 'Patient/p1' },
  code: { coding: [coding(key)] },
  ...extra,
});
const plan = (
  id: string,
  requestIds: string[],
  status: CarePlan['status'] = 'active',
): CarePlan => ({
  resourceType: 'CarePlan',
  id,
  status,
  intent: 'plan',
  subject: { reference: 'Patient/p1' },
  activity: requestIds.map((requestId) => ({
    reference: { reference: `ServiceRequest/${requestId}` },
  })),
});
const series = (resources: Partial<SeriesResources>) =>
  measurementSeries(
    { observations: [], carePlans: [], serviceRequests: [], ...resources },
    FROM,
    TO,
  );

describe('expectedIntervalMs', () => {
  it.each<[string, Timing['repeat'], number | null]>([
    ['once a day', { frequency: 1, period: 1, periodUnit: 'd' }, DAY],
    ['once a day without a frequency', { period: 1, periodUnit: 'd' }, DAY],
    ['a frequency of 0 as once', { frequency: 0, period: 2, periodUnit: 'h' }, 2 * HOUR],
    ['a negative frequency as once', { frequency: -2, period: 2, periodUnit: 'h' }, 2 * HOUR],
    ['every 30 minutes', { frequency: 1, period: 30, periodUnit: 'min' }, 30 * 60_000],
    [
      'weekly on one weekday',
      { frequency: 1, period: 1, periodUnit: 'wk', dayOfWeek: ['mon'] },
      7 * DAY,
    ],
    ['weekly without weekdays', { frequency: 1, period: 1, periodUnit: 'wk' }, 7 * DAY],
    [
      'twice on each of two weekdays',
      { frequency: 2, period: 1, periodUnit: 'wk', dayOfWeek: ['mon', 'thu'] },
      1.75 * DAY,
    ],
    ['monthly as 30 days', { frequency: 1, period: 1, periodUnit: 'mo' }, 30 * DAY],
    ['no schedule without a period', { frequency: 1, periodUnit: 'd' }, null],
    ['no schedule without a unit', { frequency: 1, period: 1 }, null],
    [
      'no schedule for a unit it does not know',
      { frequency: 1, period: 1, periodUnit: 'xyz' as 'd' },
      null,
    ],
    ['no schedule without a repeat', undefined, null],
  ])('reads %s', (_case, repeat, interval) => {
    expect(expectedIntervalMs(repeat ? { repeat } : {})).toBe(interval);
  });
});

describe('measurementSeries: which measurements', () => {
  it('takes a measurement at the period’s start and leaves one at its end to the next period', () => {
    const [w] = series({
      observations: [weight('start', 0, 80), weight('end', 28, 81), weight('inside', 27.9, 82)],
    });
    expect(w?.points.map((point) => point.observationId)).toEqual(['start', 'inside']);
  });

  it('draws each value as a point, oldest first, same-time points by id', () => {
    const observations = [weight('b', 2, 81), weight('c', 1, 79), weight('a', 2, 80)];
    for (const arrived of [observations, [...observations].reverse()]) {
      const [w] = series({ observations: arrived });
      expect(w?.points.map((point) => [point.observationId, point.values])).toEqual([
        ['c', [79]],
        ['a', [80]],
        ['b', [81]],
      ]);
    }
  });

  it('copes with a measurement without id', () => {
    const [w] = series({ observations: [weight('', 1, 80, { id: undefined })] });
    expect(w?.points[0]?.observationId).toBe('');
  });

  it('keeps a measurement without a value as a point without one, on one plain line', () => {
    const [w] = series({ observations: [weight('none', 1), weight('v', 2, 80)] });
    expect(w?.lines).toEqual([{ componentKey: null, componentText: '', thresholds: [] }]);
    expect(w?.points.map((point) => point.values)).toEqual([[null], [80]]);
  });

  it('draws a type measured both as a value and as components as one plain line', () => {
    const [x] = series({
      observations: [
        measured('a', [unknownCoding], at(1), { component: [component([unknownCoding], 5)] }),
        measured('b', [unknownCoding], at(2), { valueQuantity: { value: 7 } }),
      ],
    });
    expect(x?.lines).toHaveLength(1);
    expect(x?.points.map((point) => point.values)).toEqual([[null], [7]]);
  });
});

describe('measurementSeries: panels', () => {
  it('draws a panel of unknown codes as one line per component, named by the record', () => {
    const [panel] = series({
      observations: [
        measured('a', [unknownCoding], at(1), {
          component: [component([{ code: 'L' }], 3, 'Venstre'), component([coding('pulse')], 60)],
        }),
        measured('b', [unknownCoding], at(2), {
          component: [component([{ code: 'R' }], 4, 'Højre')],
        }),
      ],
    });
    expect(panel?.lines.map((line) => [line.componentKey, line.componentText])).toEqual([
      [null, 'Venstre'],
      ['pulse', ''],
      [null, 'Højre'],
    ]);
    expect(panel?.points.map((point) => point.values)).toEqual([
      [3, 60, null],
      [null, null, 4],
    ]);
  });

  it('shows a component without a value as a gap, and takes the unit from the code', () => {
    const [bp] = series({
      observations: [
        measured('a', [coding('homeBloodPressure')], at(1), {
          component: [component([coding('systolic')]), component([coding('diastolic')], 80)],
        }),
      ],
    });
    expect(bp?.lines.map((line) => [line.componentKey, line.componentText])).toEqual([
      ['systolic', ''],
      ['diastolic', ''],
    ]);
    expect(bp?.points[0]?.values).toEqual([null, 80]);
    expect(bp?.unit).toBe('mmHg');
  });

  it('shows a blood pressure recorded without components as a point without values', () => {
    const [bp] = series({ observations: [measured('a', [coding('homeBloodPressure')], at(1))] });
    expect(bp?.points[0]?.values).toEqual([null, null]);
  });
});

describe('measurementSeries: unit', () => {
  it.each<[string, MeasuredObservation[], string]>([
    [
      'the oldest measurement’s unit',
      [weight('a', 1, 80, { valueQuantity: { value: 80, unit: 'kilo' } }), weight('b', 2, 81)],
      'kilo',
    ],
    [
      'the code’s print unit when the value has none',
      [weight('a', 1, 80, { valueQuantity: { value: 80 } })],
      'kg',
    ],
    [
      'the first component’s unit',
      [
        measured('a', [unknownCoding], at(1), {
          component: [{ ...component([unknownCoding], 2), valueQuantity: { value: 2, unit: 'l' } }],
        }),
      ],
      'l',
    ],
    [
      'the code’s print unit under an empty component list',
      [weight('a', 1, 80, { valueQuantity: { value: 80 }, component: [] })],
      'kg',
    ],
    [
      'nothing for an unknown code without a unit',
      [measured('a', [unknownCoding], at(1), { valueQuantity: { value: 2 } })],
      '',
    ],
  ])('shows %s', (_case, observations, unit) => {
    expect(series({ observations })[0]?.unit).toBe(unit);
  });
});

describe('measurementSeries: thresholds', () => {
  const red = (low?: number, high?: number) =>
    observationReferenceRange({ level: 'red', low, high, unit: kg });
  const yellow = (low?: number, high?: number) =>
    observationReferenceRange({ level: 'yellow', low, high, unit: kg });
  const thresholdsOf = (referenceRange: ObservationReferenceRange[]) =>
    series({ observations: [weight('a', 1, 80, { referenceRange })] })[0]?.lines[0]?.thresholds;

  it('draws red under yellow, whatever order the ranges are in, and open-ended ranges as such', () => {
    expect(thresholdsOf([red(60), yellow(undefined, 90), red(undefined, 100)])).toEqual([
      { level: 'red', low: 60, high: null },
      { level: 'red', low: null, high: 100 },
      { level: 'yellow', low: null, high: 90 },
    ]);
    expect(thresholdsOf([yellow(70, 90), red(65, 95)])).toEqual([
      { level: 'red', low: 65, high: 95 },
      { level: 'yellow', low: 70, high: 90 },
    ]);
  });

  it('leaves out a range without limits or without a level', () => {
    expect(thresholdsOf([red(), { low: { value: 60 } }, yellow(70)])).toEqual([
      { level: 'yellow', low: 70, high: null },
    ]);
  });

  it('takes the newest measurement’s ranges when no plan names the type', () => {
    const [w] = series({
      observations: [
        weight('new', 2, 80, { referenceRange: [red(60)] }),
        weight('old', 1, 80, { referenceRange: [red(50)] }),
      ],
    });
    expect(w?.lines[0]?.thresholds).toEqual([{ level: 'red', low: 60, high: null }]);
  });

  it('takes the plan’s ranges over the measurements’ copies', () => {
    const [w] = series({
      observations: [weight('a', 1, 80, { referenceRange: [red(50)] })],
      carePlans: [plan('cp', ['sr'])],
      serviceRequests: [
        request('sr', 'weight', {
          extension: [referenceRangeExtension({ level: 'red', low: 60, unit: kg })],
        }),
      ],
    });
    expect(w?.lines[0]?.thresholds).toEqual([{ level: 'red', low: 60, high: null }]);
  });

  it('draws a planned type without values as one line with the plan’s thresholds', () => {
    const [w] = series({
      carePlans: [plan('cp', ['sr'])],
      serviceRequests: [
        request('sr', 'weight', {
          extension: [referenceRangeExtension({ level: 'yellow', high: 90, unit: kg })],
        }),
      ],
    });
    expect(w).toMatchObject({
      planned: true,
      points: [],
      lines: [
        {
          componentKey: null,
          componentText: '',
          thresholds: [{ level: 'yellow', low: null, high: 90 }],
        },
      ],
    });
  });
});

describe('measurementSeries: the plan', () => {
  it('uses the newest active request of a type, whatever order they came in', () => {
    const older = request('sr-old', 'weight', {
      authoredOn: '2026-09-01',
      occurrenceTiming: { repeat: { frequency: 1, period: 1, periodUnit: 'wk' } },
    });
    const newer = request('sr-new', 'weight', {
      authoredOn: '2026-10-01',
      occurrenceTiming: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
    });
    const undated = request('sr-undated', 'weight', {
      occurrenceTiming: { repeat: { frequency: 1, period: 1, periodUnit: 'h' } },
    });
    for (const ids of [
      ['sr-old', 'sr-new', 'sr-undated'],
      ['sr-undated', 'sr-new', 'sr-old'],
    ]) {
      const [w] = series({
        carePlans: [plan('cp', ids)],
        serviceRequests: [older, newer, undated],
      });
      expect(w?.gapMs).toBe(1.5 * DAY + 6 * HOUR);
    }
  });

  it('lists planned types in plan order (plans by id), then the others by their newest value', () => {
    const plans = [plan('cp-b', ['sr-c', 'sr-w']), plan('cp-a', ['sr-w', 'sr-m'])];
    for (const carePlans of [plans, [...plans].reverse()]) {
      const result = series({
        observations: [
          measured('t', [coding('bodyTemperature')], at(3), { valueQuantity: { value: 37 } }),
          measured('s', [coding('oxygenSaturation')], at(5), { valueQuantity: { value: 95 } }),
          measured('f', [coding('fev1')], at(4), { valueQuantity: { value: 2 } }),
          measured('p', [coding('pulse')], at(5), { valueQuantity: { value: 60 } }),
        ],
        carePlans,
        serviceRequests: [
          request('sr-w', 'weight'),
          request('sr-m', 'mrcScale'),
          request('sr-c', 'catScore'),
        ],
      });
      expect(result.map((item) => [item.codeKey, item.planned])).toEqual([
        ['weight', true],
        ['mrcScale', true],
        ['catScore', true],
        // Saturation and pulse measured at the same time: by id (system|code).
        ['oxygenSaturation', false],
        ['pulse', false],
        ['fev1', false],
        ['bodyTemperature', false],
      ]);
    }
  });

  it.each<[string, CarePlan[], ServiceRequest[]]>([
    ['a draft request', [plan('cp', ['sr'])], [request('sr', 'weight', { status: 'draft' })]],
    [
      'a request without a code',
      [plan('cp', ['sr'])],
      [request('sr', 'weight', { code: undefined })],
    ],
    ['a request the plan does not refer to', [plan('cp', [])], [request('sr', 'weight')]],
    [
      'a request on a foreign server',
      [plan('cp', ['https://x/fhir/ServiceRequest/sr'])],
      [request('sr', 'weight')],
    ],
    [
      'an activity without a reference',
      [{ ...plan('cp', []), activity: [{ detail: { status: 'in-progress' } }] }],
      [request('sr', 'weight')],
    ],
  ])('plans nothing for %s', (_case, carePlans, serviceRequests) => {
    expect(series({ carePlans, serviceRequests })).toEqual([]);
  });

  it('plans a request naming a measurement the app knows beside a code it does not', () => {
    const result = series({
      carePlans: [plan('cp', ['sr'])],
      serviceRequests: [
        request('sr', 'weight', { code: { coding: [unknownCoding, coding('weight')] } }),
      ],
    });
    expect(result.map((item) => [item.codeKey, item.planned])).toEqual([['weight', true]]);
  });

  it('names a planned type by a measurement’s display when the plan’s coding has none', () => {
    const bare = { system: coding('weight').system, code: coding('weight').code };
    const planned = (display?: string) =>
      series({
        observations: [measured('a', [{ ...bare, display: 'Vægt (hjemme)' }], at(1))],
        carePlans: [plan('cp', ['sr'])],
        serviceRequests: [request('sr', 'weight', { code: { coding: [{ ...bare, display }] } })],
      })[0]?.codeText;
    expect(planned(undefined)).toBe('Vægt (hjemme)');
    expect(planned('Vægt')).toBe('Vægt');
  });
});

describe('measurementSeries: gaps', () => {
  const gapOf = (days: number[], extra: Partial<SeriesResources> = {}) =>
    series({ observations: days.map((day, i) => weight(`w${i}`, day, 80)), ...extra })[0]?.gapMs;

  it.each<[string, number[], number]>([
    ['two days for a single value', [1], 2 * DAY],
    ['1.5 times the one interval plus slack for two values', [1, 3], 1.5 * 2 * DAY + 6 * HOUR],
    ['the median interval, not the mean', [1, 2, 7, 9], 1.5 * 2 * DAY + 6 * HOUR],
    ['the upper median of an even count', [1, 2, 4, 7, 8], 1.5 * 2 * DAY + 6 * HOUR],
  ])('breaks a line without a schedule after %s', (_case, days, gap) => {
    expect(gapOf(days)).toBe(gap);
  });

  it('breaks a line by the plan’s schedule rather than the measured rhythm', () => {
    const daily = request('sr', 'weight', {
      occurrenceTiming: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
    });
    expect(gapOf([1, 4, 7], { carePlans: [plan('cp', ['sr'])], serviceRequests: [daily] })).toBe(
      1.5 * DAY + 6 * HOUR,
    );
  });
});
