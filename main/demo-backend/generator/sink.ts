/**
 * Where generated resources go: per-type lists emitted in dependency order
 * (every reference points to a resource earlier in the output), and
 * deterministic ids from per-prefix counters.
 */
import type { Resource, ResourceType } from '@medplum/fhirtypes';

/** Output order: each type refers only to types before it (and to earlier items of its own type). */
export const RESOURCE_ORDER = [
  'Organization',
  'Practitioner',
  'PractitionerRole',
  'CareTeam',
  'Questionnaire',
  'Patient',
  'Condition',
  'EpisodeOfCare',
  'Consent',
  'ServiceRequest',
  'CarePlan',
  'Observation',
  'QuestionnaireResponse',
  'ClinicalImpression',
  'Task',
  'Communication',
  'Appointment',
] as const satisfies readonly ResourceType[];

export type GeneratedType = (typeof RESOURCE_ORDER)[number];

export interface Sink {
  /** A new id: `<prefix>-<n>`, n counting from 1 per prefix. */
  id(prefix: string): string;
  /** Appends a resource to its type's list; it must have an id. */
  add<R extends Resource & { resourceType: GeneratedType }>(resource: R): R;
  /** All resources in dependency order. */
  resources(): Resource[];
  count(type: GeneratedType): number;
}

export function createSink(): Sink {
  const counters = new Map<string, number>();
  const buckets = new Map<GeneratedType, Resource[]>(RESOURCE_ORDER.map((type) => [type, []]));
  return {
    id(prefix) {
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      return `${prefix}-${n}`;
    },
    add(resource) {
      if (!resource.id) throw new Error(`${resource.resourceType} without an id`);
      buckets.get(resource.resourceType)?.push(resource);
      return resource;
    },
    resources() {
      return RESOURCE_ORDER.flatMap((type) => buckets.get(type) ?? []);
    },
    count(type) {
      return buckets.get(type)?.length ?? 0;
    },
  };
}

/** A relative reference (`Patient/pat-1`). */
export function ref(resource: { resourceType: string; id?: string }): { reference: string } {
  if (!resource.id) throw new Error(`${resource.resourceType} has no id`);
  return { reference: `${resource.resourceType}/${resource.id}` };
}

/** A relative reference from type and id. */
export function refTo(type: GeneratedType, id: string): { reference: string } {
  return { reference: `${type}/${id}` };
}
