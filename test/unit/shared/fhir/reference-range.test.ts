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

describe('reading thresholds as FUT sends them', () => {
  const kg = ObservationCode.weight.unit!;
  const request = (extension: ServiceRequest['extension']): ServiceRequest => ({
    resourceType: 'ServiceRequest',
    status: 'active',
    intent: 'order',
    subject: { reference: 'Patient/1' },
    extension,
  });

  it('keeps only the parts it knows, and a range without a type has no level', () => {
    const [range] = referenceRangesInForce(
      request([
        {
          url: referenceRangeExtension(spo2Yellow).url,
          extension: [
            { url: 'low', valueQuantity: { value: 90 } },
            { url: 'unknown-part', valueString: 'x' },
            {
              url: 'unknown-coded-part',
              valueCodeableConcept:
                referenceRangeExtension(systolicRed).extension?.at(-1)?.valueCodeableConcept,
            },
            { url: 'type', valueString: 'not a concept' },
            { url: 'high' },
          ],
        },
      ]),
    );
    expect(range).toEqual({ low: { value: 90 } });
    expect(thresholdLevel(range!)).toBeUndefined();
    expect(thresholdComponent(range!)).toBeUndefined();
  });

  it('copies a type without codings as it is, and ignores extensions of other kinds', () => {
    const ranges = referenceRangesInForce(
      request([
        { url: 'http://example.org/unknown', valueString: 'x' },
        {
          url: referenceRangeExtension(spo2Yellow).url,
          extension: [{ url: 'type', valueCodeableConcept: { text: 'gul' } }],
        },
      ]),
    );
    expect(ranges).toEqual([{ type: { coding: undefined } }]);
    expect(thresholdLevel(ranges[0]!)).toBeUndefined();
    expect(referenceRangesInForce(request(undefined))).toEqual([]);
  });

  it('tells red from yellow, and a range limiting one component from one limiting the value', () => {
    const yellow = observationReferenceRange({ level: 'yellow', high: 100, unit: kg });
    const red = observationReferenceRange({ level: 'red', low: 40, high: 150, unit: kg });
    expect(thresholdLevel(yellow)).toBe('yellow');
    expect(thresholdLevel(red)).toBe('red');
    expect(thresholdComponent(red)).toBeUndefined();
    expect(thresholdComponent(observationReferenceRange(systolicRed))).toBe('systolic');
    expect(thresholdComponent({ low: { value: 1 } })).toBeUndefined();
  });

  it('writes only the bounds a threshold has, on the extension as on the Observation', () => {
    const highOnly = { level: 'red', high: 150, unit: kg } as const;
    expect(observationReferenceRange(highOnly).low).toBeUndefined();
    expect(observationReferenceRange(highOnly).high?.value).toBe(150);
    const parts = referenceRangeExtension(highOnly).extension?.map((part) => part.url);
    expect(parts).toEqual(['high', 'type']);
    const lowOnly = referenceRangeExtension({ level: 'red', low: 40, unit: kg });
    expect(lowOnly.extension?.map((part) => part.url)).toEqual(['low', 'type']);
  });
});
