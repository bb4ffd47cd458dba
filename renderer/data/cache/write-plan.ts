import type { BucketRow, LocatorRow, ResourceRow } from './cache-db.ts';

/** Every row a cache change writes or deletes, sealed before its transaction opens. */
export interface WritePlan {
  readonly resourcePuts: ResourceRow[];
  readonly resourceDeletes: string[];
  readonly bucketPuts: BucketRow[];
  readonly bucketDeletes: string[];
  /** Every bucket read for the plan, with the revision seen (null: absent). */
  readonly bucketRevs: ReadonlyMap<string, number | null>;
  readonly locatorPuts: LocatorRow[];
  readonly locatorDeletes: string[];
  /** Resources stored. */
  readonly written: number;
  /** Same id + versionId as cached: skipped. */
  readonly unchanged: number;
  /** Of the removals, how many were cached. */
  readonly removed: number;
}

export interface PlanOptions {
  /** Write even when the cached versionId is the same (local writes, restores). */
  readonly force?: boolean;
  /** Blind keys to leave alone (resources with unsent outbox entries). */
  readonly hold?: ReadonlySet<string>;
}

export function planIsEmpty(plan: WritePlan): boolean {
  return (
    plan.resourcePuts.length === 0 &&
    plan.resourceDeletes.length === 0 &&
    plan.bucketPuts.length === 0 &&
    plan.bucketDeletes.length === 0 &&
    plan.locatorPuts.length === 0 &&
    plan.locatorDeletes.length === 0
  );
}
