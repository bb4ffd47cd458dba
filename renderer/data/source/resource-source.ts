import type { Bundle, ResourceType } from '@medplum/fhirtypes';
import type { CachedType } from '../cache/contracts.ts';
import type { FhirResource } from '../fhir/fhir-parse.ts';
import type { MeasuredObservation } from '../model/measurements.ts';

/** Whose citizens: the signed-in user's care teams. */
export interface CareScope {
  readonly careTeamIds: readonly string[];
}

/** A resource type a source can give: one the offline cache holds (and so the network too). */
export type SourceType = CachedType & ResourceType;

/** Search by patient: the types FUT offers it for (ServiceRequest has none: it comes with its CarePlan). */
export type PatientLinkedType = 'EpisodeOfCare' | 'CarePlan';

/** Search by episode of care. */
export type EpisodeLinkedType = 'Task';

/** Search by the user's care teams. */
export type ScopedType = 'EpisodeOfCare' | 'Task';

export interface StatusFilter {
  /** Keep only resources with one of these statuses (absent: any). */
  readonly status?: readonly string[];
}

/** An ISO period, from (inclusive) to (exclusive). */
export interface Period {
  readonly from: string;
  readonly to: string;
}

/**
 * A list and what came with it. The network fills `included` with what the
 * search's `_include` brought (EpisodeOfCare → its Condition, CarePlan → its
 * ServiceRequests), so a query reads by id only what is missing from it; the
 * cache reads locally and leaves it empty.
 */
export interface Found<K extends SourceType> {
  readonly resources: FhirResource<K>[];
  readonly included: readonly FhirResource[];
}

/** The input of `$get-patient-procedures` the workbench asks with. */
export interface PatientProceduresInput {
  readonly patientId: string;
  readonly episodeOfCareId: string;
  readonly period: Period;
}

/**
 * The access shapes clinical queries read through (docs/adr/0003, "Reading:
 * one source interface"). Implemented once over the offline cache and once
 * over FHIR searches that FUT offers; a query is one function over this, so
 * both give the same answer for the same data.
 */
export interface ResourceSource {
  /** One resource; null when the source does not have it (the network fails with its 404 instead). */
  read<K extends SourceType>(
    type: K,
    id: string,
    signal?: AbortSignal,
  ): Promise<FhirResource<K> | null>;
  /** The resources of these ids that exist, in no particular order. */
  readMany<K extends SourceType>(
    type: K,
    ids: readonly string[],
    signal?: AbortSignal,
  ): Promise<FhirResource<K>[]>;
  /** The patient's resources of a type. */
  byPatient<K extends PatientLinkedType>(
    type: K,
    patientId: string,
    filter?: StatusFilter,
    signal?: AbortSignal,
  ): Promise<Found<K>>;
  /** Resources of a type linked to one of the episodes of care. */
  byEpisodes<K extends EpisodeLinkedType>(
    type: K,
    episodeIds: readonly string[],
    filter?: StatusFilter,
    signal?: AbortSignal,
  ): Promise<Found<K>>;
  /** The citizen's measurements with clinical time in the period (only the citizen's own). */
  measurements(
    patientId: string,
    period: Period,
    signal?: AbortSignal,
  ): Promise<MeasuredObservation[]>;
  /**
   * Resources in the user's scope: episodes whose team is one of the scope's
   * teams; tasks whose FUT task-responsible extension names one of them.
   */
  inScope<K extends ScopedType>(
    type: K,
    scope: CareScope,
    filter?: StatusFilter,
    signal?: AbortSignal,
  ): Promise<Found<K>>;
  /**
   * The answer of `$get-patient-procedures` for one episode (a collection
   * Bundle: one Parameters, the CarePlans and ServiceRequests it names); null
   * when the source has none.
   */
  patientProcedures(input: PatientProceduresInput, signal?: AbortSignal): Promise<Bundle | null>;
}

/** The resource asked for is not in the offline cache (not in the user's scope, or not synced yet). */
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

/** The cache's key of a stored `$get-patient-procedures` answer (the sync stores it when a feature needs it offline). */
export function patientProceduresKey(episodeOfCareId: string): string {
  return `op:$get-patient-procedures:${episodeOfCareId}`;
}
