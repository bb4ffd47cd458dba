import { Operator, toPeriod } from '@medplum/core';
import type { Period } from '@medplum/fhirtypes';

/**
 * Medplum's date comparison (`matchesDateValue` in @medplum/core, not exported),
 * for keys the indexes hold. Values are ISO instants from `toPeriod`, so string
 * order is time order. Kept identical to the engine; a property test checks it.
 */

const DATE_OPERATORS: ReadonlySet<string> = new Set([
  Operator.EQUALS,
  Operator.NOT_EQUALS,
  Operator.APPROXIMATELY,
  Operator.GREATER_THAN,
  Operator.GREATER_THAN_OR_EQUALS,
  Operator.LESS_THAN,
  Operator.LESS_THAN_OR_EQUALS,
  Operator.STARTS_AFTER,
  Operator.ENDS_BEFORE,
]);

export interface DateFilter {
  readonly operator: Operator;
  readonly start: string;
  readonly end: string;
  /** `start` and `end` in epoch milliseconds, for instants held as numbers. */
  readonly startMs: number;
  readonly endMs: number;
}

/** A single-valued date filter the indexes can answer, or undefined. */
export function dateFilterOf(operator: Operator, value: string): DateFilter | undefined {
  if (!DATE_OPERATORS.has(operator) || value.includes(',')) return undefined;
  const period = toPeriod(value);
  if (!period?.start || !period.end) return undefined;
  return {
    operator,
    start: period.start,
    end: period.end,
    startMs: Date.parse(period.start),
    endMs: Date.parse(period.end),
  };
}

function matchesOne(resource: Period, filter: DateFilter): boolean {
  const start = resource.start ?? '0000';
  const end = resource.end ?? '9999';
  const operator: string = filter.operator;
  switch (operator) {
    case Operator.APPROXIMATELY:
    case Operator.EQUALS:
    case Operator.NOT_EQUALS:
      return start < filter.end && end > filter.start;
    case Operator.LESS_THAN:
      return start < filter.start;
    case Operator.GREATER_THAN:
      return end > filter.end;
    case Operator.LESS_THAN_OR_EQUALS:
      return start <= filter.end;
    case Operator.GREATER_THAN_OR_EQUALS:
      return end >= filter.start;
    case Operator.STARTS_AFTER:
      return start > filter.end;
    case Operator.ENDS_BEFORE:
      return end < filter.start;
    default:
      return false;
  }
}

/** Whether any of a resource's searchable periods satisfies the filter (with `ne` negated). */
export function matchesDateFilter(periods: readonly Period[], filter: DateFilter): boolean {
  const negated = filter.operator === Operator.NOT_EQUALS;
  for (const period of periods) if (matchesOne(period, filter)) return !negated;
  return negated;
}

/**
 * `matchesDateFilter` for a single instant held in milliseconds (`meta.lastUpdated`,
 * always stored to the millisecond, so its period starts and ends at that instant).
 */
export function matchesInstant(ms: number, filter: DateFilter): boolean {
  const operator: string = filter.operator;
  switch (operator) {
    case Operator.APPROXIMATELY:
    case Operator.EQUALS:
      return ms < filter.endMs && ms > filter.startMs;
    case Operator.NOT_EQUALS:
      return !(ms < filter.endMs && ms > filter.startMs);
    case Operator.LESS_THAN:
    case Operator.ENDS_BEFORE:
      return ms < filter.startMs;
    case Operator.GREATER_THAN:
    case Operator.STARTS_AFTER:
      return ms > filter.endMs;
    case Operator.LESS_THAN_OR_EQUALS:
      return ms <= filter.endMs;
    case Operator.GREATER_THAN_OR_EQUALS:
      return ms >= filter.startMs;
    default:
      return false;
  }
}

/** The `[from, to]` milliseconds that can satisfy a filter on a single instant (for range scans). */
export function instantBounds(filter: DateFilter): { from: number; to: number } {
  const start = filter.startMs;
  const end = filter.endMs;
  const operator: string = filter.operator;
  switch (operator) {
    case Operator.EQUALS:
    case Operator.APPROXIMATELY:
      return { from: start, to: end };
    case Operator.GREATER_THAN:
    case Operator.STARTS_AFTER:
      return { from: end + 1, to: Number.MAX_SAFE_INTEGER };
    case Operator.GREATER_THAN_OR_EQUALS:
      return { from: start, to: Number.MAX_SAFE_INTEGER };
    case Operator.LESS_THAN:
    case Operator.ENDS_BEFORE:
      return { from: Number.MIN_SAFE_INTEGER, to: start - 1 };
    case Operator.LESS_THAN_OR_EQUALS:
      return { from: Number.MIN_SAFE_INTEGER, to: end };
    default:
      return { from: Number.MIN_SAFE_INTEGER, to: Number.MAX_SAFE_INTEGER };
  }
}
