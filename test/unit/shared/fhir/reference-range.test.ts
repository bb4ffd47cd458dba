import type { ServiceRequest } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { ObservationCode } from '../../../../shared/fhir/observation-codes.ts';
import type { Threshold } from '../../../../shared/fhir/reference-range.ts';
import {
  observationReferenceRange,
  referenceRangeExtension,
  referenceRangesInForce,
  thresholdComponent,
  thresholdLevel,
} from '../../../../shared/fhir/reference-range.ts';
import { inValueSet } from './fut-ig.ts';

const mmHg = ObservationCode.systolic.unit!;
const systolicRed: Threshold = {
  level: 'red',
  low: 85,
  high: 180,
  unit: mmHg,
  component: 'systolic',
};
const spo2Yellow: Threshold = {
  level: 'yellow',
  low: 92,
  unit: ObservationCode.oxygenSaturation.unit!,
};

describe('thresholds on a ServiceRequest and an Observation', () => {
  it('an Observation copies exactly the ranges the ServiceRequest carries', () => {
    const request: ServiceRequest = {
      resourceType: 'ServiceRequest',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/1' },
      extension: [
        { url: 'http://example.org/other', valueString: 'x' },
        referenceRangeExtension(systolicRed),
        referenceRangeExtension(spo2Yellow),
      ],
    };
    expect(referenceRangesInForce(request)).toEqual([
      observationReferenceRange(systolicRed),
      observationReferenceRange(spo2Yellow),
    ]);
  });

  it('writes red as RELRAL and yellow as RELGAL, a panel component as a second coding, all from vs/reference-range-type', () => {
    const range = observationReferenceRange(systolicRed);
    expect(thresholdLevel(range)).toBe('red');
    expect(thresholdLevel(observationReferenceRange(spo2Yellow))).toBe('yellow');
    expect(thresholdComponent(range)).toBe('systolic');
    expect(thresholdComponent(observationReferenceRange(spo2Yellow))).toBeUndefined();
    for (const coding of range.type?.coding ?? [])
      expect(
        inValueSet('http://ehealth.sundhed.dk/vs/reference-range-type', coding.system, coding.code),
      ).toBe(true);
  });

  it('omits a missing bound instead of writing an empty quantity, and carries unit, system and code', () => {
    const range = observationReferenceRange(spo2Yellow);
    expect(range.high).toBeUndefined();
    expect(range.low).toEqual({
      value: 92,
      unit: '%',
      system: 'http://unitsofmeasure.org',
      code: '%',
    });
    const extension = referenceRangeExtension(spo2Yellow);
    expect(extension.extension?.map((e) => e.url)).toEqual(['low', 'type']);
  });
});
