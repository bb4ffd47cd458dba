import type { Extension, Resource } from '@medplum/fhirtypes';

/** What the measurement operations read off Observations, QuestionnaireResponses and Media. */

export const EPISODE_OF_CARE_EXTENSION =
  'http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare';
export const RESOLVED_TIMING_EXTENSION =
  'http://ehealth.sundhed.dk/fhir/StructureDefinition/ehealth-resolved-timing';
export const EFFECTIVE_PERIOD_EXTENSION =
  'http://ehealth.sundhed.dk/fhir/StructureDefinition/ehealth-effectivePeriod';
export const SYSTEM_TAG_SYSTEM = 'http://ehealth.sundhed.dk/cs/ehealth-system';
export const RESOLVED_TIMING_TYPE_SYSTEM = 'http://ehealth.sundhed.dk/cs/resolved-timing-type';
/** Policy of the Provenance the server adds to each submission (cs/ehealth-provenance-policies). */
export const COHERENT_SUBMISSION_POLICY =
  'http://ehealth.sundhed.dk/policy/ehealth/coherent-submitted-measurement';

export const MEASUREMENT_TYPES: readonly string[] = [
  'Observation',
  'QuestionnaireResponse',
  'Media',
];

type Loose = Record<string, unknown>;

function loose(resource: Resource): Loose {
  return resource as unknown as Loose;
}

function extensions(resource: Resource): readonly Extension[] {
  return (loose(resource).extension as Extension[] | undefined) ?? [];
}

/** The episode of care reference (`workflow-episodeOfCare`), relative. */
export function episodeOfCareOf(resource: Resource): string | undefined {
  return extensions(resource).find((e) => e.url === EPISODE_OF_CARE_EXTENSION)?.valueReference
    ?.reference;
}

export function subjectOf(resource: Resource): string | undefined {
  return (loose(resource).subject as { reference?: string } | undefined)?.reference;
}

export function basedOnOf(resource: Resource): string[] {
  const basedOn = loose(resource).basedOn as { reference?: string }[] | undefined;
  return (basedOn ?? []).flatMap((ref) => (ref.reference ? [ref.reference] : []));
}

export function statusOf(resource: Resource): string | undefined {
  const status = loose(resource).status;
  return typeof status === 'string' ? status : undefined;
}

/**
 * Clinical time as the IG defines it for measurement searches: Observation
 * effective[x], QuestionnaireResponse effectivePeriod (else authored), Media created[x].
 */
export function clinicalTimeOf(resource: Resource): string | undefined {
  const fields = loose(resource);
  const type: string = resource.resourceType;
  switch (type) {
    case 'Observation':
      return (
        (fields.effectiveDateTime as string | undefined) ??
        (fields.effectiveInstant as string | undefined) ??
        (fields.effectivePeriod as { start?: string } | undefined)?.start
      );
    case 'QuestionnaireResponse':
      return (
        extensions(resource).find((e) => e.url === EFFECTIVE_PERIOD_EXTENSION)?.valuePeriod
          ?.start ?? (fields.authored as string | undefined)
      );
    case 'Media':
      return (
        (fields.createdDateTime as string | undefined) ??
        (fields.createdPeriod as { start?: string } | undefined)?.start
      );
    default:
      return undefined;
  }
}

export interface ResolvedTiming {
  readonly start?: string;
  readonly end?: string;
  readonly type?: string;
  readonly serviceRequestVersionId?: string;
}

export function resolvedTimingOf(resource: Resource): ResolvedTiming | undefined {
  const timing = extensions(resource).find((e) => e.url === RESOLVED_TIMING_EXTENSION);
  if (!timing) return undefined;
  const part = (url: string): Extension | undefined => timing.extension?.find((e) => e.url === url);
  return {
    start: part('start')?.valueDateTime,
    end: part('end')?.valueDateTime,
    type: part('type')?.valueCodeableConcept?.coding?.[0]?.code,
    serviceRequestVersionId: part('serviceRequestVersionId')?.valueId,
  };
}

/** The `ehealth-resolved-timing` extension for the given parts. */
export function resolvedTimingExtension(
  timing: Required<Pick<ResolvedTiming, 'type' | 'serviceRequestVersionId'>> & ResolvedTiming,
): Extension {
  return {
    url: RESOLVED_TIMING_EXTENSION,
    extension: [
      { url: 'serviceRequestVersionId', valueId: timing.serviceRequestVersionId },
      ...(timing.start ? [{ url: 'start', valueDateTime: timing.start }] : []),
      ...(timing.end ? [{ url: 'end', valueDateTime: timing.end }] : []),
      {
        url: 'type',
        valueCodeableConcept: {
          coding: [{ system: RESOLVED_TIMING_TYPE_SYSTEM, code: timing.type }],
        },
      },
    ],
  };
}
