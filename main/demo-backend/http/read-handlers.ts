import type { BackendContext } from '../backend-context.ts';
import type { ServiceRules } from '../capabilities/service-catalog.ts';
import type { StoredResource } from '../store/resource-store.ts';
import { FhirHttpError } from '../fhir/fhir-error.ts';
import type { FhirRoute } from '../fhir/fhir-route.ts';
import { jsonReply, type HttpReply } from '../fhir/replies.ts';
import { resourceReply } from '../wire/resource-reply.ts';

/** read, vread and the service's CapabilityStatement. */

/** The current version of a resource on this service, or 404. */
export function storedOn(route: FhirRoute, context: BackendContext): StoredResource {
  const { type = '', id = '' } = route;
  const entry = context.store.get(type, id);
  if (!entry || entry.service !== route.service) {
    throw new FhirHttpError(
      404,
      'not-found',
      `${type}/${id} is not known to FUT's ${route.service} service.`,
    );
  }
  // Another team's citizen is refused, not hidden: FUT answers 403.
  context.access?.checkShown([entry]);
  return entry;
}

export function read(route: FhirRoute, context: BackendContext): HttpReply {
  return resourceReply(200, storedOn(route, context), context.wire);
}

export async function vread(route: FhirRoute, context: BackendContext): Promise<HttpReply> {
  const { type = '', id = '', versionId = '' } = route;
  const current = storedOn(route, context);
  if (versionId === String(current.versionId)) return resourceReply(200, current, context.wire);
  let version;
  try {
    version = await context.engine.repo.readVersion(type, id, versionId);
  } catch {
    throw new FhirHttpError(404, 'not-found', `${type}/${id} has no version ${versionId}.`);
  }
  return jsonReply(200, context.wire.toWire(version), { ETag: `W/"${versionId}"` });
}

/** FUT's statement for the service, with this server's base URL as its implementation. */
export function capabilities(service: ServiceRules, context: BackendContext): HttpReply {
  const statement = {
    ...service.statement,
    date: new Date(context.clock.readMark()).toISOString(),
    implementation: {
      description: `Nordjysk eSundhed Workbench demo back end: FUT ${service.name} service`,
      url: context.wire.serviceBase(service.name),
    },
  };
  return jsonReply(200, JSON.stringify(statement));
}
