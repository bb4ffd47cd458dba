import type { CarePlan, Observation, ServiceRequest, Timing } from '@medplum/fhirtypes';
import { measurementFlag, type MeasurementFlag } from '../../../shared/domain/measurement-flag.ts';
import {
  ObservationCode,
  observationCodeKey,
  type ObservationCodeKey,
} from '../../../shared/fhir/observation-codes.ts';
import {
  referenceRangesInForce,
  thresholdComponent,
  thresholdLevel,
  type ThresholdLevel,
} from '../../../shared/fhir/reference-range.ts';
import type { ObservationReferenceRange } from '@medplum/fhirtypes';
import {
  codeOf,
  displayUnit,
  effectiveOf,
  printUnitOf,
  type MeasuredObservation,
} from './measurements.ts';
import { compareIds, referenceId } from './references.ts';

/** A red or yellow threshold: values below `low` or above `high` are outside it. */
export interface ThresholdBand {
  readonly level: ThresholdLevel;
  readonly low: number | null;
  readonly high: number | null;
}

/** One line of a chart: the value itself, or one component of a panel (systolic, diastolic). */
export interface SeriesLine {
  /** The component's code key; null for a plain value or a component code the app does not know. */
  readonly componentKey: ObservationCodeKey | null;
  /** The record's own name of an unknown component ('' otherwise). */
  readonly componentText: string;
  readonly thresholds: readonly ThresholdBand[];
}

export interface SeriesPoint {
  readonly observationId: string;
  readonly effective: string;
  /** One value per line, in the lines' order; null where the measurement has no value for a line. */
  readonly values: readonly (number | null)[];
  readonly flag: MeasurementFlag | null;
}

/** One measurement type over a period, as a chart draws it. */
export interface MeasurementSeries {
  /** `system|code` of the type: stable, unique in a citizen's list. */
  readonly id: string;
  readonly codeKey: ObservationCodeKey | null;
  readonly codeText: string;
  /** Print unit, '' when the unit is a bare annotation ({Number}). */
  readonly unit: string;
  readonly lines: readonly SeriesLine[];
  /** Oldest first. */
  readonly points: readonly SeriesPoint[];
  /** Two neighbouring points further apart than this (ms) are drawn with a gap, not joined. */
  readonly gapMs: number;
  /** Named by an active ServiceRequest of an active CarePlan (a chart even without values). */
  readonly planned: boolean;
}

/** The resources a citizen's series are built from, fetched or cached. */
export interface SeriesResources {
  readonly observations: readonly MeasuredObservation[];
  readonly carePlans: readonly CarePlan[];
  readonly serviceRequests: readonly ServiceRequest[];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const UNIT_MS: Record<string, number> = {
  s: 1000,
  min: 60_000,
  h: HOUR_MS,
  d: DAY_MS,
  wk: 7 * DAY_MS,
  mo: 30 * DAY_MS,
  a: 365 * DAY_MS,
};
/** A missed slot breaks the line: more than 1.5 expected intervals (plus slack for the time of day). */
const GAP_FACTOR = 1.5;
const GAP_SLACK_MS = 6 * HOUR_MS;
/** Without a schedule or enough points to infer one: a line breaks after two days without values. */
const DEFAULT_GAP_MS = 2 * DAY_MS;

function isValid(observation: MeasuredObservation): boolean {
  return observation.status !== 'entered-in-error' && observation.status !== 'cancelled';
}

/** The time between scheduled measurements from a ServiceRequest's occurrenceTiming, or null. */
export function expectedIntervalMs(timing: Timing | undefined): number | null {
  const repeat = timing?.repeat;
  if (!repeat?.period || !repeat.periodUnit) return null;
  const unit = UNIT_MS[repeat.periodUnit];
  if (!unit) return null;
  const frequency = repeat.frequency && repeat.frequency > 0 ? repeat.frequency : 1;
  // A weekly schedule on several weekdays measures that many times a week.
  const days = repeat.dayOfWeek?.length ?? 0;
  const perPeriod = repeat.periodUnit === 'wk' && days > 1 ? days * frequency : frequency;
  return (repeat.period * unit) / perPeriod;
}

function bandsOf(
  ranges: readonly ObservationReferenceRange[],
  component: ObservationCodeKey | null,
): ThresholdBand[] {
  const bands: ThresholdBand[] = [];
  for (const range of ranges) {
    const level = thresholdLevel(range);
    if (!level || (thresholdComponent(range) ?? null) !== component) continue;
    const low = typeof range.low?.value === 'number' ? range.low.value : null;
    const high = typeof range.high?.value === 'number' ? range.high.value : null;
    if (low !== null || high !== null) bands.push({ level, low, high });
  }
  // Red first, so a chart paints yellow over it.
  return bands.sort((a, b) => (a.level === b.level ? 0 : a.level === 'red' ? -1 : 1));
}

/** The middle value (the upper one of an even count); null for none. */
function median(values: readonly number[]): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? null;
}

interface Group {
  readonly id: string;
  readonly codeKey: ObservationCodeKey | null;
  codeText: string;
  readonly observations: { observation: MeasuredObservation; time: number; effective: string }[];
  request: ServiceRequest | null;
  planOrder: number;
}

/**
 * The measurement series of a citizen in [fromIso, toIso): one per type
 * measured in the period (valid measurements only) and one per type an
 * active plan asks for, even without values. Thresholds come from the plan's
 * ServiceRequest (the newest active one of the type), else from the newest
 * measurement's copied ranges. Planned types come first in plan order, then
 * the others by their newest value; the order never depends on the order
 * the resources arrived in.
 */
export function measurementSeries(
  resources: SeriesResources,
  fromIso: string,
  toIso: string,
): MeasurementSeries[] {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  const groups = new Map<string, Group>();
  const groupFor = (concept: Observation['code']): Group => {
    const code = codeOf({ code: concept });
    let group = groups.get(code.identity);
    if (!group) {
      group = {
        id: code.identity,
        codeKey: code.key,
        codeText: code.text,
        observations: [],
        request: null,
        planOrder: Number.POSITIVE_INFINITY,
      };
      groups.set(code.identity, group);
    }
    return group;
  };

  // Planned types: active ServiceRequests referred to by active CarePlans, plans in id order.
  const requests = new Map(
    resources.serviceRequests.map((request) => [request.id ?? '', request] as const),
  );
  let order = 0;
  const plans = [...resources.carePlans]
    .filter((plan) => plan.status === 'active')
    .sort((a, b) => compareIds(a.id ?? '', b.id ?? ''));
  for (const plan of plans) {
    for (const activity of plan.activity ?? []) {
      const id = referenceId(activity.reference?.reference, 'ServiceRequest');
      const request = id ? requests.get(id) : undefined;
      if (!request || request.status !== 'active' || !request.code) continue;
      const known = (request.code.coding ?? []).some((coding) =>
        observationCodeKey(coding.system, coding.code),
      );
      // A request for a questionnaire (or anything not a measurement the app knows) draws no chart.
      if (!known) continue;
      const group = groupFor(request.code);
      group.planOrder = Math.min(group.planOrder, order++);
      const current = group.request?.authoredOn ?? '';
      if (!group.request || (request.authoredOn ?? '') > current) group.request = request;
    }
  }

  for (const observation of resources.observations) {
    if (!isValid(observation)) continue;
    const effective = effectiveOf(observation);
    if (!effective) continue;
    const time = Date.parse(effective);
    if (!(time >= from && time < to)) continue;
    const group = groupFor(observation.code);
    if (!group.codeText) group.codeText = codeOf(observation).text;
    group.observations.push({ observation, time, effective });
  }

  const series = [...groups.values()].map((group) => seriesOf(group));
  const newest = (item: MeasurementSeries) => {
    const last = item.points[item.points.length - 1];
    return last ? Date.parse(last.effective) : Number.NEGATIVE_INFINITY;
  };
  const orderOf = new Map([...groups.values()].map((group) => [group.id, group.planOrder]));
  return series.sort(
    (a, b) =>
      (orderOf.get(a.id) ?? Infinity) - (orderOf.get(b.id) ?? Infinity) ||
      newest(b) - newest(a) ||
      compareIds(a.id, b.id),
  );
}

function componentLines(
  group: Group,
): { key: ObservationCodeKey | null; identity: string; text: string }[] {
  const lines: { key: ObservationCodeKey | null; identity: string; text: string }[] = [];
  const add = (key: ObservationCodeKey | null, identity: string, text: string) => {
    if (!lines.some((line) => line.identity === identity)) lines.push({ key, identity, text });
  };
  for (const key of group.codeKey ? (ObservationCode[group.codeKey].components ?? []) : [])
    add(key, key, '');
  for (const { observation } of group.observations) {
    for (const component of observation.component ?? []) {
      const code = codeOf({ code: component.code });
      add(code.key, code.key ?? code.identity, code.key ? '' : code.text);
    }
  }
  return lines;
}

function seriesOf(group: Group): MeasurementSeries {
  const sorted = [...group.observations].sort(
    (a, b) => a.time - b.time || compareIds(a.observation.id ?? '', b.observation.id ?? ''),
  );
  const plain =
    sorted.some(({ observation }) => typeof observation.valueQuantity?.value === 'number') ||
    componentLines(group).length === 0;
  const lines = plain ? [{ key: null, identity: '', text: '' }] : componentLines(group);
  const newestRanges = sorted[sorted.length - 1]?.observation.referenceRange ?? [];
  const ranges = group.request ? referenceRangesInForce(group.request) : newestRanges;
  const points: SeriesPoint[] = sorted.map(({ observation, effective }) => ({
    observationId: observation.id ?? '',
    effective,
    values: plain
      ? [
          typeof observation.valueQuantity?.value === 'number'
            ? observation.valueQuantity.value
            : null,
        ]
      : lines.map((line) => {
          const component = (observation.component ?? []).find((item) => {
            const code = codeOf({ code: item.code });
            return (code.key ?? code.identity) === line.identity;
          });
          const value = component?.valueQuantity?.value;
          return typeof value === 'number' ? value : null;
        }),
    flag: measurementFlag(observation),
  }));
  const first = sorted[0]?.observation;
  const unitSource =
    first?.valueQuantity?.unit ??
    first?.component?.[0]?.valueQuantity?.unit ??
    (group.codeKey ? printUnitOf(group.codeKey) : '');
  const expected = expectedIntervalMs(group.request?.occurrenceTiming);
  const inferred = median(
    points
      .slice(1)
      .map((point, i) => Date.parse(point.effective) - Date.parse(points[i]?.effective ?? '')),
  );
  const interval = expected ?? inferred;
  return {
    id: group.id,
    codeKey: group.codeKey,
    codeText: group.codeText,
    unit: displayUnit(unitSource),
    lines: lines.map((line) => ({
      componentKey: line.key,
      componentText: line.text,
      thresholds: bandsOf(ranges, line.key),
    })),
    points,
    gapMs: interval === null ? DEFAULT_GAP_MS : interval * GAP_FACTOR + GAP_SLACK_MS,
    planned: group.request !== null,
  };
}
