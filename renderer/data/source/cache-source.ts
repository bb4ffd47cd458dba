import type { Bundle } from '@medplum/fhirtypes';
import type { ResourceCache } from '../cache/contracts.ts';
import type { FhirResource } from '../fhir/fhir-parse.ts';
import { isResourceOf } from '../fhir/fhir-parse.ts';
import { inScope, ownMeasurement, statusMatches } from './filters.ts';
import { patientProceduresKey, type Found, type ResourceSource } from './resource-source.ts';

function found<K extends 'EpisodeOfCare' | 'CarePlan' | 'Task'>(
  resources: FhirResource<K>[],
): Found<K> {
  return { resources, included: [] };
}

function parseBundle(stored: string | undefined): Bundle | null {
  if (stored === undefined) return null;
  try {
    const value: unknown = JSON.parse(stored);
    return isResourceOf(value, 'Bundle') ? value : null;
  } catch {
    return null;
  }
}

/**
 * The source over the encrypted offline cache (docs/adr/0003): the same
 * answers as the network source for the same data, without a request. The
 * cache holds the user's scope; what is outside it is simply not found.
 * Every read decrypts in the cache; nothing here writes.
 */
export function createCacheSource(cache: ResourceCache): ResourceSource {
  return {
    read: async (type, id, signal) => {
      const resource = await cache.get<FhirResource<typeof type>>(type, id);
      signal?.throwIfAborted();
      return resource ?? null;
    },
    readMany: async (type, ids, signal) => {
      const resources = await Promise.all(
        [...new Set(ids)].map((id) => cache.get<FhirResource<typeof type>>(type, id)),
      );
      signal?.throwIfAborted();
      return resources.filter((resource) => resource !== undefined);
    },
    byPatient: async (type, patientId, filter, signal) => {
      const resources = await cache.byPatient<FhirResource<typeof type>>(type, patientId);
      signal?.throwIfAborted();
      return found(resources.filter((resource) => statusMatches(resource, filter)));
    },
    byEpisodes: async (type, episodeIds, filter, signal) => {
      if (episodeIds.length === 0) return found([]);
      const resources = await cache.byEpisode<FhirResource<typeof type>>(type, episodeIds);
      signal?.throwIfAborted();
      return found(resources.filter((resource) => statusMatches(resource, filter)));
    },
    measurements: async (patientId, period, signal) => {
      const episodes = await cache.byPatient<FhirResource<'EpisodeOfCare'>>(
        'EpisodeOfCare',
        patientId,
      );
      signal?.throwIfAborted();
      if (episodes.length === 0) return [];
      const observations = await cache.measurements(
        episodes.map((episode) => episode.id),
        Date.parse(period.from),
        Date.parse(period.to),
      );
      signal?.throwIfAborted();
      return observations.filter((observation) => ownMeasurement(observation, patientId));
    },
    inScope: async (type, scope, filter, signal) => {
      if (scope.careTeamIds.length === 0) return found([]);
      const resources = await cache.all<FhirResource<typeof type>>(type);
      signal?.throwIfAborted();
      return found(
        resources.filter((resource) => statusMatches(resource, filter) && inScope(resource, scope)),
      );
    },
    patientProcedures: async ({ episodeOfCareId }, signal) => {
      const stored = await cache.getSyncState(patientProceduresKey(episodeOfCareId));
      signal?.throwIfAborted();
      return parseBundle(stored);
    },
  };
}
