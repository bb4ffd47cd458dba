import type { Bundle, ExtractResource, Resource, ResourceType } from '@medplum/fhirtypes';
import { z } from 'zod/mini';
import { unreadable } from './fhir-error.ts';

/**
 * Parsing what the gateway answered, once, from `unknown`: every body the
 * client hands on has been checked to be the resource type asked for, with
 * the fields the app relies on (an id on what it reads and finds).
 */

/** A resource as read from the server: of its type, with an id. */
export type FhirResource<K extends ResourceType = ResourceType> = ExtractResource<K> & {
  readonly id: string;
};

function isObject(value: unknown): value is { readonly [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON object with a `resourceType` string: the least a FHIR body is. */
export function isResource(value: unknown): value is Resource {
  return isObject(value) && typeof value.resourceType === 'string';
}

/** A resource of type `type` (its other fields are FHIR's to shape; views read them defensively). */
export function isResourceOf<K extends ResourceType>(
  value: unknown,
  type: K,
): value is ExtractResource<K> {
  return isResource(value) && value.resourceType === type;
}

/** A resource of type `type` with a non-empty id. */
export function isIdentifiedResourceOf<K extends ResourceType>(
  value: unknown,
  type: K,
): value is FhirResource<K> {
  return isResourceOf(value, type) && typeof value.id === 'string' && value.id.length > 0;
}

/** `value` as a resource of `type` with an id, or the client's one error for a body that is not. */
export function expectResource<K extends ResourceType>(
  value: unknown,
  type: K,
  status: number,
): FhirResource<K> {
  if (isIdentifiedResourceOf(value, type)) return value;
  const got = isResource(value) ? `a ${value.resourceType}` : 'no resource';
  return failed(status, `expected a ${type} with an id, got ${got}`);
}

function failed(status: number, detail: string): never {
  throw unreadable(status, detail);
}

// zod/mini: the same checks as zod with a fraction of its weight in the start-up bundle.
const BundleShape = z.looseObject({
  resourceType: z.literal('Bundle'),
  meta: z.optional(z.looseObject({ lastUpdated: z.optional(z.string()) })),
  link: z.optional(z.array(z.looseObject({ relation: z.string(), url: z.string() }))),
  entry: z.optional(
    z.array(
      z.looseObject({
        resource: z.optional(z.unknown()),
        search: z.optional(z.looseObject({ mode: z.optional(z.string()) })),
      }),
    ),
  ),
});

/** One page of a search answer: what it found, what it brought along, and where it goes on. */
export interface SearchPage {
  /** `Bundle.meta.lastUpdated` when it is a valid instant (the server's time of the search). */
  readonly lastUpdated: string | null;
  /** Entries with `search.mode` match, or without a mode. */
  readonly matches: readonly Resource[];
  /** Entries with `search.mode` include (`_include`, `_revinclude`). */
  readonly included: readonly Resource[];
  /** The `next` link as the server sent it, or null. */
  readonly next: string | null;
  /** The `next` link points somewhere other than the gateway (it is not followed). */
  readonly leavesGateway: boolean;
}

/** A search answer's Bundle, with each entry's resource checked to be a resource (outcomes left out). */
export function parseSearchPage(body: unknown, status: number): SearchPage {
  const parsed = BundleShape.safeParse(body);
  if (!parsed.success) return failed(status, 'a search result that is not a valid Bundle');
  const matches: Resource[] = [];
  const included: Resource[] = [];
  for (const entry of parsed.data.entry ?? []) {
    const mode = entry.search?.mode;
    if (mode === 'outcome' || entry.resource === undefined) continue;
    if (!isResource(entry.resource))
      return failed(status, 'a search result entry that is not a resource');
    (mode === 'include' ? included : matches).push(entry.resource);
  }
  const lastUpdated = parsed.data.meta?.lastUpdated ?? null;
  return {
    lastUpdated:
      lastUpdated !== null && Number.isFinite(Date.parse(lastUpdated)) ? lastUpdated : null,
    matches,
    included,
    next: parsed.data.link?.find((link) => link.relation === 'next')?.url ?? null,
    leavesGateway: false,
  };
}

/** The resources of a transaction/batch answer or any Bundle, each checked to be a resource. */
export function bundleResources(bundle: Bundle | null): Resource[] {
  return (bundle?.entry ?? []).map((entry) => entry.resource).filter(isResource);
}
