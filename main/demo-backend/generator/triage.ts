/**
 * What FUT's automatic processing and the clinicians make of submissions:
 * a TriagingResult ClinicalImpression per day of measurements (and per PRO
 * answer, with the answer's finding basis), a MeasurementForAssessment Task
 * for the forløb's default team, still open for the newest (and for some
 * recent red and yellow), else completed with the clinician's assessment;
 * MissingMeasurementResolving when scheduled measurements stop coming, and
 * UnexpectedMeasurementResolving for a measurement nobody asked for.
 */
import type { ClinicalImpression, Extension, Reference, Task } from '@medplum/fhirtypes';
import type { CodeDef } from '../../../shared/fhir/coding.ts';
import { toCodeableConcept } from '../../../shared/fhir/coding.ts';
import type { TaskPriority } from '../../../shared/fhir/codes-workflow.ts';
import {
  ClinicalImpressionCode,
  ClinicalImpressionDecision,
  ClinicalImpressionFinding,
  ResolvedTimingType,
  RestrictionCategory,
  TaskCategory,
} from '../../../shared/fhir/codes-workflow.ts';
import { Ext, Profile } from '../../../shared/fhir/profiles.ts';
import type { Episode } from './episodes.ts';
import type { Colour, MissedSlot, Submission } from './observations.ts';
import type { ScoredAnswer } from './pro.ts';
import { significanceExtension } from './questionnaires.ts';
import type { Rng } from './random.ts';
import type { Sink } from './sink.ts';
import { refTo } from './sink.ts';
import type { DataCalendar } from './time.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS, isoInstant } from './time.ts';
import type { World } from './world.ts';
import { team } from './world.ts';

/** Measurements issued within this many days get a triage result and a task. */
export const REVIEW_WINDOW_DAYS = 14;
const PRIORITY: Readonly<Record<Colour, TaskPriority>> = {
  red: 'asap',
  yellow: 'urgent',
  green: 'routine',
};
const SEVERITY: Readonly<Record<Colour, number>> = { green: 0, yellow: 1, red: 2 };

interface TriageContext {
  readonly sink: Sink;
  readonly rng: Rng;
  readonly calendar: DataCalendar;
  readonly world: World;
  readonly episode: Episode;
  readonly carePlanId: string;
}

function impressionBase(ctx: TriageContext, code: CodeDef, date: number): ClinicalImpression {
  return {
    resourceType: 'ClinicalImpression',
    id: ctx.sink.id('ci'),
    meta: { profile: [Profile.clinicalImpression] },
    extension: [
      { url: Ext.workflowEpisodeOfCare, valueReference: refTo('EpisodeOfCare', ctx.episode.id) },
      { url: Ext.clinicalImpressionCarePlan, valueReference: refTo('CarePlan', ctx.carePlanId) },
    ],
    status: 'completed',
    code: toCodeableConcept(code),
    subject: refTo('Patient', ctx.episode.citizen.patientId),
    date: isoInstant(date),
  };
}

/** Days a team lets new measurements wait: GPs review weekly, the others daily. */
function backlogDays(ctx: TriageContext): number {
  return team(ctx.world, ctx.episode.defaultTeamId).sector === 'general-practice' ? 7 : 2;
}

function addTask(
  ctx: TriageContext,
  input: {
    category: CodeDef;
    priority: TaskPriority;
    focus: Reference;
    authored: number;
    open: boolean;
    description: string;
    extra?: Extension[];
  },
): void {
  const { rng, calendar, episode } = ctx;
  const workers = team(ctx.world, episode.defaultTeamId).practitionerIds;
  const owner = input.open ? (rng.chance(0.3) ? rng.pick(workers) : undefined) : rng.pick(workers);
  const authored = Math.min(calendar.now, input.authored);
  const modified = input.open
    ? authored
    : Math.min(calendar.now, authored + rng.int(20, 26 * 60) * MINUTE_MS);
  const task: Task = {
    resourceType: 'Task',
    id: ctx.sink.id('task'),
    meta: { profile: [Profile.task] },
    extension: [
      { url: Ext.taskEpisodeOfCare, valueReference: refTo('EpisodeOfCare', episode.id) },
      { url: Ext.taskCategory, valueCodeableConcept: toCodeableConcept(input.category) },
      { url: Ext.taskResponsible, valueReference: refTo('CareTeam', episode.defaultTeamId) },
      {
        url: Ext.restrictionCategory,
        valueCodeableConcept: toCodeableConcept(RestrictionCategory.measurementMonitoring),
      },
      { url: Ext.referenceCarePlan, valueReference: refTo('CarePlan', ctx.carePlanId) },
      ...(input.extra ?? []),
    ],
    status: input.open ? (owner ? 'in-progress' : 'ready') : 'completed',
    intent: 'order',
    priority: input.priority,
    description: input.description,
    focus: input.focus,
    for: refTo('Patient', episode.citizen.patientId),
    authoredOn: isoInstant(authored),
    lastModified: isoInstant(modified),
    ...(owner ? { owner: refTo('Practitioner', owner) } : {}),
    ...(input.open
      ? {}
      : { executionPeriod: { start: isoInstant(authored), end: isoInstant(modified) } }),
  };
  ctx.sink.add(task);
}

/** Triage result, task and (for handled ones) the clinician's assessment for a group of submissions. */
function triage(ctx: TriageContext, group: readonly Submission[], scored?: ScoredAnswer): void {
  const { rng, calendar } = ctx;
  const issued = Math.max(...group.map((s) => s.issued));
  const colour = group.reduce<Colour>(
    (worst, s) => (SEVERITY[s.colour] > SEVERITY[worst] ? s.colour : worst),
    'green',
  );
  const triaged = Math.min(calendar.now, issued + rng.int(1, 3) * MINUTE_MS);
  const impression = impressionBase(ctx, ClinicalImpressionCode.TriagingResult, triaged);
  impression.investigation = [
    {
      code: { text: scored ? 'Spørgeskemabesvarelse' : 'Målinger' },
      item: group.map((s) => refTo(s.resourceType, s.id)),
    },
  ];
  impression.finding = [
    { itemCodeableConcept: toCodeableConcept(ClinicalImpressionFinding[colour]) },
  ];
  if (scored) {
    const findingFor = {
      red: ClinicalImpressionFinding.redQuestionAnswer,
      yellow: ClinicalImpressionFinding.yellowQuestionAnswer,
      green: ClinicalImpressionFinding.greenQuestionAnswer,
    };
    impression.extension?.push(
      ...scored.basis.map((basis) => ({
        url: Ext.findingBasis,
        extension: [
          { url: 'linkId', valueString: basis.linkId },
          { url: 'value', valueInteger: basis.value },
          {
            url: 'finding',
            valueCodeableConcept: toCodeableConcept(findingFor[basis.rule.significance]),
          },
          significanceExtension(basis.rule),
        ],
      })),
    );
  }
  ctx.sink.add(impression);
  if (issued < calendar.now - REVIEW_WINDOW_DAYS * DAY_MS || ctx.episode.status === 'finished')
    return;

  const age = (calendar.now - issued) / DAY_MS;
  const open = age <= backlogDays(ctx) || (colour !== 'green' && age <= 7 && rng.chance(0.5));
  if (!open) {
    const assessed = Math.min(calendar.now - MINUTE_MS, triaged + rng.int(20, 26 * 60) * MINUTE_MS);
    const assessment = impressionBase(ctx, ClinicalImpressionCode.MeasurementAssessment, assessed);
    assessment.extension?.push({
      url: Ext.clinicalImpressionDecision,
      valueCodeableConcept: toCodeableConcept(ClinicalImpressionDecision.approved),
    });
    assessment.previous = refTo('ClinicalImpression', impression.id ?? '');
    assessment.assessor = refTo(
      'Practitioner',
      rng.pick(team(ctx.world, ctx.episode.defaultTeamId).practitionerIds),
    );
    assessment.investigation = [
      {
        code: { text: scored ? 'Spørgeskemabesvarelse' : 'Målinger' },
        item: group.map((s) => refTo(s.resourceType, s.id)),
      },
    ];
    ctx.sink.add(assessment);
  }
  addTask(ctx, {
    category: TaskCategory.MeasurementForAssessment,
    priority: PRIORITY[colour],
    focus: refTo('ClinicalImpression', impression.id ?? ''),
    authored: triaged,
    open,
    description: scored ? 'Vurder spørgeskemabesvarelse' : 'Vurder nye målinger',
  });
}

/** Triage for a forløb's measurements (grouped per day of arrival) and answers, plus missing and unexpected ones. */
export function addTriage(
  ctx: TriageContext,
  measurements: readonly Submission[],
  answers: readonly (Submission & { scored: ScoredAnswer })[],
  missed: readonly MissedSlot[],
): void {
  const { calendar, rng } = ctx;
  const since = calendar.now - REVIEW_WINDOW_DAYS * DAY_MS;
  const byDay = new Map<number, Submission[]>();
  for (const s of measurements) {
    if (s.issued < since) continue;
    const day = Math.floor((s.issued - calendar.dayWindow(0).start) / DAY_MS);
    byDay.set(day, [...(byDay.get(day) ?? []), s]);
  }
  for (const day of [...byDay.keys()].sort((a, b) => a - b)) triage(ctx, byDay.get(day) ?? []);
  for (const a of answers) triage(ctx, [a], a.scored);

  if (ctx.episode.status !== 'active') return;
  for (const slot of missed) {
    addTask(ctx, {
      category: TaskCategory.MissingMeasurementResolving,
      priority: 'routine',
      focus: refTo('ServiceRequest', slot.requestId),
      authored: slot.end + HOUR_MS,
      open: true,
      description: 'Planlagt måling er ikke modtaget',
      extra: [
        {
          url: Ext.resolvedTiming,
          extension: [
            { url: 'serviceRequestVersionId', valueId: '1' },
            { url: 'start', valueDateTime: isoInstant(slot.start) },
            { url: 'end', valueDateTime: isoInstant(slot.end) },
            { url: 'type', valueCodeableConcept: toCodeableConcept(ResolvedTimingType.Resolved) },
          ],
        },
      ],
    });
  }
  for (const s of measurements) {
    if (s.timing !== 'Unresolved' || s.issued < since) continue;
    addTask(ctx, {
      category: TaskCategory.UnexpectedMeasurementResolving,
      priority: 'routine',
      focus: refTo('Observation', s.id),
      authored: s.issued + rng.int(1, 5) * MINUTE_MS,
      open: calendar.now - s.issued < 5 * DAY_MS,
      description: 'Måling modtaget uden for planen',
    });
  }
}
