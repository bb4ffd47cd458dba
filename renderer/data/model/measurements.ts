import type { Observation } from '@medplum/fhirtypes';
import { measurementFlag, type MeasurementFlag } from '../../../shared/domain/measurement-flag.ts';
import {
  ObservationCode,
  observationCodeKey,
  type ObservationCodeKey,
} from '../../../shared/fhir/observation-codes.ts';
import { compareIds } from './references.ts';

/**
 * What the measurement views read of an Observation (latest values, series,
 * flags): the offline cache answers them from a per-bucket digest holding
 * just these fields (renderer/data/cache/bucket-digest.ts), so a field read
 * here must be added there too (the compiler points at it).
 */
export type MeasuredObservation = Pick<
  Observation,
  | 'resourceType'
  | 'id'
  | 'status'
  | 'subject'
  | 'code'
  | 'effectiveDateTime'
  | 'effectivePeriod'
  | 'effectiveInstant'
  | 'valueQuantity'
  | 'component'
  | 'referenceRange'
>;

/** One measurement type's latest value, as the citizen view lists it. */
export interface LatestMeasurement {
  readonly observationId: string;
  /** Known code, for the translated name; null for a code the app does not know. */
  readonly codeKey: ObservationCodeKey | null;
  /** The record's own name for an unknown code. */
  readonly codeText: string;
  /** The value(s) as numbers with their unit, e.g. [{ value: 142 }, { value: 88 }] for blood pressure. */
  readonly values: readonly {
    readonly value: number;
    readonly componentKey: ObservationCodeKey | null;
  }[];
  readonly unit: string;
  readonly effective: string;
  readonly flag: MeasurementFlag | null;
}

/** An Observation's clinical time as the record gives it (effective[x] start), or null. */
export function effectiveOf(
  observation: Pick<Observation, 'effectiveDateTime' | 'effectivePeriod' | 'effectiveInstant'>,
): string | null {
  return (
    observation.effectiveDateTime ??
    observation.effectivePeriod?.start ??
    observation.effectiveInstant ??
    null
  );
}

/** The measurement type: known key, the record's own name, and an identity (`system|code`) to group by. */
export function codeOf(observation: Pick<Observation, 'code'>): {
  key: ObservationCodeKey | null;
  text: string;
  identity: string;
} {
  for (const coding of observation.code.coding ?? []) {
    const key = observationCodeKey(coding.system, coding.code);
    if (key)
      return { key, text: coding.display ?? '', identity: `${coding.system}|${coding.code}` };
  }
  const first = observation.code.coding?.[0];
  return {
    key: null,
    text: observation.code.text ?? first?.display ?? first?.code ?? '',
    identity: first ? `${first.system ?? ''}|${first.code ?? ''}` : (observation.code.text ?? ''),
  };
}

/** A code's print unit; for a panel without one (home blood pressure), its first component's. */
export function printUnitOf(key: ObservationCodeKey): string {
  const code = ObservationCode[key];
  return code.unit?.print ?? ObservationCode[code.components?.[0] ?? key].unit?.print ?? '';
}

/**
 * The latest valid measurement of each type, newest type first. Observations
 * marked entered-in-error or cancelled do not count. Ties go by id (the
 * greater wins, as it is the last point of the type's chart) and by type, so
 * the answer never depends on the order the Observations arrived in.
 */
export function latestMeasurements(
  observations: readonly MeasuredObservation[],
): LatestMeasurement[] {
  const latest = new Map<
    string,
    { observation: MeasuredObservation; effective: string; time: number; identity: string }
  >();
  for (const observation of observations) {
    if (observation.status === 'entered-in-error' || observation.status === 'cancelled') continue;
    const effective = effectiveOf(observation);
    if (!effective) continue;
    const time = Date.parse(effective);
    const { identity } = codeOf(observation);
    const current = latest.get(identity);
    if (
      !current ||
      time > current.time ||
      (time === current.time && compareIds(observation.id ?? '', current.observation.id ?? '') > 0)
    )
      latest.set(identity, { observation, effective, time, identity });
  }
  return [...latest.values()]
    .sort((a, b) => b.time - a.time || compareIds(a.identity, b.identity))
    .map(({ observation, effective }) => {
      const code = codeOf(observation);
      const values =
        typeof observation.valueQuantity?.value === 'number'
          ? [{ value: observation.valueQuantity.value, componentKey: null }]
          : (observation.component ?? []).flatMap((component) => {
              const value = component.valueQuantity?.value;
              const coding = component.code.coding?.[0];
              return typeof value === 'number'
                ? [
                    {
                      value,
                      componentKey: observationCodeKey(coding?.system, coding?.code) ?? null,
                    },
                  ]
                : [];
            });
      const unit = displayUnit(
        observation.valueQuantity?.unit ??
          observation.component?.[0]?.valueQuantity?.unit ??
          (code.key ? printUnitOf(code.key) : ''),
      );
      return {
        observationId: observation.id ?? '',
        codeKey: code.key,
        codeText: code.text,
        values,
        unit,
        effective,
        flag: measurementFlag(observation),
      };
    });
}

/** A UCUM annotation alone (`{Number}`, `{score}`) means "no unit": nothing is shown. */
export function displayUnit(unit: string): string {
  return /^\{[^}]*\}$/.test(unit.trim()) ? '' : unit;
}
