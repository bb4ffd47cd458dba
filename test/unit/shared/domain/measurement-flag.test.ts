import type { Observation } from '@medplum/fhirtypes';
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
    const mmHg = ObservationCode.systolic.unit!;
    const bp: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: {
        coding: [
          {
            system: ObservationCode.homeBloodPressure.system,
            code: ObservationCode.homeBloodPressure.code,
          },
        ],
      },
      component: [
        {
          code: {
            coding: [
              { system: ObservationCode.systolic.system, code: ObservationCode.systolic.code },
            ],
          },
          valueQuantity: { value: 150, unit: 'mmHg' },
        },
        {
          code: {
            coding: [
              { system: ObservationCode.diastolic.system, code: ObservationCode.diastolic.code },
            ],
          },
          valueQuantity: { value: 85, unit: 'mmHg' },
        },
      ],
      referenceRange: [
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
    };
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
