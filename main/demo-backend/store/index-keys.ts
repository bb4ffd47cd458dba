import {
  convertToSearchableDates,
  convertToSearchableReferences,
  convertToSearchableTokens,
  getSearchParameterDetails,
  PropertyType,
} from '@medplum/core';
import type { Period, Resource } from '@medplum/fhirtypes';
import type { ServiceCatalog } from '../capabilities/service-catalog.ts';
import { compileExtractor, type ValueExtractor } from '../engine/fast-extractor.ts';
import { searchParameterOf } from '../engine/fhir-definitions.ts';

/**
 * What the HTTP layer indexes, and the per-resource keys it indexes by. Keys are
 * the values Medplum's matcher would compare (its own `convertToSearchable*`),
 * so an indexed answer is the engine's answer (checked by property tests).
 */

/** Reference parameters the sync and the app query by; indexed wherever a statement lists them. */
const INDEXED_REFERENCES: ReadonlySet<string> = new Set([
  'patient',
  'subject',
  'episodeOfCare',
  'team',
  'responsible',
  'careTeamRecipient',
  'careTeamSender',
  'recipientCareTeam',
  'senderCareTeam',
  'recipient',
  'sender',
  'based-on',
  'focus',
  'actor',
  'careteamParticipant',
  'care-team',
  'participant-actor',
  'target',
  'practitioner',
  'organization',
]);

/**
 * Token parameters indexed wherever listed and their element has one FHIR type.
 * Not `status` or `category`: few values, so no use as a candidate source, and
 * keys for them cost every resource memory; Medplum's matcher checks them.
 */
const INDEXED_TOKENS: ReadonlySet<string> = new Set(['identifier', 'code']);

/** Element types whose tokens Medplum builds from the value alone. */
const TOKEN_TYPES: ReadonlySet<string> = new Set([
  PropertyType.Identifier,
  PropertyType.CodeableConcept,
  PropertyType.Coding,
  PropertyType.code,
  PropertyType.string,
  PropertyType.id,
  PropertyType.uri,
]);

/** Date parameters with a partitioned, date-ordered index (type → date parameter, partition parameter). */
export const DATE_INDEXES: Readonly<Record<string, { date: string; partition: string }>> = {
  Observation: { date: 'date', partition: 'episodeOfCare' },
};

export interface TokenKeys {
  /** `system|value` (lower case; empty system for none). */
  readonly pairs: readonly string[];
  /** Values (lower case), for searches without a system. */
  readonly values: readonly string[];
}

export interface IndexKeys {
  /** Reference parameter → the reference strings the engine would compare. */
  readonly refs: Readonly<Record<string, readonly string[]>>;
  /** Token parameter → its tokens. */
  readonly tokens: Readonly<Record<string, TokenKeys>>;
  /** Indexed date parameter → searchable periods (ISO instants, as Medplum makes them). */
  readonly dates: Readonly<Record<string, readonly Period[]>>;
}

interface Extraction {
  readonly code: string;
  readonly extract: ValueExtractor;
}

interface TypeIndexPlan {
  readonly refs: readonly Extraction[];
  readonly tokens: readonly (Extraction & { readonly propertyType: string })[];
  readonly dates: readonly Extraction[];
}

const EMPTY_KEYS: IndexKeys = { refs: {}, tokens: {}, dates: {} };

/** The single FHIR type of a token parameter's element, when it has exactly one Medplum can index by value. */
function tokenTypeOf(type: string, code: string): string | undefined {
  const sp = searchParameterOf(type, code);
  if (sp?.type !== 'token') return undefined;
  const types = new Set(
    (getSearchParameterDetails(type, sp).elementDefinitions ?? []).flatMap((element) =>
      element.type.map((t) => t.code),
    ),
  );
  const [only] = types;
  return types.size === 1 && only && TOKEN_TYPES.has(only) ? only : undefined;
}

/** Which parameters of which types are indexed, with compiled extractors. */
export class IndexPlan {
  readonly #plans = new Map<string, TypeIndexPlan>();

  constructor(catalog: ServiceCatalog) {
    for (const type of catalog.types()) {
      const listed = new Set<string>();
      for (const service of catalog.servicesHolding(type)) {
        for (const name of catalog.rules(service, type)?.searchParams.keys() ?? [])
          listed.add(name);
      }
      const extraction = (code: string): Extraction | undefined => {
        const expression = searchParameterOf(type, code)?.expression;
        return expression ? { code, extract: compileExtractor(type, expression) } : undefined;
      };
      const refs = [...listed]
        .filter(
          (code) =>
            INDEXED_REFERENCES.has(code) && searchParameterOf(type, code)?.type === 'reference',
        )
        .flatMap((code) => extraction(code) ?? []);
      const tokens = [...listed]
        .filter((code) => INDEXED_TOKENS.has(code))
        .flatMap((code) => {
          const propertyType = tokenTypeOf(type, code);
          const found = propertyType ? extraction(code) : undefined;
          return found && propertyType ? [{ ...found, propertyType }] : [];
        });
      const dateIndex = DATE_INDEXES[type];
      const date = dateIndex ? extraction(dateIndex.date) : undefined;
      this.#plans.set(type, { refs, tokens, dates: date ? [date] : [] });
    }
  }

  /** Whether `code` is an indexed reference parameter of `type`. */
  indexesReference(type: string, code: string): boolean {
    return this.#plans.get(type)?.refs.some((ref) => ref.code === code) ?? false;
  }

  indexesToken(type: string, code: string): boolean {
    return this.#plans.get(type)?.tokens.some((token) => token.code === code) ?? false;
  }

  indexesDate(type: string, code: string): boolean {
    return this.#plans.get(type)?.dates.some((date) => date.code === code) ?? false;
  }

  indexedReferenceCodes(type: string): readonly string[] {
    return this.#plans.get(type)?.refs.map((ref) => ref.code) ?? [];
  }

  indexedTokenCodes(type: string): readonly string[] {
    return this.#plans.get(type)?.tokens.map((token) => token.code) ?? [];
  }

  /** The keys of one resource (plain objects: 200k resources each carry one). */
  keysOf(resource: Resource): IndexKeys {
    const plan = this.#plans.get(resource.resourceType);
    if (!plan) return EMPTY_KEYS;
    const refs: Record<string, readonly string[]> = {};
    for (const { code, extract } of plan.refs) {
      const raw = extract(resource);
      if (raw.length === 0) continue;
      const values = convertToSearchableReferences(
        raw.map((value) => ({ type: PropertyType.Reference, value })),
      );
      if (values.length > 0) refs[code] = values;
    }
    const tokens: Record<string, TokenKeys> = {};
    for (const { code, extract, propertyType } of plan.tokens) {
      const raw = extract(resource);
      if (raw.length === 0) continue;
      const pairs: string[] = [];
      const values: string[] = [];
      for (const token of convertToSearchableTokens(
        raw.map((value) => ({ type: propertyType, value })),
      )) {
        const value = (token.value ?? '').toLowerCase();
        pairs.push(`${(token.system ?? '').toLowerCase()}|${value}`);
        if (token.value) values.push(value);
      }
      if (pairs.length > 0) tokens[code] = { pairs, values };
    }
    const dates: Record<string, readonly Period[]> = {};
    for (const { code, extract } of plan.dates) {
      const raw = extract(resource);
      if (raw.length === 0) continue;
      const periods = convertToSearchableDates(
        raw.map((value) => ({ type: PropertyType.dateTime, value })),
      );
      if (periods.length > 0) dates[code] = periods;
    }
    return { refs, tokens, dates };
  }
}
