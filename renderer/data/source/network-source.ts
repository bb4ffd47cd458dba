import type { Parameters } from '@medplum/fhirtypes';
import { type FhirClient } from '../fhir/fhir-client.ts';
import { FhirError } from '../fhir/fhir-error.ts';
import { type FhirResource } from '../fhir/fhir-parse.ts';
import { unreadable } from '../fhir/fhir-error.ts';
import { isResourceOf } from '../fhir/fhir-parse.ts';
import type { Found, ResourceSource, SourceType, StatusFilter } from './resource-source.ts';

const ID_CHUNK = 50;
const PARALLEL_READS = 6;

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

const statusParam = (filter: StatusFilter | undefined) =>
  filter?.status ? `&status=${filter.status.join(',')}` : '';

/** What `_include` brings with a type's list (Condition and ServiceRequest have no search in FUT). */
const INCLUDES: Partial<Record<SourceType, string>> = {
  EpisodeOfCare: '&_include=EpisodeOfCare:condition',
  CarePlan: '&_include=CarePlan:activity-reference',
};

/**
 * The source over the FHIR server through the gateway, using only searches
 * FUT offers: EpisodeOfCare and CarePlan by patient or team, Patient by `_id`,
 * Task by episode or responsible team, Observation by subject and date.
 * Condition and ServiceRequest have no search: they come with `_include`, or
 * are read by id.
 */
export function createNetworkSource(fhir: FhirClient): ResourceSource {
  async function list<K extends SourceType>(
    type: K,
    query: string,
    signal: AbortSignal | undefined,
  ): Promise<Found<K>> {
    const { matches, included } = await fhir.search(type, query, { signal });
    return { resources: matches, included };
  }

  /** By id, where a resource gone (404) is simply not found. */
  async function readOrNull<K extends SourceType>(
    type: K,
    id: string,
    signal: AbortSignal | undefined,
  ): Promise<FhirResource<K> | null> {
    try {
      return await fhir.read(type, id, signal);
    } catch (error) {
      if (error instanceof FhirError && error.kind === 'server' && error.status === 404)
        return null;
      throw error;
    }
  }

  return {
    read: (type, id, signal) => fhir.read(type, id, signal),
    readMany: async (type, ids, signal) => {
      const unique = [...new Set(ids)];
      if (type === 'Patient') {
        const pages = await Promise.all(
          chunks(unique, ID_CHUNK).map((chunk) =>
            fhir.search(type, `_id=${chunk.map(encodeURIComponent).join(',')}&_count=${ID_CHUNK}`, {
              signal,
            }),
          ),
        );
        return pages.flatMap((page) => page.matches);
      }
      const found = await inParallel(unique, PARALLEL_READS, (id) => readOrNull(type, id, signal));
      return found.filter((resource) => resource !== null);
    },
    byPatient: (type, patientId, filter, signal) =>
      list(
        type,
        `patient=Patient/${encodeURIComponent(patientId)}${statusParam(filter)}${INCLUDES[type] ?? ''}&_count=50`,
        signal,
      ),
    byEpisodes: async (type, episodeIds, filter, signal) => {
      const pages = await Promise.all(
        chunks(episodeIds, ID_CHUNK).map((ids) =>
          list(
            type,
            `episodeOfCare=${joinRefs('EpisodeOfCare', ids)}${statusParam(filter)}&_count=200`,
            signal,
          ),
        ),
      );
      return {
        resources: pages.flatMap((page) => page.resources),
        included: pages.flatMap((page) => page.included),
      };
    },
    measurements: async (patientId, period, signal) => {
      const { matches } = await fhir.search(
        'Observation',
        `subject=Patient/${encodeURIComponent(patientId)}&date=ge${period.from}&date=lt${period.to}&_count=500`,
        { signal },
      );
      return matches;
    },
    inScope: (type, scope, filter, signal) => {
      if (scope.careTeamIds.length === 0) return Promise.resolve({ resources: [], included: [] });
      const teams = joinRefs('CareTeam', scope.careTeamIds);
      const query =
        type === 'EpisodeOfCare'
          ? `team=${teams}${statusParam(filter)}${INCLUDES.EpisodeOfCare ?? ''}&_count=200`
          : `responsible=${teams}${statusParam(filter)}&_count=500`;
      return list(type, query, signal);
    },
    patientProcedures: async ({ patientId, episodeOfCareId, period }, signal) => {
      const input: Parameters = {
        resourceType: 'Parameters',
        parameter: [
          { name: 'patient', valueReference: { reference: `Patient/${patientId}` } },
          {
            name: 'episodeOfCare',
            valueReference: { reference: `EpisodeOfCare/${episodeOfCareId}` },
          },
          { name: 'start', valueDateTime: period.from },
          { name: 'end', valueDateTime: period.to },
        ],
      };
      const answer = await fhir.send('POST', '$get-patient-procedures', { body: input, signal });
      if (!isResourceOf(answer.resource, 'Bundle'))
        throw unreadable(answer.status, 'expected a Bundle');
      return answer.resource;
    },
  };
}
