import type { Resource } from '@medplum/fhirtypes';
import { randomUUID } from 'node:crypto';
import { jsonBytes } from '../fhir/replies.ts';
import type { WireReferences } from '../wire/wire-references.ts';
import type { StoredResource } from '../store/resource-store.ts';
import type { Summary } from './search-query.ts';

/**
 * Writes a searchset Bundle as a string: each resource is serialized once with
 * its references made absolute, and the Bundle is assembled around them (no
 * second parse or stringify of 1,000 resources).
 */

export interface BundleLinks {
  readonly self: string;
  readonly next?: string;
  readonly previous?: string;
}

export interface SearchBundleParts {
  readonly matches: readonly StoredResource[];
  readonly included: readonly StoredResource[];
  /** Omitted when `_total=none`. */
  readonly total: number | undefined;
  readonly links: BundleLinks;
  /** Server time of the search: a safe `_lastUpdated` checkpoint for the next sync. */
  readonly lastUpdated: string;
  readonly elements: readonly string[] | undefined;
  readonly summary: Summary;
}

const SUBSETTED = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  code: 'SUBSETTED',
};

/** Keeps resourceType, id, meta and the named elements (choice names included); marks it subsetted. */
export function subsetResource(
  resource: Resource,
  elements: readonly string[] | undefined,
  summary: Summary,
): Resource {
  if (!elements && summary !== 'data') return resource;
  const source = resource as unknown as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'resourceType' || key === 'id' || key === 'meta') kept[key] = value;
    else if (summary === 'data' && !elements) {
      if (key !== 'text') kept[key] = value;
    } else if (elements?.some((element) => key === element || isChoiceOf(key, element))) {
      kept[key] = value;
    }
  }
  const meta = resource.meta ?? {};
  kept.meta = { ...meta, tag: [...(meta.tag ?? []), SUBSETTED] };
  return kept as unknown as Resource;
}

function isChoiceOf(key: string, element: string): boolean {
  if (key.length <= element.length || !key.startsWith(element)) return false;
  const next = key.charCodeAt(element.length);
  return next >= 65 && next <= 90;
}

function entryJson(
  entry: StoredResource,
  mode: 'match' | 'include',
  parts: SearchBundleParts,
  wire: WireReferences,
): string {
  const resource = subsetResource(entry.resource, parts.elements, parts.summary);
  return `{"fullUrl":${JSON.stringify(wire.absolute(entry.type, entry.id))},"resource":${wire.toWire(resource)},"search":{"mode":"${mode}"}}`;
}

export function renderSearchBundle(
  parts: SearchBundleParts,
  wire: WireReferences,
): string | Buffer {
  const links = [{ relation: 'self', url: parts.links.self }];
  if (parts.links.previous) links.push({ relation: 'previous', url: parts.links.previous });
  if (parts.links.next) links.push({ relation: 'next', url: parts.links.next });
  const head = {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { lastUpdated: parts.lastUpdated },
    type: 'searchset',
    ...(parts.total === undefined ? {} : { total: parts.total }),
    link: links,
  };
  const entries =
    parts.summary === 'count'
      ? []
      : [
          ...parts.matches.map((entry) => entryJson(entry, 'match', parts, wire)),
          ...parts.included.map((entry) => entryJson(entry, 'include', parts, wire)),
        ];
  const headJson = JSON.stringify(head);
  return entries.length === 0
    ? headJson
    : jsonBytes(`${headJson.slice(0, -1)},"entry":[`, entries, ']}');
}
