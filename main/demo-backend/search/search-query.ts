import {
  OperationOutcomeError,
  parseSearchRequest,
  splitSearchOnComma,
  type SearchRequest,
} from '@medplum/core';
import type { TypeRules } from '../capabilities/service-catalog.ts';
import { searchParameterOf } from '../engine/fhir-definitions.ts';
import { FhirHttpError } from '../fhir/fhir-error.ts';

/**
 * Turns query parameters into a search the executor runs, refusing what FUT's
 * CapabilityStatement does not list for the type (400, HAPI's wording) and what
 * FUT lists but the demo back end does not implement (501).
 */

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

/** Result parameters: not search parameters, allowed on every search. */
const RESULT_PARAMETERS: ReadonlySet<string> = new Set([
  '_count',
  '_sort',
  '_include',
  '_revinclude',
  '_elements',
  '_summary',
  '_total',
  '_format',
  '_pretty',
]);

/** Listed by FUT for many types; Medplum's in-memory engine has no implementation. */
const NOT_IMPLEMENTED: ReadonlySet<string> = new Set([
  '_content',
  '_text',
  '_filter',
  '_has',
  '_language',
  '_list',
  '_source',
]);

export type Summary = 'count' | 'data' | 'false';

export interface SearchQuery {
  readonly service: string;
  readonly type: string;
  /** Medplum's parsed request: filters (references relative), sort, include, revinclude. */
  readonly request: SearchRequest;
  readonly count: number;
  readonly elements: readonly string[] | undefined;
  readonly summary: Summary;
  /** Not asked for: 'estimate' (the count when known without reading further; see `totalOf`). */
  readonly total: 'none' | 'estimate' | 'accurate';
  /** Chained parameters: answered by Medplum's engine, not the indexes. */
  readonly needsEngine: boolean;
}

function refuse(text: string): never {
  throw new FhirHttpError(400, 'not-supported', text);
}

function notImplemented(text: string): never {
  throw new FhirHttpError(501, 'not-supported', text);
}

export interface ParseContext {
  readonly rules: TypeRules;
  /** Absolute reference to our own service → relative (throws for a wrong service). */
  readonly toInternal: (reference: string) => string;
}

/** Validates and parses search parameters for one type on one service. */
export function parseSearch(
  params: readonly (readonly [string, string])[],
  context: ParseContext,
): SearchQuery {
  const { rules } = context;
  const record: Record<string, string[]> = {};
  let needsEngine = false;
  let count = DEFAULT_PAGE_SIZE;
  let summary: Summary = 'false';
  let total: SearchQuery['total'] = 'estimate';
  let elements: string[] | undefined;
  for (const [key, rawValue] of params) {
    let value = rawValue;
    const name = key.split(/[:.]/)[0] ?? key;
    if (RESULT_PARAMETERS.has(name)) {
      if (key !== name && !(name === '_include' || name === '_revinclude'))
        refuse(`Unknown modifier in ${key}.`);
      switch (name) {
        case '_count':
          count = parseCount(value);
          continue;
        case '_summary':
          summary = parseSummary(value);
          continue;
        case '_total':
          if (value !== 'none' && value !== 'estimate' && value !== 'accurate')
            refuse(`Invalid _total: ${value}.`);
          total = value;
          continue;
        case '_elements':
          elements = value
            .split(',')
            .map((element) => element.trim())
            .filter(Boolean);
          continue;
        case '_format':
          if (!/^(json|application\/(fhir\+)?json)$/.test(value)) {
            throw new FhirHttpError(
              406,
              'not-supported',
              `This server answers in JSON only (_format=${value}).`,
            );
          }
          continue;
        case '_pretty':
          continue;
        case '_sort':
          checkSort(value, rules);
          break;
        case '_include':
        case '_revinclude':
          checkInclude(name, key, value, rules);
          break;
      }
    } else {
      const listed = rules.searchParams.get(name);
      if (!listed) {
        refuse(
          `Unknown search parameter "${name}" for resource type "${rules.type}" on FUT's ${rules.service} service. ` +
            `Valid search parameters for this search are: [${[...rules.searchParams.keys()].sort().join(', ')}]`,
        );
      }
      const definition = searchParameterOf(rules.type, name);
      if (NOT_IMPLEMENTED.has(name) || !definition || listed.type === 'composite') {
        notImplemented(
          `FUT lists the search parameter "${name}" for ${rules.type}, but the demo back end does not implement it.`,
        );
      }
      if (key.includes('.')) needsEngine = true;
      if (definition.type === 'reference' && !key.includes('.')) {
        value = splitSearchOnComma(value).map(context.toInternal).join(',');
      }
    }
    (record[key] ??= []).push(value);
  }
  let request: SearchRequest;
  try {
    request = parseSearchRequest(rules.type, record);
  } catch (error) {
    if (error instanceof OperationOutcomeError)
      throw new FhirHttpError(400, 'invalid', error.message);
    throw error;
  }
  return {
    service: rules.service,
    type: rules.type,
    request,
    count,
    elements,
    summary,
    total,
    needsEngine,
  };
}

function parseCount(value: string): number {
  if (!/^\d{1,6}$/.test(value)) refuse(`Invalid _count: ${value}.`);
  // FHIR lets a server return fewer than asked for; pages here hold at most 1,000.
  return Math.min(Number(value), MAX_PAGE_SIZE);
}

function parseSummary(value: string): Summary {
  if (value === 'count' || value === 'data' || value === 'false') return value;
  if (value === 'true' || value === 'text')
    notImplemented(`_summary=${value} is not implemented by the demo back end.`);
  return refuse(`Invalid _summary: ${value}.`);
}

function checkSort(value: string, rules: TypeRules): void {
  for (const field of value.split(',')) {
    const code = field.replace(/^-/, '');
    if (code === '_id' || code === '_lastUpdated') continue;
    if (!rules.searchParams.has(code))
      refuse(`Cannot sort ${rules.type} by "${code}": not a search parameter FUT lists.`);
    if (!searchParameterOf(rules.type, code))
      notImplemented(`Sorting by "${code}" is not implemented.`);
  }
}

function checkInclude(
  name: '_include' | '_revinclude',
  key: string,
  value: string,
  rules: TypeRules,
): void {
  if (key.endsWith(':iterate')) notImplemented(`${key} is not implemented by the demo back end.`);
  if (key !== name) refuse(`Unknown modifier in ${key}.`);
  const allowed = name === '_include' ? rules.searchInclude : rules.searchRevInclude;
  const [type, param] = value.split(':');
  const target = `${type ?? ''}:${param ?? ''}`;
  if (!allowed.has('*') && !allowed.has(target)) {
    refuse(
      `${name}=${value} is not supported for ${rules.type} on FUT's ${rules.service} service.`,
    );
  }
  if (!type || !param || !searchParameterOf(type, param))
    refuse(`${name}=${value} names no search parameter.`);
  if (name === '_include' && type !== rules.type)
    refuse(`${name}=${value} must start with ${rules.type}.`);
}
