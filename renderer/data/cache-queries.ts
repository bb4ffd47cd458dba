import type {
  CarePlan,
  Condition,
  EpisodeOfCare,
  Patient,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import { Ext } from '../../shared/fhir/profiles.ts';
import { copenhagenDate } from '../../shared/format/datetime.ts';
import type { ResourceCache } from './cache/contracts.ts';
import { caseloadRows, OPEN_TASK_STATUSES } from './model/caseload.ts';
import { CURRENT_EPISODE_STATUSES, episodeView, inEpisodeOrder } from './model/episode.ts';
import { latestMeasurements } from './model/measurements.ts';
import { patientView } from './model/patient.ts';
import { referenceId } from './model/references.ts';
import { measurementSeries, type SeriesResources } from './model/series.ts';
import { openTaskViews } from './model/tasks.ts';
import { checkPeriod, defaultPeriod, type ClinicalQueries } from './queries.ts';

/** The citizen asked for is not in the offline cache (not in the user's scope, or not synced yet). */
export class NotInCacheError extends Error {
  readonly resourceType: string;
  constructor(resourceType: string) {
    // No id in the message: messages reach the screen and may reach logs.
    super(
      `The ${resourceType} is not in the offline cache (not on your caseload, or not synced yet).`,
    );
    this.name = 'NotInCacheError';
    this.resourceType = resourceType;
  }
}

function aborted(signal: AbortSignal | undefined): void {
  signal?.throwIfAborted();
}

function conditionIds(episodes: readonly EpisodeOfCare[]): string[] {
  return [
    ...new Set(
      episodes
        .map((episode) => referenceId(episode.diagnosis?.[0]?.condition?.reference, 'Condition'))
        .filter((id): id is string => id !== null),
    ),
  ];
}

/**
 * The clinical queries answered from the encrypted offline cache (docs/adr/0003):
 * the same answers as `createNetworkQueries` for the same data, without a
 * request. The cache holds the user's scope (care teams and caseload); a
 * citizen outside it is a NotInCacheError, never an empty view. Every read
 * decrypts in the cache, before any view sees it; nothing here writes.
 */
export function createCacheQueries(
  cache: ResourceCache,
  now: () => Date = () => new Date(),
): ClinicalQueries {
  async function conditionsOf(episodes: readonly EpisodeOfCare[]): Promise<Condition[]> {
    const found = await Promise.all(
      conditionIds(episodes).map((id) => cache.get<Condition & { id: string }>('Condition', id)),
    );
    return found.filter((condition): condition is Condition & { id: string } => !!condition);
  }

  /** A citizen's plans and their thresholds: they need no episode ids, so they can be read first. */
  function plansOf(patientId: string): Promise<[CarePlan[], ServiceRequest[]]> {
    return Promise.all([
      cache.byPatient<CarePlan & { id: string }>('CarePlan', patientId),
      cache.byPatient<ServiceRequest & { id: string }>('ServiceRequest', patientId),
    ]);
  }

  async function seriesResources(
    patientId: string,
    episodeIds: readonly string[],
    from: string,
    to: string,
    plans: Promise<[CarePlan[], ServiceRequest[]]> = plansOf(patientId),
  ): Promise<SeriesResources> {
    const [observations, [carePlans, serviceRequests]] = await Promise.all([
      episodeIds.length === 0
        ? Promise.resolve([])
        : cache.measurements(episodeIds, Date.parse(from), Date.parse(to)),
      plans,
    ]);
    // FUT finds a citizen's measurements by subject; the cache by episode: keep the citizen's own.
    const own = observations.filter((observation) => {
      const subject = referenceId(observation.subject?.reference, 'Patient');
      return subject === null || subject === patientId;
    });
    return { observations: own, carePlans, serviceRequests };
  }

  async function episodesOf(patientId: string): Promise<EpisodeOfCare[]> {
    return inEpisodeOrder(
      await cache.byPatient<EpisodeOfCare & { id: string }>('EpisodeOfCare', patientId),
    );
  }

  return {
    caseload: async (scope, signal) => {
      if (scope.careTeamIds.length === 0) return [];
      const teams = new Set(scope.careTeamIds);
      const allEpisodes = await cache.all<EpisodeOfCare & { id: string }>('EpisodeOfCare');
      aborted(signal);
      const episodes = allEpisodes.filter(
        (episode) =>
          CURRENT_EPISODE_STATUSES.includes(episode.status) &&
          (episode.team ?? []).some((team) => {
            const id = referenceId(team.reference, 'CareTeam');
            return id !== null && teams.has(id);
          }),
      );
      const patientIds = [
        ...new Set(
          episodes
            .map((episode) => referenceId(episode.patient.reference, 'Patient'))
            .filter((id): id is string => id !== null),
        ),
      ];
      const [patients, conditions, tasks] = await Promise.all([
        Promise.all(patientIds.map((id) => cache.get<Patient & { id: string }>('Patient', id))),
        conditionsOf(episodes),
        cache.all<Task & { id: string }>('Task'),
      ]);
      aborted(signal);
      // As `Task?responsible=<teams>&status=<open>`: FUT's responsible is the task-responsible extension.
      const openTasks = tasks.filter((task) => {
        if (!OPEN_TASK_STATUSES.includes(task.status)) return false;
        return (task.extension ?? []).some((extension) => {
          if (extension.url !== Ext.taskResponsible) return false;
          const id = referenceId(extension.valueReference?.reference, 'CareTeam');
          return id !== null && teams.has(id);
        });
      });
      return caseloadRows(
        {
          episodes,
          patients: patients.filter((patient): patient is Patient & { id: string } => !!patient),
          conditions,
          openTasks,
        },
        copenhagenDate(now()),
      );
    },

    citizen: async (patientId, signal) => {
      const period = defaultPeriod(now());
      // Read alongside the patient and episodes (one wait less); a failure is reported below.
      const plans = plansOf(patientId);
      plans.catch(() => undefined);
      const [patient, episodes] = await Promise.all([
        cache.get<Patient & { id: string }>('Patient', patientId),
        episodesOf(patientId),
      ]);
      aborted(signal);
      if (!patient) throw new NotInCacheError('Patient');
      const [conditions, resources] = await Promise.all([
        conditionsOf(episodes),
        seriesResources(
          patientId,
          episodes.map((episode) => episode.id ?? ''),
          period.from,
          period.to,
          plans,
        ),
      ]);
      aborted(signal);
      const conditionMap = new Map(conditions.map((condition) => [condition.id ?? '', condition]));
      return {
        patient: patientView(patient, copenhagenDate(now())),
        episodes: episodes.map((episode) => episodeView(episode, conditionMap)),
        latest: latestMeasurements(resources.observations),
        measuredSince: period.from,
        measuredUntil: period.to,
        series: measurementSeries(resources, period.from, period.to),
      };
    },

    tasks: async (patientId, signal) => {
      const episodes = await episodesOf(patientId);
      aborted(signal);
      const episodeIds = episodes.map((episode) => episode.id ?? '').filter(Boolean);
      if (episodeIds.length === 0) return [];
      const tasks = await cache.byEpisode<Task & { id: string }>('Task', episodeIds);
      aborted(signal);
      return openTaskViews(tasks);
    },

    series: async (patientId, fromIso, toIso, signal) => {
      const period = checkPeriod(fromIso, toIso);
      const episodes = await episodesOf(patientId);
      aborted(signal);
      const resources = await seriesResources(
        patientId,
        episodes.map((episode) => episode.id ?? ''),
        period.from,
        period.to,
      );
      aborted(signal);
      return measurementSeries(resources, period.from, period.to);
    },
  };
}
