import type { OpenedCache } from '../cache/contracts.ts';
import type { ClinicalWrites } from './contracts.ts';
import { registerMeasurement } from './measurement-writes.ts';
import { acknowledgeTask, addTaskNote } from './task-writes.ts';
import { invalidateMeasurement, type InvalidationDecision } from './validity-writes.ts';
import type { WriteContext } from './write-context.ts';

export interface ClinicalWritesOptions {
  readonly cache: OpenedCache;
  /** The signed-in clinician as a reference (`Practitioner/…`): performer, note author, owner. */
  readonly author?: string | null;
  readonly now?: () => number;
  readonly uuid?: () => string;
  /** After each write is queued: the app refreshes the unsent count and nudges the sender. */
  readonly onEnqueued?: () => void;
}

/** ClinicalWrites plus the correction of a measurement already registered. */
export interface OutboxClinicalWrites extends ClinicalWrites {
  /**
   * Observations are immutable: a wrong one is invalidated through
   * `$set-measurement-validity`. Locally it shows as entered-in-error at once.
   */
  invalidateMeasurement(
    observationId: string,
    expectedVersionId: string,
    decision: InvalidationDecision,
  ): Promise<void>;
}

/**
 * Local writes: each updates the encrypted cache and queues its outbox entry
 * in one transaction (OutboxStore.enqueue), which checks the cached versionId.
 * One module per kind: measurement-writes.ts, task-writes.ts,
 * validity-writes.ts.
 */
export function createClinicalWrites(options: ClinicalWritesOptions): OutboxClinicalWrites {
  const { cache } = options;
  const enqueued = options.onEnqueued ?? (() => undefined);
  const ctx: WriteContext = {
    cache,
    author: options.author ?? null,
    now: options.now ?? Date.now,
    uuid: options.uuid ?? (() => crypto.randomUUID()),
    async enqueue(...args) {
      await cache.outbox.enqueue(...args);
      enqueued();
    },
  };
  return {
    registerMeasurement: (input) => registerMeasurement(ctx, input),
    acknowledgeTask: (taskId, expectedVersionId) => acknowledgeTask(ctx, taskId, expectedVersionId),
    addTaskNote: (taskId, expectedVersionId, text) =>
      addTaskNote(ctx, taskId, expectedVersionId, text),
    invalidateMeasurement: (observationId, expectedVersionId, decision) =>
      invalidateMeasurement(ctx, observationId, expectedVersionId, decision),
  };
}
