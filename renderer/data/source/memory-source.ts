import type { Resource } from '@medplum/fhirtypes';
import type { CachedResource } from '../cache/contracts.ts';
import { clinicalTimeOf, episodeIdsOf, patientIdsOf } from '../cache/resource-links.ts';
import type { FhirResource } from '../fhir/fhir-parse.ts';
import { isIdentifiedResourceOf, isResourceOf } from '../fhir/fhir-parse.ts';
import { patientProceduresKey, type ResourceSource, type SourceType } from './resource-source.ts';
import { inScope, ownMeasurement, statusMatches } from './filters.ts';

const idOf = (resource: CachedResource): string => resource.id;

/**
 * A source over resources held in memory, with the cache source's rules
 * (links by patient and episode as the cache indexes them): for tests of
 * views and queries without a cache or a server.
 */
export function createMemorySource(
  resources: readonly Resource[],
  operationResults: ReadonlyMap<string, unknown> = new Map(),
): ResourceSource {
  function ofType<K extends SourceType>(type: K): FhirResource<K>[] {
    return resources.filter((resource) => isIdentifiedResourceOf(resource, type));
  }
  const answer = async <T>(value: T, signal: AbortSignal | undefined): Promise<T> => {
    await Promise.resolve();
    signal?.throwIfAborted();
    return value;
  };

  return {
    read: (type, id, signal) =>
      answer(ofType(type).find((resource) => idOf(resource) === id) ?? null, signal),
    readMany: (type, ids, signal) =>
      answer(
        ofType(type).filter((resource) => ids.includes(idOf(resource))),
        signal,
      ),
    byPatient: (type, patientId, filter, signal) =>
      answer(
        {
          resources: ofType(type).filter(
            (resource) =>
              patientIdsOf(resource).includes(patientId) && statusMatches(resource, filter),
          ),
          included: [],
        },
        signal,
      ),
    byEpisodes: (type, episodeIds, filter, signal) =>
      answer(
        {
          resources: ofType(type).filter(
            (resource) =>
              episodeIdsOf(resource).some((id) => episodeIds.includes(id)) &&
              statusMatches(resource, filter),
          ),
          included: [],
        },
        signal,
      ),
    measurements: (patientId, period, signal) => {
      const episodes = ofType('EpisodeOfCare')
        .filter((episode) => patientIdsOf(episode).includes(patientId))
        .map((episode) => episode.id);
      const from = Date.parse(period.from);
      const to = Date.parse(period.to);
      return answer(
        ofType('Observation').filter((observation) => {
          const time = clinicalTimeOf(observation);
          return (
            episodeIdsOf(observation).some((id) => episodes.includes(id)) &&
            time !== null &&
            time >= from &&
            time < to &&
            ownMeasurement(observation, patientId)
          );
        }),
        signal,
      );
    },
    inScope: (type, scope, filter, signal) =>
      answer(
        {
          resources: ofType(type).filter(
            (resource) => statusMatches(resource, filter) && inScope(resource, scope),
          ),
          included: [],
        },
        signal,
      ),
    patientProcedures: ({ episodeOfCareId }, signal) => {
      const stored = operationResults.get(patientProceduresKey(episodeOfCareId));
      return answer(isResourceOf(stored, 'Bundle') ? stored : null, signal);
    },
  };
}
