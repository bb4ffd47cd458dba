import {
  convertToSearchableDates,
  convertToSearchableReferences,
  convertToSearchableStrings,
  convertToSearchableTokens,
  evalFhirPathTyped,
  parseFhirPath,
  PropertyType,
  toTypedValue,
  type SortRule,
} from '@medplum/core';
import type { FhirPathAtom } from '@medplum/core';
import { compileExtractor } from '../engine/fast-extractor.ts';
import { searchParameterOf } from '../engine/fhir-definitions.ts';
import type { StoredResource } from '../store/resource-store.ts';
import { DATE_INDEXES } from '../store/index-keys.ts';
import { datedStart } from '../store/search-indexes.ts';

/**
 * Orders search matches. No `_sort`: by `_lastUpdated`, then write order. With
 * `_sort`: by each rule's value (a missing value counts as the lowest), then id.
 * Dates sort by period start; tokens by code; strings case-insensitively.
 * Indexed dates and `_lastUpdated` use stored keys (Medplum's own date sort
 * takes seconds at 2k matches).
 */

type SortKey = string | number;

const parsedExpressions = new Map<string, FhirPathAtom>();

function keyFunction(rule: SortRule, sample: StoredResource): (entry: StoredResource) => SortKey {
  if (rule.code === '_lastUpdated') return (entry) => entry.lastUpdatedMs;
  if (rule.code === '_id') return (entry) => entry.id;
  if (DATE_INDEXES[sample.type]?.date === rule.code) {
    return (entry) => datedStart(entry, rule.code);
  }
  const sp = searchParameterOf(sample.type, rule.code);
  if (!sp?.expression) return () => '';
  const expression = sp.expression;
  let atom = parsedExpressions.get(`${sample.type}.${rule.code}`);
  if (!atom) {
    atom = parseFhirPath(expression);
    parsedExpressions.set(`${sample.type}.${rule.code}`, atom);
  }
  const parsed = atom;
  if (sp.type === 'date' || sp.type === 'reference') {
    // These conversions read values only (no FHIR type needed): the compiled extractor will do.
    const extract = compileExtractor(sample.type, expression);
    const asDate = sp.type === 'date';
    return (entry) => {
      const values = extract(entry.resource).map((value) => ({
        type: PropertyType.dateTime,
        value,
      }));
      return asDate
        ? (convertToSearchableDates(values)[0]?.start ?? '')
        : (convertToSearchableReferences(values)[0] ?? '');
    };
  }
  return (entry) => {
    const values = evalFhirPathTyped(parsed, [toTypedValue(entry.resource)]);
    const kind: string = sp.type;
    switch (kind) {
      case 'date':
        return convertToSearchableDates(values)[0]?.start ?? '';
      case 'token':
        return (convertToSearchableTokens(values)[0]?.value ?? '').toLowerCase();
      case 'reference':
        return convertToSearchableReferences(values)[0] ?? '';
      default:
        return (convertToSearchableStrings(values)[0] ?? '').toLowerCase();
    }
  };
}

function compareKeys(a: SortKey, b: SortKey): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortEntries(
  entries: StoredResource[],
  rules: readonly SortRule[],
): StoredResource[] {
  const [sample] = entries;
  if (!sample) return entries;
  if (rules.length === 0) {
    return entries.sort((a, b) => a.lastUpdatedMs - b.lastUpdatedMs || a.sequence - b.sequence);
  }
  const keyed = entries.map((entry) => ({ entry, keys: [] as SortKey[] }));
  rules.forEach((rule) => {
    const key = keyFunction(rule, sample);
    for (const item of keyed) item.keys.push(key(item.entry));
  });
  keyed.sort((a, b) => {
    for (let i = 0; i < rules.length; i++) {
      const order = compareKeys(a.keys[i] ?? '', b.keys[i] ?? '');
      if (order !== 0) return rules[i]?.descending ? -order : order;
    }
    return compareKeys(a.entry.id, b.entry.id);
  });
  return keyed.map((item) => item.entry);
}
