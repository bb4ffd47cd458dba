import type { Observation, ObservationReferenceRange } from '@medplum/fhirtypes';
import { observationCodeKey, type ObservationCodeKey } from '../fhir/observation-codes.ts';
import { thresholdComponent, thresholdLevel } from '../fhir/reference-range.ts';

/** The triage colour of a measurement against the thresholds it was measured under. */
export type MeasurementFlag = 'red' | 'yellow' | 'green';

const SEVERITY: Record<MeasurementFlag, number> = { green: 0, yellow: 1, red: 2 };

export function worstFlag(flags: readonly (MeasurementFlag | null)[]): MeasurementFlag | null {
  let worst: MeasurementFlag | null = null;
  for (const flag of flags) {
    if (flag && (worst === null || SEVERITY[flag] > SEVERITY[worst])) worst = flag;
  }
  return worst;
}

function outside(value: number, range: ObservationReferenceRange): boolean {
  const low = range.low?.value;
  const high = range.high?.value;
  return (typeof low === 'number' && value < low) || (typeof high === 'number' && value > high);
}

function flagFor(
  value: number,
  ranges: readonly ObservationReferenceRange[],
): MeasurementFlag | null {
  const red = ranges.filter((range) => thresholdLevel(range) === 'red');
  const yellow = ranges.filter((range) => thresholdLevel(range) === 'yellow');
  if (red.length === 0 && yellow.length === 0) return null;
  if (red.some((range) => outside(value, range))) return 'red';
  if (yellow.some((range) => outside(value, range))) return 'yellow';
  return 'green';
}

function codeKeyOf(concept: Observation['code'] | undefined): ObservationCodeKey | undefined {
  for (const coding of concept?.coding ?? []) {
    const key = observationCodeKey(coding.system, coding.code);
    if (key) return key;
  }
  return undefined;
}

/**
 * Red when a value is outside its red range (RELRAL), yellow when outside its
 * yellow range (RELGAL), green when inside both; null when the measurement
 * carries no thresholds or no numeric value. For a panel (home blood
 * pressure) each component is judged by the ranges naming it, and the worst
 * colour wins. The ranges are the ones copied into the Observation, so a
 * later change of the plan never recolours an old measurement.
 */
export function measurementFlag(
  observation: Pick<Observation, 'valueQuantity' | 'component' | 'referenceRange'>,
): MeasurementFlag | null {
  const ranges = observation.referenceRange ?? [];
  if (typeof observation.valueQuantity?.value === 'number') {
    return flagFor(
      observation.valueQuantity.value,
      ranges.filter((range) => thresholdComponent(range) === undefined),
    );
  }
  const flags = (observation.component ?? []).map((component) => {
    const value = component.valueQuantity?.value;
    const key = codeKeyOf(component.code);
    if (typeof value !== 'number' || !key) return null;
    return flagFor(
      value,
      ranges.filter((range) => thresholdComponent(range) === key),
    );
  });
  return worstFlag(flags);
}
