import { copenhagenDate } from '../../../shared/format/datetime.ts';
import { OPEN_TASK_STATUSES } from '../../data/model/caseload.ts';
import { episodeView, inEpisodeOrder, type EpisodeView } from '../../data/model/episode.ts';
import { latestMeasurements, type LatestMeasurement } from '../../data/model/measurements.ts';
import { patientView, type PatientView } from '../../data/model/patient.ts';
import { referenceId } from '../../data/model/references.ts';
import {
  measurementSeries,
  type MeasurementSeries,
  type SeriesResources,
} from '../../data/model/series.ts';
import { openTaskViews, type TaskView } from '../../data/model/tasks.ts';
import { episodeConditions, linked } from '../../data/source/linked.ts';
import {
  NotInCacheError,
  type Period,
  type ResourceSource,
} from '../../data/source/resource-source.ts';
import { checkPeriod, defaultPeriod } from './period.ts';

/** Everything the citizen view's first paint needs: banner, latest values, the default period's charts. */
export interface CitizenData {
  readonly patient: PatientView;
  readonly episodes: readonly EpisodeView[];
  readonly latest: readonly LatestMeasurement[];
  /** Start of the period the latest values and the series cover (ISO instant). */
  readonly measuredSince: string;
  /** End (exclusive) of that period: the time the data was asked for (ISO instant). */
  readonly measuredUntil: string;
  /** One series per measurement type measured or planned in the period (see measurementSeries). */
  readonly series: readonly MeasurementSeries[];
}

/** The citizen's measurements in the period and the active plans with their ServiceRequests. */
async function seriesResources(
  source: ResourceSource,
  patientId: string,
  period: Period,
  signal?: AbortSignal,
): Promise<SeriesResources> {
  const [observations, plans] = await Promise.all([
    source.measurements(patientId, period, signal),
    source.byPatient('CarePlan', patientId, { status: ['active'] }, signal),
  ]);
  const requestIds = plans.resources.flatMap((plan) =>
    (plan.activity ?? [])
      .map((activity) => referenceId(activity.reference?.reference, 'ServiceRequest'))
      .filter((id): id is string => id !== null),
  );
  const serviceRequests = await linked(
    source,
    'ServiceRequest',
    requestIds,
    plans.included,
    signal,
  );
  return { observations, carePlans: plans.resources, serviceRequests };
}

/** The citizen view's first paint; a citizen the source does not have is a NotInCacheError (the network fails with its 404). */
export async function citizen(
  source: ResourceSource,
  patientId: string,
  now: Date,
  signal?: AbortSignal,
): Promise<CitizenData> {
  const period = defaultPeriod(now);
  const [patient, episodes, resources] = await Promise.all([
    source.read('Patient', patientId, signal),
    source.byPatient('EpisodeOfCare', patientId, undefined, signal),
    seriesResources(source, patientId, period, signal),
  ]);
  if (!patient) throw new NotInCacheError('Patient');
  const ordered = inEpisodeOrder(episodes.resources);
  const conditions = await episodeConditions(source, ordered, episodes.included, signal);
  return {
    patient: patientView(patient, copenhagenDate(now)),
    episodes: ordered.map((episode) => episodeView(episode, conditions)),
    latest: latestMeasurements(resources.observations),
    measuredSince: period.from,
    measuredUntil: period.to,
    series: measurementSeries(resources, period.from, period.to),
  };
}

/** Open Tasks of the citizen's forløb, most pressing first (see openTaskViews). */
export async function citizenTasks(
  source: ResourceSource,
  patientId: string,
  signal?: AbortSignal,
): Promise<TaskView[]> {
  const episodes = await source.byPatient('EpisodeOfCare', patientId, undefined, signal);
  const episodeIds = episodes.resources.map((episode): string => episode.id);
  if (episodeIds.length === 0) return [];
  const tasks = await source.byEpisodes('Task', episodeIds, { status: OPEN_TASK_STATUSES }, signal);
  return openTaskViews(tasks.resources);
}

/** The citizen's measurement series in [fromIso, toIso), for a period other than the default. */
export async function citizenSeries(
  source: ResourceSource,
  patientId: string,
  fromIso: string,
  toIso: string,
  signal?: AbortSignal,
): Promise<MeasurementSeries[]> {
  const period = checkPeriod(fromIso, toIso);
  const resources = await seriesResources(source, patientId, period, signal);
  return measurementSeries(resources, period.from, period.to);
}

/** One of the citizen's diagnoses, with the forløb it is the diagnosis of. */
export interface CitizenCondition {
  readonly id: string;
  readonly text: string;
  readonly episodeIds: readonly string[];
}

/** The diagnoses of the citizen's forløb, by id (Condition has no search in FUT: it comes with the episodes). */
export async function citizenConditions(
  source: ResourceSource,
  patientId: string,
  signal?: AbortSignal,
): Promise<CitizenCondition[]> {
  const episodes = await source.byPatient('EpisodeOfCare', patientId, undefined, signal);
  const conditions = await episodeConditions(source, episodes.resources, episodes.included, signal);
  return [...conditions]
    .map(([id, condition]) => ({
      id,
      text: condition.code?.text ?? condition.code?.coding?.[0]?.display ?? '',
      episodeIds: episodes.resources
        .filter(
          (episode) =>
            referenceId(episode.diagnosis?.[0]?.condition?.reference, 'Condition') === id,
        )
        .map((episode): string => episode.id)
        .sort(),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
