/**
 * Thresholds (grænseværdier). A ServiceRequest carries them as
 * `ehealth-referenceRange` extensions; each Observation copies the ones in
 * force when it was measured into `referenceRange`, so a later change of the
 * plan does not recolour old measurements. Red is RELRAL, yellow RELGAL: a
 * value outside the red range is red, outside the yellow range yellow.
 * For a panel (home blood pressure) the range's type carries a second coding,
 * the component's observation code, saying which component it limits.
 */
import type {
  Extension,
  ObservationReferenceRange,
  Quantity,
  ServiceRequest,
} from '@medplum/fhirtypes';
import { hasCode, toCodeableConcept } from './coding.ts';
import { ReferenceRangeType } from './codes-care.ts';
import type { MeasurementUnit, ObservationCodeKey } from './observation-codes.ts';
import { ObservationCode, observationCodeKey } from './observation-codes.ts';
import { Ext } from './profiles.ts';

export type ThresholdLevel = 'red' | 'yellow';

export interface Threshold {
  readonly level: ThresholdLevel;
  readonly low?: number;
  readonly high?: number;
  readonly unit: MeasurementUnit;
  /** For panels: the component this range limits. */
  readonly component?: ObservationCodeKey;
}

const LEVEL_CODE = { red: ReferenceRangeType.RELRAL, yellow: ReferenceRangeType.RELGAL } as const;

function quantity(value: number, unit: MeasurementUnit): Quantity {
  return { value, unit: unit.print, system: unit.system, code: unit.code };
}

function typeOf(threshold: Threshold) {
  const level = LEVEL_CODE[threshold.level];
  return threshold.component
    ? toCodeableConcept(level, ObservationCode[threshold.component])
    : toCodeableConcept(level);
}

/** The `ehealth-referenceRange` extension for a ServiceRequest. */
export function referenceRangeExtension(threshold: Threshold): Extension {
  const extension: Extension[] = [];
  if (threshold.low !== undefined)
    extension.push({ url: 'low', valueQuantity: quantity(threshold.low, threshold.unit) });
  if (threshold.high !== undefined)
    extension.push({ url: 'high', valueQuantity: quantity(threshold.high, threshold.unit) });
  extension.push({ url: 'type', valueCodeableConcept: typeOf(threshold) });
  return { url: Ext.referenceRange, extension };
}

/** The same threshold as an Observation.referenceRange entry. */
export function observationReferenceRange(threshold: Threshold): ObservationReferenceRange {
  const range: ObservationReferenceRange = {};
  if (threshold.low !== undefined) range.low = quantity(threshold.low, threshold.unit);
  if (threshold.high !== undefined) range.high = quantity(threshold.high, threshold.unit);
  range.type = typeOf(threshold);
  return range;
}

/**
 * The ehealth-referenceRange extensions of a ServiceRequest, turned into
 * Observation.referenceRange entries (what an Observation measured under it
 * should carry).
 */
export function referenceRangesInForce(request: ServiceRequest): ObservationReferenceRange[] {
  const ranges: ObservationReferenceRange[] = [];
  for (const extension of request.extension ?? []) {
    if (extension.url !== Ext.referenceRange) continue;
    const range: ObservationReferenceRange = {};
    for (const part of extension.extension ?? []) {
      if (part.url === 'low' && part.valueQuantity) range.low = { ...part.valueQuantity };
      if (part.url === 'high' && part.valueQuantity) range.high = { ...part.valueQuantity };
      if (part.url === 'type' && part.valueCodeableConcept)
        range.type = { coding: part.valueCodeableConcept.coding?.map((coding) => ({ ...coding })) };
    }
    ranges.push(range);
  }
  return ranges;
}

/** Red, yellow or neither for a range's type. */
export function thresholdLevel(range: ObservationReferenceRange): ThresholdLevel | undefined {
  if (hasCode(range.type, ReferenceRangeType.RELRAL)) return 'red';
  if (hasCode(range.type, ReferenceRangeType.RELGAL)) return 'yellow';
  return undefined;
}

/** The component a range limits (its type's observation-code coding), if any. */
export function thresholdComponent(
  range: ObservationReferenceRange,
): ObservationCodeKey | undefined {
  for (const coding of range.type?.coding ?? []) {
    const key = observationCodeKey(coding.system, coding.code);
    if (key) return key;
  }
  return undefined;
}
