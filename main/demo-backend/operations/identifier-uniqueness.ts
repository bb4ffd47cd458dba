import type { Identifier, Resource } from '@medplum/fhirtypes';
import type { BackendContext } from '../backend-context.ts';
import { FhirHttpError } from '../fhir/fhir-error.ts';
import { executeSearch } from '../search/execute-search.ts';
import { parseSearchFor } from '../search/search-handler.ts';

/**
 * A client-assigned business identifier names one resource: a submission whose
 * resource carries an identifier that is already stored is refused (409
 * duplicate), so a request delivered twice (a retrying proxy, the
 * `duplicate-delivery` fault) cannot store the measurement twice. The client
 * does not rely on it: after an uncertain outcome it searches by identifier
 * first. Checked under the write lock, through the search index.
 */
export function refuseKnownIdentifiers(
  service: string,
  resources: readonly Resource[],
  context: BackendContext,
): void {
  if (context.uniqueIdentifiers === false) return;
  for (const resource of resources) {
    const rules = context.catalog.rules(service, resource.resourceType);
    if (!rules?.searchParams.has('identifier')) continue;
    const identifiers = ((resource as { identifier?: Identifier[] }).identifier ?? []).filter(
      (identifier) => identifier.system && identifier.value,
    );
    for (const identifier of identifiers) {
      const query = parseSearchFor(
        rules,
        [['identifier', `${identifier.system ?? ''}|${identifier.value ?? ''}`]],
        context,
      );
      if (executeSearch(service, query.request, context).ids.length > 0) {
        throw new FhirHttpError(
          409,
          'duplicate',
          `A ${resource.resourceType} with identifier ${identifier.system ?? ''}|${identifier.value ?? ''} is already stored.`,
        );
      }
    }
  }
}
