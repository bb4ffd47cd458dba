import type { Condition, EpisodeOfCare, Resource, ResourceType } from '@medplum/fhirtypes';
import type { FhirResource } from '../fhir/fhir-parse.ts';
import { isIdentifiedResourceOf } from '../fhir/fhir-parse.ts';
import { referenceId } from '../model/references.ts';
import type { ResourceSource } from './resource-source.ts';

/** The resources of one type among what a list brought with it. */
export function ofType<K extends ResourceType>(
  type: K,
  resources: readonly Resource[],
): FhirResource<K>[] {
  return resources.filter((resource) => isIdentifiedResourceOf(resource, type));
}

/**
 * Resources a list refers to: those it brought (`included`), and the rest
 * read by id (none left to read: no request).
 */
export async function linked<K extends 'Condition' | 'ServiceRequest' | 'Patient'>(
  source: ResourceSource,
  type: K,
  ids: readonly string[],
  included: readonly FhirResource[],
  signal?: AbortSignal,
): Promise<FhirResource<K>[]> {
  const have = ofType(type, included);
  const haveIds = new Set(
    included.filter((resource) => resource.resourceType === type).map((resource) => resource.id),
  );
  const missing = [...new Set(ids)].filter((id) => !haveIds.has(id));
  if (missing.length === 0) return have;
  return [...have, ...(await source.readMany(type, missing, signal))];
}

/** The episodes' diagnoses (Condition has no search in FUT: it comes with its episode or by id). */
export async function episodeConditions(
  source: ResourceSource,
  episodes: readonly EpisodeOfCare[],
  included: readonly FhirResource[],
  signal?: AbortSignal,
): Promise<Map<string, Condition>> {
  const ids = episodes
    .map((episode) => referenceId(episode.diagnosis?.[0]?.condition?.reference, 'Condition'))
    .filter((id): id is string => id !== null);
  const conditions = await linked(source, 'Condition', ids, included, signal);
  return new Map(conditions.map((condition): [string, Condition] => [condition.id, condition]));
}
