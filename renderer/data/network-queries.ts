import type {
  CarePlan,
  Condition,
  EpisodeOfCare,
  Observation,
  Resource,
  ResourceType,
  ServiceRequest,
} from '@medplum/fhirtypes';
import { copenhagenDate } from '../../shared/format/datetime.ts';
import {
  FhirError,
  type FhirClient,
  type FhirResource,
  type SearchOptions,
} from './fhir/fhir-client.ts';
import { isIdentifiedResourceOf } from './fhir/fhir-parse.ts';
import { caseloadRows, OPEN_TASK_STATUSES } from './model/caseload.ts';
import { CURRENT_EPISODE_STATUSES, episodeView, inEpisodeOrder } from './model/episode.ts';
import { latestMeasurements } from './model/measurements.ts';
import { patientView } from './model/patient.ts';
import { referenceId } from './model/references.ts';
import { measurementSeries, type MeasurementSeries } from './model/series.ts';
import { openTaskViews } from './model/tasks.ts';
import { checkPeriod, defaultPeriod, type ClinicalQueries } from './queries.ts';

const ID_CHUNK = 50;
const PARALLEL_READS = 6;

function ofType<K extends ResourceType>(
  type: K,
  resources: readonly Resource[],
): FhirResource<K>[] {
  return resources.filter((resource) => isIdentifiedResourceOf(resource, type));
}

async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Every match and included resource of a search, for the type filters below. */
async function everything(
  fhir: FhirClient,
  type: ResourceType,
  query: string,
  options: SearchOptions,
): Promise<Resource[]> {
  const { matches, included } = await fhir.search(type, query, options);
  return [...matches, ...included];
}

const joinRefs = (type: string, ids: readonly string[]) =>
  ids.map((id) => `${type}/${encodeURIComponent(id)}`).join(',');

/**
 * The clinical queries answered straight from the FHIR server through the
 * gateway, using only searches FUT offers (EpisodeOfCare by team, Patient by
 * `_id`, Task by responsible team, Observation by subject and date; Condition
 * has no search in FUT, so it is read by id).
 */
export function createNetworkQueries(
  fhir: FhirClient,
  now: () => Date = () => new Date(),
): ClinicalQueries {
  /**
   * The episodes' diagnoses: those the search already brought with
   * `_include=EpisodeOfCare:condition` (Condition has no search in FUT), and
   * any it did not, read by id.
   */
  async function readConditions(
    episodes: readonly EpisodeOfCare[],
    included: readonly Resource[],
    signal?: AbortSignal,
  ): Promise<Condition[]> {
    const have = ofType('Condition', included);
    const haveIds = new Set(have.map((condition) => condition.id));
    const ids = [
      ...new Set(
        episodes
          .map((episode) => referenceId(episode.diagnosis?.[0]?.condition?.reference, 'Condition'))
          .filter((id): id is string => id !== null && !haveIds.has(id)),
      ),
    ];
    const found = await inParallel(ids, PARALLEL_READS, async (id) => {
      try {
        return await fhir.read('Condition', id, signal);
      } catch (error) {
        // A missing diagnosis should not hide the citizen: the forløb shows without its name.
        if (error instanceof FhirError && error.kind === 'server' && error.status === 404)
          return null;
        throw error;
      }
    });
    return [...have, ...found.filter((condition) => condition !== null)];
  }

  /**
   * A citizen's measurements in [from, to) (Observation by subject and date)
   * and active plans with their ServiceRequests (CarePlan by patient,
   * `_include=CarePlan:activity-reference`; ServiceRequest has no search in FUT).
   */
  async function readSeriesResources(
    patientId: string,
    fromIso: string,
    toIso: string,
    signal?: AbortSignal,
  ): Promise<{
    observations: Observation[];
    carePlans: CarePlan[];
    serviceRequests: ServiceRequest[];
  }> {
    const id = encodeURIComponent(patientId);
    const [observations, plans] = await Promise.all([
      everything(
        fhir,
        'Observation',
        `subject=Patient/${id}&date=ge${fromIso}&date=lt${toIso}&_count=500`,
        { signal },
      ),
      everything(
        fhir,
        'CarePlan',
        `patient=Patient/${id}&status=active&_include=CarePlan:activity-reference&_count=50`,
        { signal },
      ),
    ]);
    return {
      observations: ofType('Observation', observations),
      carePlans: ofType('CarePlan', plans),
      serviceRequests: ofType('ServiceRequest', plans),
    };
  }

  return {
    caseload: async (scope, signal) => {
      if (scope.careTeamIds.length === 0) return [];
      const teams = joinRefs('CareTeam', scope.careTeamIds);
      const [episodes, openTasks] = await Promise.all([
        everything(
          fhir,
          'EpisodeOfCare',
          `team=${teams}&status=${CURRENT_EPISODE_STATUSES.join(',')}&_include=EpisodeOfCare:condition&_count=200`,
          { signal },
        ),
        everything(
          fhir,
          'Task',
          `responsible=${teams}&status=${OPEN_TASK_STATUSES.join(',')}&_count=500`,
          { signal },
        ),
      ]);
      const episodeResources = ofType('EpisodeOfCare', episodes);
      const patientIds = [
        ...new Set(
          episodeResources
            .map((episode) => referenceId(episode.patient.reference, 'Patient'))
            .filter((id): id is string => id !== null),
        ),
      ];
      const [patientPages, conditions] = await Promise.all([
        Promise.all(
          chunks(patientIds, ID_CHUNK).map((ids) =>
            everything(
              fhir,
              'Patient',
              `_id=${ids.map(encodeURIComponent).join(',')}&_count=${ID_CHUNK}`,
              { signal },
            ),
          ),
        ),
        readConditions(episodeResources, episodes, signal),
      ]);
      return caseloadRows(
        {
          episodes: episodeResources,
          patients: ofType('Patient', patientPages.flat()),
          conditions,
          openTasks: ofType('Task', openTasks),
        },
        copenhagenDate(now()),
      );
    },
    citizen: async (patientId, signal) => {
      const id = encodeURIComponent(patientId);
      const period = defaultPeriod(now());
      const [patient, episodes, seriesResources] = await Promise.all([
        fhir.read('Patient', patientId, signal),
        everything(
          fhir,
          'EpisodeOfCare',
          `patient=Patient/${id}&_include=EpisodeOfCare:condition&_count=50`,
          { signal },
        ),
        readSeriesResources(patientId, period.from, period.to, signal),
      ]);
      const episodeResources = inEpisodeOrder(ofType('EpisodeOfCare', episodes));
      const conditions = new Map(
        (await readConditions(episodeResources, episodes, signal)).map((condition) => [
          condition.id ?? '',
          condition,
        ]),
      );
      return {
        patient: patientView(patient, copenhagenDate(now())),
        episodes: episodeResources.map((episode) => episodeView(episode, conditions)),
        latest: latestMeasurements(seriesResources.observations),
        measuredSince: period.from,
        measuredUntil: period.to,
        series: measurementSeries(seriesResources, period.from, period.to),
      };
    },
    tasks: async (patientId, signal) => {
      const id = encodeURIComponent(patientId);
      const episodes = ofType(
        'EpisodeOfCare',
        await everything(fhir, 'EpisodeOfCare', `patient=Patient/${id}&_count=50`, { signal }),
      );
      const episodeIds = episodes.map((episode) => episode.id ?? '').filter(Boolean);
      if (episodeIds.length === 0) return [];
      const pages = await Promise.all(
        chunks(episodeIds, ID_CHUNK).map((ids) =>
          everything(
            fhir,
            'Task',
            `episodeOfCare=${joinRefs('EpisodeOfCare', ids)}&status=${OPEN_TASK_STATUSES.join(',')}&_count=200`,
            { signal },
          ),
        ),
      );
      return openTaskViews(ofType('Task', pages.flat()));
    },
    series: async (patientId, fromIso, toIso, signal): Promise<MeasurementSeries[]> => {
      const period = checkPeriod(fromIso, toIso);
      return measurementSeries(
        await readSeriesResources(patientId, period.from, period.to, signal),
        period.from,
        period.to,
      );
    },
  };
}
