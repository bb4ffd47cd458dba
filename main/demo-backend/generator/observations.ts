/**
 * Home measurements (ehealth-observation) for one activity of a plan, day by
 * day: scheduled slots the citizen keeps or misses, gaps, extra measurements
 * while unwell, a rare unexpected one, artefacts, and submissions that
 * arrive late (`issued` days after `effective`). Each Observation copies
 * the thresholds of the ServiceRequest version in force at its effective
 * time into `referenceRange`.
 */
import type { Extension, Observation, ObservationComponent, Quantity } from '@medplum/fhirtypes';
import { toCodeableConcept } from '../../../shared/fhir/coding.ts';
import {
  QualityType,
  ResolvedTimingType,
  UsageQuality,
} from '../../../shared/fhir/codes-workflow.ts';
import type { ObservationCodeKey } from '../../../shared/fhir/observation-codes.ts';
import { ObservationCode } from '../../../shared/fhir/observation-codes.ts';
import { Ext, Profile } from '../../../shared/fhir/profiles.ts';
import { observationReferenceRange } from '../../../shared/fhir/reference-range.ts';
import { IdentifierSystem } from '../../../shared/fhir/systems.ts';
import type { Episode } from './episodes.ts';
import type { FlareUp } from './flare-ups.ts';
import { flareLevel } from './flare-ups.ts';
import { classify, componentValue, round } from './measure-model.ts';
import { MEASURES } from './measures.ts';
import type { MeasurePlan, RequestVersion } from './plans.ts';
import { isScheduled } from './programmes.ts';
import type { Rng } from './random.ts';
import type { Sink } from './sink.ts';
import { refTo } from './sink.ts';
import type { DataCalendar } from './time.ts';
import { DAY_MS, MINUTE_MS, isoInstant } from './time.ts';

export type Colour = 'red' | 'yellow' | 'green';
export type TimingKind = 'Resolved' | 'Extra' | 'Unresolved';

/** What triage needs to know about a submitted measurement or answer. */
export interface Submission {
  readonly resourceType: 'Observation' | 'QuestionnaireResponse';
  readonly id: string;
  readonly effective: number;
  readonly issued: number;
  readonly colour: Colour;
  readonly timing: TimingKind;
  readonly requestId: string;
}

/** The latest scheduled slot nobody measured in, when the one before it was missed too. */
export interface MissedSlot {
  readonly requestId: string;
  readonly start: number;
  readonly end: number;
}

/** How a citizen measures during one forløb. */
export interface Habits {
  readonly adherence: number;
  readonly flares: readonly FlareUp[];
  /** Days (inclusive) with no measurements: admission, holiday. */
  readonly gap?: readonly [number, number];
  /** Last day the citizen measured before stopping (device broken, lost motivation). */
  readonly stoppedAfterDay?: number;
  /** Home-nursing practitioners who sometimes measure at a visit. */
  readonly nurseIds: readonly string[];
}

const ARTEFACT_SHARE = 0.008;
const LATE_SHARE = 0.03;
const RECENT_LATE_SHARE = 0.08;

function versionAt(versions: readonly RequestVersion[], instant: number): RequestVersion {
  let found = versions[0];
  for (const version of versions) if (version.start <= instant) found = version;
  if (!found) throw new Error('a measure plan without versions');
  return found;
}

function quantity(code: ObservationCodeKey, value: number): Quantity {
  const unit = ObservationCode[code].unit;
  return { value, unit: unit?.print ?? '', system: unit?.system ?? '', code: unit?.code ?? '' };
}

function issuedFor(rng: Rng, calendar: DataCalendar, day: number, effective: number): number {
  let issued = effective + rng.int(1, 15) * MINUTE_MS;
  if (day >= -6 && day <= -2 && rng.chance(RECENT_LATE_SHARE))
    issued = calendar.now - rng.int(10, 20 * 60) * MINUTE_MS;
  else if (rng.chance(LATE_SHARE)) issued = effective + rng.between(1, 5) * DAY_MS;
  if (issued > calendar.now)
    issued = Math.max(effective + MINUTE_MS, calendar.now - rng.int(5, 60) * MINUTE_MS);
  return Math.min(issued, calendar.now);
}

export function addMeasurements(
  sink: Sink,
  rng: Rng,
  calendar: DataCalendar,
  episode: Episode,
  plan: MeasurePlan,
  habits: Habits,
  fromDay: number,
  /** Benchmarks only: extra measurements a day, not triaged (see DemoDatasetOptions.denseCitizen). */
  extraPerDay = 0,
): { submissions: Submission[]; missed?: MissedSlot } {
  const def = MEASURES[plan.measure];
  const submissions: Submission[] = [];
  const lastDay = Math.min(episode.monitoredUntilDay, 0);
  let missedInARow = 0;
  let lastMissed: MissedSlot | undefined;
  const planStart = plan.versions[0]?.start ?? 0;
  const planEnd = plan.versions[plan.versions.length - 1]?.end ?? Infinity;
  const withinPlan = (instant: number): boolean =>
    instant >= planStart && instant < planEnd && instant <= calendar.now;

  const emit = (
    day: number,
    effective: number,
    timing: TimingKind,
    slot: { start: number; end: number } | undefined,
    triaged = true,
    source: Rng = rng,
  ): void => {
    const version = versionAt(plan.versions, effective);
    const level = flareLevel(habits.flares, day);
    const artefact = source.chance(ARTEFACT_SHARE);
    const values = plan.models.map((model) => {
      const value = artefact
        ? round(source.between(model.artefact[0], model.artefact[1]), model.decimals)
        : componentValue(model, source, day - fromDay, level);
      return [model.code, value] as const;
    });
    const issued = issuedFor(source, calendar, day, effective);
    const nurse =
      habits.nurseIds.length > 0 && source.chance(0.05) ? source.pick(habits.nurseIds) : undefined;
    const manual = def.manual || nurse !== undefined;
    const timingExtension: Extension = {
      url: Ext.resolvedTiming,
      extension: [
        { url: 'serviceRequestVersionId', valueId: '1' },
        ...(slot
          ? [
              { url: 'start', valueDateTime: isoInstant(slot.start) },
              { url: 'end', valueDateTime: isoInstant(slot.end) },
            ]
          : []),
        { url: 'type', valueCodeableConcept: toCodeableConcept(ResolvedTimingType[timing]) },
      ],
    };
    const observation: Observation = {
      resourceType: 'Observation',
      id: sink.id('obs'),
      meta: { profile: [Profile.observation] },
      extension: [
        { url: Ext.workflowEpisodeOfCare, valueReference: refTo('EpisodeOfCare', episode.id) },
        timingExtension,
        {
          url: Ext.quality,
          extension: [
            { url: 'qualityType', valueCodeableConcept: toCodeableConcept(QualityType.UQ) },
            {
              url: 'qualityCode',
              valueCodeableConcept: toCodeableConcept(
                manual ? UsageQuality.enteredManually : UsageQuality.automaticallyTransferred,
              ),
            },
          ],
        },
      ],
      identifier: [{ system: IdentifierSystem.uri, value: `urn:uuid:${source.uuid()}` }],
      basedOn: [refTo('ServiceRequest', version.id)],
      status: 'final',
      code: toCodeableConcept(ObservationCode[def.code]),
      subject: refTo('Patient', episode.citizen.patientId),
      effectiveDateTime: isoInstant(effective),
      issued: isoInstant(issued),
      performer: [
        nurse ? refTo('Practitioner', nurse) : refTo('Patient', episode.citizen.patientId),
      ],
    };
    if (values.length === 1 && values[0])
      observation.valueQuantity = quantity(values[0][0], values[0][1]);
    else
      observation.component = values.map(([code, value]): ObservationComponent => ({
        code: toCodeableConcept(ObservationCode[code]),
        valueQuantity: quantity(code, value),
      }));
    if (version.thresholds.length > 0)
      observation.referenceRange = version.thresholds.map(observationReferenceRange);
    sink.add(observation);
    if (!triaged) return;
    submissions.push({
      resourceType: 'Observation',
      id: observation.id ?? '',
      effective,
      issued,
      colour: classify(values, version.thresholds),
      timing,
      requestId: version.id,
    });
  };

  for (let day = fromDay; day <= lastDay; day++) {
    const paused =
      (habits.gap !== undefined && day >= habits.gap[0] && day <= habits.gap[1]) ||
      (habits.stoppedAfterDay !== undefined && day > habits.stoppedAfterDay);
    const scheduled = isScheduled(plan.schedule, day - episode.startDay, calendar.weekday(day));
    const slot = calendar.dayWindow(day);
    if (scheduled) {
      const effective = calendar.at(day, def.hour, 0) + Math.round(rng.normal(0, 40)) * MINUTE_MS;
      const kept = !paused && rng.chance(habits.adherence) && withinPlan(effective);
      if (kept) {
        emit(day, effective, 'Resolved', slot);
        missedInARow = 0;
      } else if (slot.end < calendar.now) {
        missedInARow++;
        lastMissed =
          missedInARow >= 2
            ? {
                requestId: versionAt(plan.versions, slot.start).id,
                start: slot.start,
                end: slot.end,
              }
            : undefined;
      }
    }
    if (paused) continue;
    // Extras draw from their own stream, so the scheduled measurements stay as they were.
    const extraRng = extraPerDay > 0 ? rng.fork('dense', day) : rng;
    for (let extra = 0; extra < extraPerDay; extra++) {
      // Spread over the waking day (06–22), a few minutes apart from the scheduled time.
      const at =
        calendar.at(day, 6) + Math.round(((extra + 0.5) * 16 * 60) / extraPerDay) * MINUTE_MS;
      if (withinPlan(at)) emit(day, at, 'Extra', undefined, false, extraRng);
    }
    const extraAt = calendar.at(day, 13) + rng.int(0, 8 * 60) * MINUTE_MS;
    if (!withinPlan(extraAt)) continue;
    if (def.includeAsExtra && flareLevel(habits.flares, day) > 0.4 && rng.chance(0.3))
      emit(day, extraAt, 'Extra', undefined);
    else if (!def.includeAsExtra && !scheduled && rng.chance(0.004))
      emit(day, extraAt, 'Unresolved', undefined);
  }
  const missed =
    lastMissed && missedInARow >= 2 && lastMissed.end > calendar.now - 7 * DAY_MS
      ? lastMissed
      : undefined;
  return missed ? { submissions, missed } : { submissions };
}
