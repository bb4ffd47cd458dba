import { Operator, splitSearchOnComma, type Filter } from '@medplum/core';
import type { IndexPlan } from '../store/index-keys.ts';
import type { StoredResource } from '../store/resource-store.ts';
import { dateFilterOf, matchesDateFilter, matchesInstant, type DateFilter } from './date-match.ts';

/**
 * Filters the indexes answer exactly as Medplum's matcher would, each with the
 * per-resource check on precomputed keys. Everything else is "residual" and
 * goes to Medplum's matcher.
 */
export type IndexedFilter =
  | { readonly kind: 'id'; readonly ids: readonly string[] }
  | { readonly kind: 'reference'; readonly code: string; readonly references: readonly string[] }
  | {
      readonly kind: 'token';
      readonly code: string;
      readonly keys: readonly string[];
      /** Per key: `system|value` (true) or a bare value (false). */
      readonly pairs: readonly boolean[];
    }
  | { readonly kind: 'lastUpdated'; readonly filter: DateFilter }
  | { readonly kind: 'date'; readonly code: string; readonly filter: DateFilter };

/** The indexed form of a filter, or undefined when it must go to the engine. */
export function indexedFilterOf(
  type: string,
  filter: Filter,
  plan: IndexPlan,
): IndexedFilter | undefined {
  const { code, operator, value } = filter;
  if (code === '_lastUpdated') {
    const date = dateFilterOf(operator, value);
    return date ? { kind: 'lastUpdated', filter: date } : undefined;
  }
  if (plan.indexesDate(type, code)) {
    const date = dateFilterOf(operator, value);
    return date ? { kind: 'date', code, filter: date } : undefined;
  }
  if (operator !== Operator.EQUALS || value === '') return undefined;
  const values = splitSearchOnComma(value);
  if (code === '_id') {
    // FHIR ids are case-sensitive; so is this check (Medplum compares _id without case).
    return { kind: 'id', ids: values };
  }
  if (plan.indexesReference(type, code)) {
    // `id` without a type matches by suffix in the engine; leave those to it.
    return values.every((v) => v.includes('/'))
      ? { kind: 'reference', code, references: values }
      : undefined;
  }
  if (plan.indexesToken(type, code)) {
    const keys: string[] = [];
    const pairs: boolean[] = [];
    for (const v of values) {
      const bar = v.indexOf('|');
      if (bar < 0) {
        keys.push(v.toLowerCase());
        pairs.push(false);
      } else if (bar === v.lastIndexOf('|') && bar < v.length - 1) {
        keys.push(v.toLowerCase());
        pairs.push(true);
      } else {
        return undefined;
      }
    }
    return { kind: 'token', code, keys, pairs };
  }
  return undefined;
}

/** Whether a stored resource satisfies an indexed filter (no FHIRPath involved). */
export function satisfies(entry: StoredResource, filter: IndexedFilter): boolean {
  switch (filter.kind) {
    case 'id':
      return filter.ids.includes(entry.id);
    case 'reference': {
      const refs = entry.keys.refs[filter.code];
      return refs !== undefined && filter.references.some((ref) => refs.includes(ref));
    }
    case 'token': {
      const tokens = entry.keys.tokens[filter.code];
      return (
        tokens !== undefined &&
        filter.keys.some((key, i) => (filter.pairs[i] ? tokens.pairs : tokens.values).includes(key))
      );
    }
    case 'lastUpdated':
      return matchesInstant(entry.lastUpdatedMs, filter.filter);
    case 'date':
      return matchesDateFilter(entry.keys.dates[filter.code] ?? [], filter.filter);
  }
}
