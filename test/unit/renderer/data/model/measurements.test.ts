import type { Coding, Observation, ObservationComponent } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  codeOf,
  displayUnit,
  effectiveOf,
  latestMeasurements,
  type MeasuredObservation,
} from '../../../../../renderer/data/model/measurements.ts';
import { toCoding } from '../../../../../shared/fhir/coding.ts';
import {
  ObservationCode,
  type ObservationCodeKey,
} from '../../../../../shared/fhir/observation-codes.ts';

const coding = (key: ObservationCodeKey): Coding => toCoding(ObservationCode[key]);
const unknownCoding: Coding = { system: 'urn:lab', code: 'X1', display: 'Anden måling' };

const measured = (
  id: string,
  codings: Coding[],
  effectiveDateTime: string | undefined,
  extra: Partial<MeasuredObservation> = {},
): MeasuredObservation => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: codings },
  ...(effectiveDateTime ? { effectiveDateTime } : {}),
  ...extra,
});
const pulse = (id: string, at: string | undefined, value: number, extra = {}) =>
  measured(id, [coding('pulse')], at, { valueQuantity: { value, unit: '/min' }, ...extra });
const component = (
  codings: Coding[],
  value: number | undefined,
  unit?: string,
): ObservationComponent => ({
  code: { coding: codings },
  ...(value === undefined ? {} : { valueQuantity: { value, ...(unit ? { unit } : {}) } }),
});
const bloodPressure = (id: string, at: string, components: ObservationComponent[]) =>
  measured(id, [coding('homeBloodPressure')], at, { component: components });

describe('effectiveOf', () => {
  it.each<[string, Partial<Observation>, string | null]>([
    [
      'the date-time first',
      {
        effectiveDateTime: '2026-11-20',
        effectivePeriod: { start: '2026-11-19' },
        effectiveInstant: '2026-11-18T00:00:00Z',
      },
      '2026-11-20',
    ],
    [
      'the period’s start',
      { effectivePeriod: { start: '2026-11-19' }, effectiveInstant: '2026-11-18T00:00:00Z' },
      '2026-11-19',
    ],
    ['the instant', { effectiveInstant: '2026-11-18T00:00:00Z' }, '2026-11-18T00:00:00Z'],
    [
      'the instant under a period without a start',
      { effectivePeriod: { end: '2026-11-19' }, effectiveInstant: '2026-11-18T00:00:00Z' },
      '2026-11-18T00:00:00Z',
    ],
    ['none', {}, null],
  ])('reads %s', (_case, observation, effective) => {
    expect(effectiveOf(observation)).toBe(effective);
  });
});

describe('codeOf', () => {
  it('knows a code among others, named by its display, grouped by system|code', () => {
    const known = { ...coding('weight'), display: 'Vægt' };
    expect(codeOf({ code: { text: 'Egen tekst', coding: [unknownCoding, known] } })).toEqual({
      key: 'weight',
      text: 'Vægt',
      identity: `${known.system}|${known.code}`,
    });
    expect(codeOf({ code: { coding: [{ ...known, display: undefined }] } }).text).toBe('');
  });

  it.each<[string, Observation['code'], string, string]>([
    ['the record’s text first', { text: 'Egen', coding: [unknownCoding] }, 'Egen', 'urn:lab|X1'],
    [
      'the first coding’s display',
      { coding: [unknownCoding, { code: 'Y' }] },
      'Anden måling',
      'urn:lab|X1',
    ],
    [
      'the first coding’s code',
      { coding: [{ system: 'urn:lab', code: 'X1' }] },
      'X1',
      'urn:lab|X1',
    ],
    ['nothing for a coding without system or code', { coding: [{}] }, '', '|'],
    ['the text alone, which also groups', { text: 'Kun tekst' }, 'Kun tekst', 'Kun tekst'],
    ['nothing for an empty code', {}, '', ''],
  ])('names an unknown code by %s', (_case, code, text, identity) => {
    expect(codeOf({ code })).toEqual({ key: null, text, identity });
  });
});

describe('displayUnit', () => {
  it('shows no unit for a bare UCUM annotation, with or without spaces (property)', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('}')),
        fc.constantFrom('', ' ', '  '),
        (inner, pad) => {
          expect(displayUnit(`${pad}{${inner}}${pad}`)).toBe('');
        },
      ),
    );
  });

  it.each(['kg', '%', 'mmHg', '{beats}/min', '/min{beats}', '{a}{b}x'])(
    'shows %s as it is',
    (unit) => {
      expect(displayUnit(unit)).toBe(unit);
    },
  );
});

describe('latestMeasurements', () => {
  it('keeps the newest value of each type, whatever order they came in', () => {
    const latest = latestMeasurements([
      pulse('new', '2026-11-22T08:00:00Z', 70),
      pulse('old', '2026-11-20T08:00:00Z', 80),
      pulse('older', '2026-11-19T08:00:00Z', 90),
    ]);
    expect(latest.map((item) => [item.observationId, item.values])).toEqual([
      ['new', [{ value: 70, componentKey: null }]],
    ]);
  });

  it('lists the type measured most recently first', () => {
    const latest = latestMeasurements([
      pulse('p', '2026-11-20T08:00:00Z', 70),
      measured('w', [coding('weight')], '2026-11-22T08:00:00Z', { valueQuantity: { value: 80 } }),
      measured('t', [coding('bodyTemperature')], '2026-11-21T08:00:00Z', {
        valueQuantity: { value: 37 },
      }),
    ]);
    expect(latest.map((item) => item.codeKey)).toEqual(['weight', 'bodyTemperature', 'pulse']);
  });

  it.each<[string, Partial<MeasuredObservation>]>([
    ['entered in error', { status: 'entered-in-error' }],
    ['cancelled', { status: 'cancelled' }],
    ['without a time', { effectiveDateTime: undefined }],
  ])('passes over a newer measurement %s', (_case, extra) => {
    const latest = latestMeasurements([
      pulse('newer', '2026-11-22T08:00:00Z', 120, extra),
      pulse('valid', '2026-11-20T08:00:00Z', 70),
    ]);
    expect(latest.map((item) => item.observationId)).toEqual(['valid']);
  });

  it('counts a preliminary or amended measurement', () => {
    const latest = latestMeasurements([
      pulse('a', '2026-11-20T08:00:00Z', 70, { status: 'preliminary' }),
      measured('b', [coding('weight')], '2026-11-21T08:00:00Z', {
        status: 'amended',
        valueQuantity: { value: 80 },
      }),
    ]);
    expect(latest.map((item) => item.observationId)).toEqual(['b', 'a']);
  });

  it('shows each component of a panel with its key, leaving out those without a value', () => {
    const [bp] = latestMeasurements([
      bloodPressure('bp', '2026-11-20T08:00:00Z', [
        component([coding('systolic')], 142, 'mmHg'),
        component([coding('diastolic')], 88, 'mmHg'),
        component([coding('pulse')], undefined),
        component([unknownCoding], 5),
        { code: { text: 'Arm' }, valueQuantity: { value: 1 } },
      ]),
    ]);
    expect(bp).toMatchObject({
      codeKey: 'homeBloodPressure',
      values: [
        { value: 142, componentKey: 'systolic' },
        { value: 88, componentKey: 'diastolic' },
        { value: 5, componentKey: null },
        { value: 1, componentKey: null },
      ],
      unit: 'mmHg',
    });
  });

  it('shows no values for a measurement without any, rather than leaving it out', () => {
    const latest = latestMeasurements([measured('x', [coding('pulse')], '2026-11-20T08:00:00Z')]);
    expect(latest).toMatchObject([{ observationId: 'x', values: [], flag: null }]);
  });

  it.each<[string, MeasuredObservation, string]>([
    [
      'the measurement’s own unit',
      pulse('p', '2026-11-20', 70, { valueQuantity: { value: 70, unit: 'slag/min' } }),
      'slag/min',
    ],
    [
      'the code’s print unit when the value has none',
      measured('w', [coding('weight')], '2026-11-20', { valueQuantity: { value: 80 } }),
      'kg',
    ],
    [
      'the first component’s unit',
      bloodPressure('bp', '2026-11-20', [component([coding('systolic')], 142, 'mm Hg')]),
      'mm Hg',
    ],
    [
      'the code’s unit when the first component has no value or unit',
      bloodPressure('bp', '2026-11-20', [
        component([coding('systolic')], undefined),
        component([coding('diastolic')], 88),
      ]),
      'mmHg',
    ],
    [
      'the code’s unit under an empty component list',
      measured('w', [coding('weight')], '2026-11-20', {
        valueQuantity: { value: 80 },
        component: [],
      }),
      'kg',
    ],
    [
      'the components’ unit for a panel recorded without units',
      bloodPressure('bp', '2026-11-20', [component([coding('systolic')], 142)]),
      'mmHg',
    ],
    [
      'nothing for an unknown code without a unit',
      measured('u', [unknownCoding], '2026-11-20', { valueQuantity: { value: 3 } }),
      '',
    ],
    [
      'nothing for an annotation',
      measured('c', [coding('catScore')], '2026-11-20', { valueQuantity: { value: 12 } }),
      '',
    ],
  ])('shows %s', (_case, observation, unit) => {
    expect(latestMeasurements([observation])[0]?.unit).toBe(unit);
  });

  it('copes with a measurement without id', () => {
    const latest = latestMeasurements([{ ...pulse('', '2026-11-20', 70), id: undefined }]);
    expect(latest[0]?.observationId).toBe('');
  });

  it('at the same time, shows the chart’s last point: the greater id', () => {
    const latest = latestMeasurements([
      pulse('o2', '2026-11-20T08:00:00Z', 70),
      pulse('o3', '2026-11-20T09:00:00+01:00', 75),
      pulse('o1', '2026-11-20T08:00:00Z', 80),
    ]);
    expect(latest.map((item) => item.observationId)).toEqual(['o3']);
  });

  it('gives one answer whatever order the measurements came in, even at the same time (property)', () => {
    const observationArb = fc.record({
      key: fc.constantFrom<ObservationCodeKey>('pulse', 'weight'),
      at: fc.constantFrom(
        '2026-11-20T08:00:00Z',
        '2026-11-20T09:00:00+01:00',
        '2026-11-21T08:00:00Z',
      ),
      value: fc.integer({ min: 40, max: 120 }),
    });
    const sourceAndShuffled = fc
      .uniqueArray(
        fc.tuple(fc.constantFrom('o1', 'o2', 'o10', 'O3', 'o-4', 'o5'), observationArb),
        {
          maxLength: 8,
          selector: ([id]) => id,
        },
      )
      .map((specs) =>
        specs.map(([id, { key, at, value }]) =>
          measured(id, [coding(key)], at, { valueQuantity: { value } }),
        ),
      )
      .chain((observations) =>
        fc.tuple(
          fc.constant(observations),
          fc.shuffledSubarray(observations, { minLength: observations.length }),
        ),
      );
    fc.assert(
      fc.property(sourceAndShuffled, ([observations, shuffled]) => {
        expect(latestMeasurements(shuffled)).toEqual(latestMeasurements(observations));
      }),
    );
  });
});
