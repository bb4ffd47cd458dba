import type { Condition, EpisodeOfCare, Observation, Patient, Task } from '@medplum/fhirtypes';
import { copenhagenDate } from '../../shared/format/datetime.ts';
import { FhirError, type FhirClient } from './fhir-client.ts';
import { caseloadRows, OPEN_TASK_STATUSES } from './model/caseload.ts';
import { CURRENT_EPISODE_STATUSES, episodeView } from './model/episode.ts';
import { latestMeasurements } from './model/measurements.ts';
import { patientView } from './model/patient.ts';
import { referenceId } from './model/references.ts';
import { LATEST_MEASUREMENTS_DAYS, type ClinicalQueries } from './queries.ts';

const ID_CHUNK = 50;
const PARALLEL_READS = 6;

function ofType<T extends { resourceType: string }>(
  type: T['resourceType'],
  resources: readonly Record<string, unknown>[],
): T[] {
  return resources.filter(
    (resource): resource is T & Record<string, unknown> =>
      resource.resourceType === type && typeof resource.id === 'string',
  );
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
  async function readConditions(
    episodes: readonly EpisodeOfCare[],
    signal?: AbortSignal,
  ): Promise<Condition[]> {
    const ids = [
      ...new Set(
        episodes
          .map((episode) => referenceId(episode.diagnosis?.[0]?.condition?.reference, 'Condition'))
          .filter((id): id is string => id !== null),
      ),
    ];
    const found = await inParallel(ids, PARALLEL_READS, async (id) => {
      try {
        return (await fhir.read(
          `Condition/${encodeURIComponent(id)}`,
          signal,
        )) as unknown as Condition;
      } catch (error) {
        // A missing diagnosis should not hide the citizen: the forløb shows without its name.
        if (error instanceof FhirError && error.kind === 'server' && error.status === 404)
          return null;
        throw error;
      }
    });
    return found.filter(
      (condition): condition is Condition => condition?.resourceType === 'Condition',
    );
  }

  return {
    caseload: async (scope, signal) => {
      if (scope.careTeamIds.length === 0) return [];
      const teams = joinRefs('CareTeam', scope.careTeamIds);
      const [episodes, openTasks] = await Promise.all([
        fhir.searchAll(
          `EpisodeOfCare?team=${teams}&status=${CURRENT_EPISODE_STATUSES.join(',')}&_count=200`,
          { signal },
        ),
        fhir.searchAll(
          `Task?responsible=${teams}&status=${OPEN_TASK_STATUSES.join(',')}&_count=500`,
          { signal },
        ),
      ]);
      const episodeResources = ofType<EpisodeOfCare>('EpisodeOfCare', episodes);
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
            fhir.searchAll(
              `Patient?_id=${ids.map(encodeURIComponent).join(',')}&_count=${ID_CHUNK}`,
              { signal },
            ),
          ),
        ),
        readConditions(episodeResources, signal),
      ]);
      return caseloadRows(
        {
          episodes: episodeResources,
          patients: ofType<Patient>('Patient', patientPages.flat()),
          conditions,
          openTasks: ofType<Task>('Task', openTasks),
        },
        copenhagenDate(now()),
      );
    },
    citizen: async (patientId, signal) => {
      const id = encodeURIComponent(patientId);
      const since = new Date(
        now().getTime() - LATEST_MEASUREMENTS_DAYS * 24 * 3600 * 1000,
      ).toISOString();
      const [patient, episodes, observations] = await Promise.all([
        fhir.read(`Patient/${id}`, signal),
        fhir.searchAll(`EpisodeOfCare?patient=Patient/${id}&_count=50`, { signal }),
        fhir.searchAll(`Observation?subject=Patient/${id}&date=ge${since}&_count=500`, { signal }),
      ]);
      if (patient.resourceType !== 'Patient')
        throw new FhirError(
          'invalid-response',
          200,
          'The FHIR server answered with something that is not a Patient.',
        );
      const episodeResources = ofType<EpisodeOfCare>('EpisodeOfCare', episodes);
      const conditions = new Map(
        (await readConditions(episodeResources, signal)).map((condition) => [
          condition.id ?? '',
          condition,
        ]),
      );
      return {
        patient: patientView(patient as unknown as Patient, copenhagenDate(now())),
        episodes: episodeResources.map((episode) => episodeView(episode, conditions)),
        latest: latestMeasurements(ofType<Observation>('Observation', observations)),
        measuredSince: since,
      };
    },
  };
}
