import type { Resource } from '@medplum/fhirtypes';
import type { BackendContext } from '../backend-context.ts';
import { homeServiceOf } from '../capabilities/service-routing.ts';
import { FhirHttpError } from '../fhir/fhir-error.ts';
import type { FhirRoute } from '../fhir/fhir-route.ts';
import { validateStructure } from '../fhir/request-body.ts';

/** Normalises references, checks structure and that the resource belongs on this service. */
export function prepareIncoming(
  resource: Resource,
  route: FhirRoute,
  context: BackendContext,
): void {
  context.wire.normaliseBody(resource);
  validateStructure(resource);
  const home = homeServiceOf(
    resource,
    context.catalog,
    (ref) => context.store.getByReference(ref)?.service,
  );
  if (home !== route.service) {
    throw new FhirHttpError(
      400,
      'invalid',
      `This ${resource.resourceType} (profile ${resource.meta?.profile?.join(', ') ?? 'none'}) belongs on FUT's ${home ?? 'no'} service, not ${route.service}.`,
    );
  }
}
