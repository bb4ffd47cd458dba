import {
  convertToSearchableReferences,
  matchesSearchRequest,
  Operator,
  PropertyType,
  type IncludeTarget,
  type SearchRequest,
} from '@medplum/core';
import { compileExtractor, type ValueExtractor } from '../engine/fast-extractor.ts';
import { searchParameterOf } from '../engine/fhir-definitions.ts';
import type { StoredResource } from '../store/resource-store.ts';
import type { SearchContext } from './execute-search.ts';

/**
 * `_include` and `_revinclude` for one page, within the service (FUT's services
 * are separate servers: nothing is included across them). Not iterative.
 */

const extractors = new Map<string, ValueExtractor>();

function extractorFor(type: string, code: string): ValueExtractor | undefined {
  const key = `${type}.${code}`;
  let extractor = extractors.get(key);
  const sp = searchParameterOf(type, code);
  if (!extractor && sp?.expression) {
    extractor = compileExtractor(type, sp.expression);
    extractors.set(key, extractor);
  }
  return extractor;
}

/** Resources the page's `_include`/`_revinclude` pull in, without the page's own. */
export function resolveIncludes(
  service: string,
  request: SearchRequest,
  page: readonly StoredResource[],
  context: SearchContext,
): StoredResource[] {
  const found = new Map<string, StoredResource>();
  const onPage = new Set(page.map((entry) => `${entry.type}/${entry.id}`));
  const add = (entry: StoredResource | undefined): void => {
    if (!entry || entry.service !== service) return;
    const key = `${entry.type}/${entry.id}`;
    if (!onPage.has(key)) found.set(key, entry);
  };
  for (const target of request.include ?? []) {
    for (const entry of page)
      for (const ref of referencesOf(entry, target)) add(context.store.getByReference(ref));
  }
  for (const target of request.revInclude ?? []) {
    for (const entry of referrersOf(service, target, page, context)) add(entry);
  }
  return [...found.values()];
}

function referencesOf(entry: StoredResource, target: IncludeTarget): string[] {
  if (entry.type !== target.resourceType) return [];
  const extract = extractorFor(entry.type, target.searchParam);
  if (!extract) return [];
  const refs = convertToSearchableReferences(
    extract(entry.resource).map((value) => ({ type: PropertyType.Reference, value })),
  );
  return target.targetType ? refs.filter((ref) => ref.startsWith(`${target.targetType}/`)) : refs;
}

function referrersOf(
  service: string,
  target: IncludeTarget,
  page: readonly StoredResource[],
  { store, indexes }: SearchContext,
): StoredResource[] {
  const refs = page.map((entry) => `${entry.type}/${entry.id}`);
  const { resourceType: type, searchParam: code } = target;
  if (indexes.plan.indexesReference(type, code)) {
    const ids = new Set(refs.flatMap((ref) => [...indexes.idsByReference(type, code, ref)]));
    return [...ids].flatMap((id) => store.get(type, id) ?? []);
  }
  const request: SearchRequest = {
    resourceType: type as SearchRequest['resourceType'],
    filters: [{ code, operator: Operator.EQUALS, value: refs.join(',') }],
  };
  const out: StoredResource[] = [];
  for (const entry of store.ofType(type).values()) {
    if (entry.service === service && matchesSearchRequest(entry.resource, request)) out.push(entry);
  }
  return out;
}
