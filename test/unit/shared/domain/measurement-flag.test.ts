import type { Observation, ObservationComponent } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measurementFlag, worstFlag } from '../../../../shared/domain/measurement-flag.ts';
import { ObservationCode } from '../../../../shared/fhir/observation-codes.ts';
import { observationReferenceRange } from '../../../../shared/fhir/reference-range.ts';

const spo2 = ObservationCode.oxygenSaturation;
const unit = spo2.unit!;
const ranges = [
  observationReferenceRange({ level: 'red', low: 88, unit }),
  observationReferenceRange({ level: 'yellow', low: 92, unit }),
];

const mmHg = ObservationCode.systolic.unit!;

function codingOf(code: (typeof ObservationCode)[keyof typeof ObservationCode]) {
  return { system: code.system, code: code.code };
}

/** A home blood-pressure panel with the given components and thresholds. */
function bloodPressurePanel(
  component: NonNullable<Observation['component']>,
  referenceRange: NonNullable<Observation['referenceRange']>,
): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [codingOf(ObservationCode.homeBloodPressure)] },
    component,
    referenceRange,
  };
}

function saturation(value: number, withRanges = ranges): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: spo2.system, code: spo2.code }] },
    valueQuantity: { value, unit: unit.print, system: unit.system, code: unit.code },
    referenceRange: withRanges,
  };
}

describe('measurementFlag', () => {
  it('colours a value by the red and yellow thresholds it carries', () => {
    expect(measurementFlag(saturation(96))).toBe('green');
    expect(measurementFlag(saturation(92))).toBe('green');
    expect(measurementFlag(saturation(91))).toBe('yellow');
    expect(measurementFlag(saturation(87))).toBe('red');
  });

  it('has no colour without thresholds or without a numeric value', () => {
    expect(measurementFlag(saturation(80, []))).toBeNull();
    const textOnly: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'x' },
      referenceRange: ranges,
    };
    expect(measurementFlag(textOnly)).toBeNull();
  });

  it('judges each blood-pressure component by its own ranges and reports the worst', () => {
    const bp = bloodPressurePanel(
      [
        {
          code: { coding: [codingOf(ObservationCode.systolic)] },
          valueQuantity: { value: 150, unit: 'mmHg' },
        },
        {
          code: { coding: [codingOf(ObservationCode.diastolic)] },
          valueQuantity: { value: 85, unit: 'mmHg' },
        },
      ],
      [
        observationReferenceRange({ level: 'red', high: 180, unit: mmHg, component: 'systolic' }),
        observationReferenceRange({
          level: 'yellow',
          high: 140,
          unit: mmHg,
          component: 'systolic',
        }),
        observationReferenceRange({ level: 'red', high: 110, unit: mmHg, component: 'diastolic' }),
        observationReferenceRange({
          level: 'yellow',
          high: 90,
          unit: mmHg,
          component: 'diastolic',
        }),
      ],
    );
    expect(measurementFlag(bp)).toBe('yellow');
    bp.component![1]!.valueQuantity!.value = 115;
    expect(measurementFlag(bp)).toBe('red');
  });

  it('worstFlag orders red over yellow over green and ignores nulls', () => {
    expect(worstFlag([null, 'green', 'yellow', null])).toBe('yellow');
    expect(worstFlag(['green', 'red', 'yellow'])).toBe('red');
    expect(worstFlag([null])).toBeNull();
  });
});

describe('measurementFlag at and around every threshold', () => {
  const kg = ObservationCode.weight.unit!;
  const weight = (value: number, referenceRange?: Observation['referenceRange']): Observation => ({
    resourceType: 'Observation',
    status: 'final',
    code: {
      coding: [{ system: ObservationCode.weight.system, code: ObservationCode.weight.code }],
    },
    valueQuantity: { value, unit: kg.print },
    ...(referenceRange ? { referenceRange } : {}),
  });
  const red = (low?: number, high?: number) =>
    observationReferenceRange({ level: 'red', unit: kg, low, high });
  const yellow = (low?: number, high?: number) =>
    observationReferenceRange({ level: 'yellow', unit: kg, low, high });

  it.each([
    // A value on a limit is inside it; just past it is outside.
    ['red low only', [red(50)], 50, 'green'],
    ['red low only', [red(50)], 49.9, 'red'],
    ['red high only', [red(undefined, 120)], 120, 'green'],
    ['red high only', [red(undefined, 120)], 120.1, 'red'],
    ['red low and high', [red(50, 120)], 49, 'red'],
    ['red low and high', [red(50, 120)], 121, 'red'],
    ['red low and high', [red(50, 120)], 80, 'green'],
    ['yellow only', [yellow(60, 100)], 59, 'yellow'],
    ['yellow only', [yellow(60, 100)], 60, 'green'],
    ['yellow only', [yellow(60, 100)], 100, 'green'],
    ['yellow only', [yellow(60, 100)], 101, 'yellow'],
    ['red and yellow', [red(50, 120), yellow(60, 100)], 55, 'yellow'],
    ['red and yellow', [red(50, 120), yellow(60, 100)], 50, 'yellow'],
    ['red and yellow', [red(50, 120), yellow(60, 100)], 120, 'yellow'],
    ['red and yellow', [red(50, 120), yellow(60, 100)], 121, 'red'],
    ['red and yellow', [red(50, 120), yellow(60, 100)], 70, 'green'],
    // Several red ranges: outside any one of them is red.
    ['two red ranges', [red(50), red(undefined, 120)], 49, 'red'],
    ['two red ranges', [red(50), red(undefined, 120)], 121, 'red'],
    ['two red ranges', [red(50), red(undefined, 120)], 80, 'green'],
    ['two yellow ranges', [yellow(60), yellow(undefined, 100)], 101, 'yellow'],
  ] as const)('%s, value %d: %s', (_case, ranges, value, flag) => {
    expect(measurementFlag(weight(value, [...ranges]))).toBe(flag);
  });

  it('is never green outside a red limit, whatever the other ranges say', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 })), {
          maxLength: 3,
        }),
        (value, yellows) => {
          const ranges = [red(40, 150), ...yellows.map(([a, b]) => yellow(a, b))];
          const flag = measurementFlag(weight(value, ranges));
          if (value < 40 || value > 150) expect(flag).toBe('red');
          else expect(flag).not.toBe('red');
        },
      ),
    );
  });

  it('ignores ranges without a red or yellow type, and has no colour with only those', () => {
    const untyped = { low: { value: 60 }, high: { value: 100 } };
    expect(measurementFlag(weight(10, [untyped]))).toBeNull();
    expect(measurementFlag(weight(10, [untyped, yellow(5)]))).toBe('green');
    expect(measurementFlag(weight(10))).toBeNull();
  });

  it("ignores a panel component's ranges when judging a single value", () => {
    const componentRange = observationReferenceRange({
      level: 'red',
      high: 10,
      unit: mmHg,
      component: 'systolic',
    });
    expect(measurementFlag(weight(80, [componentRange]))).toBeNull();
    expect(measurementFlag(weight(80, [componentRange, yellow(undefined, 90)]))).toBe('green');
  });
});

describe('measurementFlag for a panel: components the app cannot judge', () => {
  const systolicCoding = codingOf(ObservationCode.systolic);
  const panel = (component: NonNullable<Observation['component']>): Observation =>
    bloodPressurePanel(component, [
      observationReferenceRange({ level: 'red', high: 180, unit: mmHg, component: 'systolic' }),
    ]);

  it('finds the component by any of its codings, not only the first', () => {
    const flag = measurementFlag(
      panel([
        {
          code: { coding: [{ system: 'urn:example:local', code: 'sys' }, systolicCoding] },
          valueQuantity: { value: 190 },
        },
      ]),
    );
    expect(flag).toBe('red');
  });

  it.each([
    ['a component without a numeric value', { code: { coding: [systolicCoding] } }],
    [
      'a component with a text value',
      { code: { coding: [systolicCoding] }, valueString: 'ikke målt' },
    ],
    [
      'a component with an unknown code',
      { code: { text: 'puls?' }, valueQuantity: { value: 190 } },
    ],
    [
      'a component without a code (FHIR requires one; servers forget)',
      { valueQuantity: { value: 190 } } as ObservationComponent,
    ],
    [
      'a component with a code the app does not know',
      { code: { coding: [{ system: 'urn:x', code: 'y' }] }, valueQuantity: { value: 190 } },
    ],
  ])('has no colour for %s', (_case, component: ObservationComponent) => {
    expect(measurementFlag(panel([component]))).toBeNull();
  });

  it('has no colour for a measurement with neither a value nor components', () => {
    const empty: Observation = { resourceType: 'Observation', status: 'final', code: {} };
    expect(measurementFlag(empty)).toBeNull();
  });
});
