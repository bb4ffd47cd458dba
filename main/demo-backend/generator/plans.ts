/**
 * The plan of a forløb: one ServiceRequest per activity (what to measure or
 * answer, and how often) and the CarePlan listing them. Thresholds sit on
 * the ServiceRequest as ehealth-referenceRange. When a clinician changes a
 * threshold mid-series the demo ends that ServiceRequest (status completed,
 * boundsPeriod.end = the change) and starts a successor with the new ranges
 * from that instant, sharing the activity's `requisition` id: one version per
 * period, since the back end keeps no history.
 */
import type { CodeableConcept, ServiceRequest, Timing } from '@medplum/fhirtypes';
import { toCodeableConcept } from '../../../shared/fhir/coding.ts';
import { ActivityCode, SharingPolicy } from '../../../shared/fhir/codes-care.ts';
import { ObservationCode } from '../../../shared/fhir/observation-codes.ts';
import { Ext, Profile } from '../../../shared/fhir/profiles.ts';
import type { Threshold } from '../../../shared/fhir/reference-range.ts';
import { referenceRangeExtension } from '../../../shared/fhir/reference-range.ts';
import { IdentifierSystem } from '../../../shared/fhir/systems.ts';
import { activityDefinitionCanonical, planDefinitionCanonical } from './canonical.ts';
import type { Episode } from './episodes.ts';
import type { ComponentModel, MeasureKey } from './measure-model.ts';
import { MEASURES } from './measures.ts';
import type { Schedule } from './programmes.ts';
import type { QuestionnaireKey } from './questionnaires.ts';
import { questionnaireId } from './questionnaires.ts';
import type { Rng } from './random.ts';
import type { Sink } from './sink.ts';
import { refTo } from './sink.ts';
import type { DataCalendar } from './time.ts';
import { isoInstant } from './time.ts';

/** One ServiceRequest version: the thresholds in force from `start` until `end` (open while the plan runs). */
export interface RequestVersion {
  readonly id: string;
  readonly start: number;
  readonly end?: number;
  readonly thresholds: readonly Threshold[];
}

export interface MeasurePlan {
  readonly kind: 'measure';
  readonly measure: MeasureKey;
  readonly schedule: Schedule;
  readonly models: readonly ComponentModel[];
  readonly versions: readonly RequestVersion[];
}

export interface ProPlan {
  readonly kind: 'pro';
  readonly questionnaire: QuestionnaireKey;
  readonly everyDays: number;
  readonly requestId: string;
  /** The plan's period: answers fall inside it. */
  readonly start: number;
  readonly end?: number;
}

export interface Plan {
  readonly carePlanId: string;
  readonly measures: readonly MeasurePlan[];
  readonly pro: readonly ProPlan[];
  /** First day with measurements in the data: the later of plan start and the history window. */
  readonly seriesStartDay: number;
}

const WEEKDAY_CODES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function occurrence(schedule: Schedule, start: number, end: number | undefined): Timing {
  const boundsPeriod = {
    start: isoInstant(start),
    ...(end !== undefined ? { end: isoInstant(end) } : {}),
  };
  if ('weekdays' in schedule)
    return {
      repeat: {
        boundsPeriod,
        frequency: 1,
        period: 1,
        periodUnit: 'wk',
        dayOfWeek: schedule.weekdays.map((d) => WEEKDAY_CODES[d] ?? 'mon'),
      },
    };
  return { repeat: { boundsPeriod, frequency: 1, period: schedule.everyDays, periodUnit: 'd' } };
}

interface RequestInput {
  readonly id: string;
  readonly episode: Episode;
  readonly code: () => CodeableConcept;
  readonly activity: string;
  readonly timing: Timing;
  readonly status: ServiceRequest['status'];
  readonly authored: number;
  readonly requisition: string;
  readonly includeAsExtra: boolean;
  readonly thresholds: readonly Threshold[];
  readonly questionnaire?: QuestionnaireKey;
}

function addRequest(sink: Sink, input: RequestInput): void {
  const { episode } = input;
  sink.add({
    resourceType: 'ServiceRequest',
    id: input.id,
    meta: { profile: [Profile.serviceRequest] },
    extension: [
      { url: Ext.workflowEpisodeOfCare, valueReference: refTo('EpisodeOfCare', episode.id) },
      {
        url: Ext.sharingPolicy,
        valueCodeableConcept: toCodeableConcept(SharingPolicy.nationalHealthData),
      },
      { url: Ext.includeAsExtra, valueBoolean: input.includeAsExtra },
      ...input.thresholds.map(referenceRangeExtension),
    ],
    instantiatesCanonical: [activityDefinitionCanonical(input.activity)],
    requisition: { system: IdentifierSystem.uri, value: `urn:uuid:${input.requisition}` },
    status: input.status,
    intent: 'order',
    code: input.code(),
    subject: refTo('Patient', episode.citizen.patientId),
    occurrenceTiming: input.timing,
    authoredOn: isoInstant(input.authored),
    requester: refTo('Practitioner', episode.primaryContactId),
    performer: [refTo('Patient', episode.citizen.patientId)],
    reasonReference: [refTo('Condition', episode.conditionId)],
    ...(input.questionnaire
      ? { supportingInfo: [refTo('Questionnaire', questionnaireId(input.questionnaire))] }
      : {}),
  });
}

/** Expected value of a component on a series day, without noise (where a clinician would re-base). */
function expectedAt(model: ComponentModel, day: number): number {
  return model.baseline + model.trendPerDay * day;
}

export function addPlan(
  sink: Sink,
  rng: Rng,
  calendar: DataCalendar,
  episode: Episode,
  historyDays: number,
): Plan {
  const { programme } = episode;
  const planStart = calendar.at(episode.startDay, 10);
  const planEnd = episode.endDay !== undefined ? calendar.at(episode.endDay, 15) : undefined;
  const status: ServiceRequest['status'] =
    episode.status === 'finished'
      ? 'completed'
      : episode.status === 'onhold'
        ? 'on-hold'
        : 'active';
  const seriesStartDay = Math.max(episode.startDay, -historyDays);
  const seriesDays = episode.monitoredUntilDay - seriesStartDay;
  const requestIds: string[] = [];

  const measures: MeasurePlan[] = programme.measures.map((activity) => {
    const def = MEASURES[activity.measure];
    const models = def.models(rng, programme.key);
    const requisition = rng.uuid();
    const code = (): CodeableConcept => toCodeableConcept(ObservationCode[def.code]);
    const versions: RequestVersion[] = [];
    const first = {
      id: sink.id('sr'),
      start: planStart,
      thresholds: def.thresholds(
        programme.key,
        models.map((m) => m.baseline),
        0,
      ),
    };
    if (seriesDays > 30 && rng.chance(0.35)) {
      const changeDay = seriesStartDay + Math.round(seriesDays * rng.between(0.3, 0.85));
      const change = calendar.at(changeDay, rng.int(9, 15), rng.int(0, 59));
      // A new dry (reference) weight: at least 0.3 kg from the old, so the ranges do change.
      const rebase =
        activity.measure === 'weight' ? (rng.chance(0.6) ? -1 : 1) * rng.between(0.3, 1.2) : 0;
      const baselines = models.map((m) => expectedAt(m, changeDay - seriesStartDay) + rebase);
      versions.push(
        { ...first, end: change },
        {
          id: sink.id('sr'),
          start: change,
          ...(planEnd !== undefined ? { end: planEnd } : {}),
          thresholds: def.thresholds(programme.key, baselines, 1),
        },
      );
    } else versions.push({ ...first, ...(planEnd !== undefined ? { end: planEnd } : {}) });
    versions.forEach((version, index) => {
      const last = index === versions.length - 1;
      addRequest(sink, {
        id: version.id,
        episode,
        code,
        activity: `${programme.planName}-${activity.measure}`,
        timing: occurrence(activity.schedule, version.start, version.end),
        status: last ? status : 'completed',
        authored: version.start - (index === 0 ? 3_600_000 : 0),
        requisition,
        includeAsExtra: def.includeAsExtra,
        thresholds: version.thresholds,
      });
      requestIds.push(version.id);
    });
    return {
      kind: 'measure',
      measure: activity.measure,
      schedule: activity.schedule,
      models,
      versions,
    };
  });

  const pro: ProPlan[] = [];
  for (const activity of programme.pro) {
    if (!rng.chance(activity.share)) continue;
    const requestId = sink.id('sr');
    addRequest(sink, {
      id: requestId,
      episode,
      code: () => toCodeableConcept(ActivityCode.questionnaire),
      activity: `${programme.planName}-${activity.questionnaire}`,
      timing: occurrence({ everyDays: activity.everyDays }, planStart, planEnd),
      status,
      authored: planStart - 3_600_000,
      requisition: rng.uuid(),
      includeAsExtra: false,
      thresholds: [],
      questionnaire: activity.questionnaire,
    });
    requestIds.push(requestId);
    pro.push({
      kind: 'pro',
      questionnaire: activity.questionnaire,
      everyDays: activity.everyDays,
      requestId,
      start: planStart,
      ...(planEnd !== undefined ? { end: planEnd } : {}),
    });
  }

  const carePlanId = sink.id('cp');
  sink.add({
    resourceType: 'CarePlan',
    id: carePlanId,
    meta: { profile: [Profile.carePlan] },
    extension: [
      { url: Ext.workflowEpisodeOfCare, valueReference: refTo('EpisodeOfCare', episode.id) },
    ],
    instantiatesCanonical: [planDefinitionCanonical(programme.planName)],
    status:
      episode.status === 'finished'
        ? 'completed'
        : episode.status === 'onhold'
          ? 'on-hold'
          : 'active',
    intent: 'plan',
    title: programme.planTitle,
    subject: refTo('Patient', episode.citizen.patientId),
    period: {
      start: isoInstant(planStart),
      ...(planEnd !== undefined ? { end: isoInstant(planEnd) } : {}),
    },
    created: isoInstant(planStart - 3_600_000),
    careTeam: episode.teamIds.map((teamId) => refTo('CareTeam', teamId)),
    addresses: [refTo('Condition', episode.conditionId)],
    activity: requestIds.map((id) => ({ reference: refTo('ServiceRequest', id) })),
  });
  return { carePlanId, measures, pro, seriesStartDay };
}
