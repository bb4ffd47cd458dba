import type { BackendContext } from '../backend-context.ts';
import type { RequestData } from '../fhir/request-data.ts';
import { defaultServiceOfType } from '../capabilities/service-routing.ts';
import { runOperation } from '../operations/operations.ts';
import { nextPage, searchType } from '../search/search-handler.ts';
import { FhirHttpError } from '../fhir/fhir-error.ts';
import type { FhirRoute } from '../fhir/fhir-route.ts';
import { capabilities, read, vread } from './read-handlers.ts';
import type { HttpReply } from '../fhir/replies.ts';
import { readSearchForm } from '../fhir/request-body.ts';
import { create, patch, remove, update } from './write-handlers.ts';

/**
 * Checks a FHIR request against the service's CapabilityStatement and hands it
 * to its handler. Refusals name what FUT does not support (405 for an
 * interaction, 404 for a type the service does not hold).
 */

/** Where FUT offers another way, the refusal says so (FUT-PROFILES.md §1, §5). */
const HINTS: Readonly<Record<string, string>> = {
  'Patient.create': ' FUT creates patients only through Patient/$createPatient.',
  'EpisodeOfCare.create': ' FUT creates episodes of care through $create-episode-of-care.',
  'CarePlan.create': ' FUT creates care plans through $apply.',
  'Observation.create': ' Observations are submitted through $submit-measurement.',
  'Observation.update':
    ' Observations are immutable; validity changes through ClinicalImpression/$set-measurement-validity.',
};

export async function dispatch(
  route: FhirRoute,
  request: RequestData,
  context: BackendContext,
): Promise<HttpReply> {
  const service = context.catalog.services.get(route.service);
  if (!service) throw new FhirHttpError(404, 'not-found', `No FUT service "${route.service}".`);
  switch (route.interaction) {
    case 'capabilities':
      return capabilities(service, context);
    case 'page':
      return nextPage(route.service, request, context);
    case 'batch':
    case 'search-system':
      throw new FhirHttpError(
        service.interactions.has('transaction') || service.interactions.has('batch') ? 501 : 405,
        'not-supported',
        `Batch and transaction Bundles are not supported on FUT's ${route.service} service by the demo back end.`,
      );
    case 'operation':
      return runOperation(route, request, context);
    case 'search-type':
    case 'create':
    case 'read':
    case 'vread':
    case 'update':
    case 'patch':
    case 'delete':
    case 'history-type':
    case 'history-instance':
      break;
  }
  const type = route.type ?? '';
  const rules = context.catalog.rules(route.service, type);
  if (!rules) {
    const home = defaultServiceOfType(type, context.catalog);
    throw new FhirHttpError(
      404,
      'not-supported',
      `FUT's ${route.service} service does not serve ${type}${home ? ` (${type} lives on the ${home} service)` : ''}.`,
    );
  }
  if (!rules.interactions.has(route.interaction)) {
    throw new FhirHttpError(
      405,
      'not-supported',
      `FUT's ${route.service} service does not support ${route.interaction} on ${type}.${HINTS[`${type}.${route.interaction}`] ?? ''}`,
    );
  }
  switch (route.interaction) {
    case 'read':
      return read(route, context);
    case 'vread':
      return vread(route, context);
    case 'search-type': {
      const params = route.searchByPost
        ? [...request.query, ...readSearchForm(request)]
        : request.query;
      return searchType(rules, request, params, context);
    }
    case 'create':
      return create(rules, route, request, context);
    case 'update':
      return update(rules, route, request, context);
    case 'patch':
      return patch(rules, route, request, context);
    case 'delete':
      return remove(rules, route, request, context);
    case 'history-instance':
    case 'history-type':
      throw new FhirHttpError(
        501,
        'not-supported',
        'History is not implemented by the demo back end.',
      );
  }
}
