import type { Resource } from '@medplum/fhirtypes';
import type { FhirClient } from '../../renderer/data/fhir/fhir-client.ts';

/** A resource as tests inspect it: any JSON object. */
export type Json = Record<string, unknown>;

/**
 * Tests that look at the server through the app's own client by path, as a
 * person reads a URL: every match and included resource of every page.
 */
export async function searchAll(
  client: FhirClient,
  path: string,
  options: { readonly signal?: AbortSignal; readonly maxPages?: number } = {},
): Promise<Json[]> {
  const resources: Resource[] = [];
  let next: string | null = path;
  for (let page = 0; next !== null; page++) {
    if (page >= (options.maxPages ?? 200)) throw new Error(`More than ${page} pages: ${path}`);
    const answer = await client.searchPage(next, options.signal);
    resources.push(...answer.matches, ...answer.included);
    next = answer.next;
  }
  return resources as unknown as Json[];
}

/** `Type/id` or `Type/id/_history/version`, read through the client's checked reads. */
export async function readPath(client: FhirClient, path: string): Promise<Json> {
  const [type, id, history, version] = path.split('/');
  if (!type || !id) throw new Error(`Not a resource path: ${path}`);
  const resourceType = type as Resource['resourceType'];
  const resource =
    history === '_history' && version
      ? await client.readVersion(resourceType, decodeURIComponent(id), version)
      : await client.read(resourceType, decodeURIComponent(id));
  return resource as unknown as Json;
}
