import type { Coding, Provenance, Resource, ServiceRequest } from '@medplum/fhirtypes';
import type { BackendContext } from '../backend-context.ts';
import type { StoredResource } from '../store/resource-store.ts';
import {
  basedOnOf,
  clinicalTimeOf,
  COHERENT_SUBMISSION_POLICY,
  resolvedTimingExtension,
  resolvedTimingOf,
} from './measurement-facts.ts';
import { resolveTiming, slotAt } from '../../../shared/fhir/resolved-timing.ts';

/**
 * What the server adds to a `$submit-measurement` submission: the EpisodeOfCare's
 * system tags, `ehealth-resolved-timing` where the client left it out, and the
 * Provenance that ties the submitted resources together.
 */

type Stored = Resource & { id: string };

/** Adds missing system tags and, where absent, the resolved timing. */
export function finish(
  resource: Stored,
  eocTags: readonly Coding[],
  context: BackendContext,
): Stored {
  const tags = [...(resource.meta?.tag ?? [])];
  for (const tag of eocTags)
    if (!tags.some((own) => own.system === tag.system && own.code === tag.code)) tags.push(tag);
  const withTags = {
    ...resource,
    meta: { ...resource.meta, ...(tags.length > 0 ? { tag: tags } : {}) },
  };
  if (resource.resourceType !== 'Observation' && resource.resourceType !== 'QuestionnaireResponse')
    return withTags;
  if (resolvedTimingOf(resource)) return withTags;
  const [basedOn] = basedOnOf(resource);
  const request = basedOn ? context.store.getByReference(basedOn) : undefined;
  if (!request) return withTags;
  const loose = withTags as unknown as { extension?: unknown[] };
  loose.extension = [...(loose.extension ?? []), timingFor(resource, request)];
  return withTags;
}

function timingFor(
  resource: Resource,
  request: StoredResource,
): ReturnType<typeof resolvedTimingExtension> {
  const serviceRequest = request.resource as ServiceRequest;
  const resolution = resolveTiming(serviceRequest);
  const serviceRequestVersionId = String(request.versionId);
  if (resolution.kind === 'adhoc')
    return resolvedTimingExtension({ type: 'Adhoc', serviceRequestVersionId });
  if (resolution.kind === 'unresolved')
    return resolvedTimingExtension({ type: 'Unresolved', serviceRequestVersionId });
  const time = Date.parse(clinicalTimeOf(resource) ?? '');
  const slot = Number.isNaN(time) ? undefined : slotAt(resolution, time);
  if (slot) {
    return resolvedTimingExtension({
      type: 'Resolved',
      serviceRequestVersionId,
      start: new Date(slot.start).toISOString(),
      end: new Date(slot.end).toISOString(),
    });
  }
  const extra = (serviceRequest.extension ?? []).some(
    (e) => e.url.endsWith('/ehealth-include-as-extra') && e.valueBoolean === true,
  );
  return resolvedTimingExtension({ type: extra ? 'Extra' : 'Unresolved', serviceRequestVersionId });
}

export function serverProvenance(
  measurements: readonly Stored[],
  patient: string,
  tags: readonly Coding[],
  context: BackendContext,
): Stored {
  const provenance: Provenance & { id: string } = {
    resourceType: 'Provenance',
    id: context.newId(),
    meta: {
      profile: ['http://ehealth.sundhed.dk/fhir/StructureDefinition/ehealth-provenance'],
      ...(tags.length > 0 ? { tag: [...tags] } : {}),
    },
    target: measurements.map((r) => ({ reference: `${r.resourceType}/${r.id}` })),
    recorded: new Date(context.clock.now()).toISOString(),
    policy: [COHERENT_SUBMISSION_POLICY],
    agent: [{ who: { reference: patient } }],
  };
  return provenance;
}
