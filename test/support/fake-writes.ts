import type { ClinicalWrites, MeasurementInput } from '../../renderer/data/outbox/contracts.ts';

/** One write a view asked for, with its arguments. */
export type WriteCall =
  | { readonly write: 'registerMeasurement'; readonly input: MeasurementInput }
  | {
      readonly write: 'acknowledgeTask';
      readonly taskId: string;
      readonly expectedVersionId: string;
    }
  | {
      readonly write: 'addTaskNote';
      readonly taskId: string;
      readonly expectedVersionId: string;
      readonly text: string;
    };

export interface FakeWrites extends ClinicalWrites {
  /** Every write asked for, in order, including those that failed. */
  readonly calls: WriteCall[];
  /** From now on every write rejects with `error` (null: they succeed again). */
  failWith(error: Error | null): void;
}

/**
 * Local writes that only record what a view sent. Registered measurements
 * get ids `local-obs-1`, `local-obs-2`, …
 */
export function fakeWrites(): FakeWrites {
  const calls: WriteCall[] = [];
  let failure: Error | null = null;
  const settle = <T>(call: WriteCall, value: T): Promise<T> => {
    calls.push(call);
    return failure ? Promise.reject(failure) : Promise.resolve(value);
  };
  return {
    calls,
    failWith(error) {
      failure = error;
    },
    registerMeasurement(input) {
      return settle(
        { write: 'registerMeasurement', input },
        {
          observationId: `local-obs-${calls.filter((call) => call.write === 'registerMeasurement').length + 1}`,
        },
      );
    },
    acknowledgeTask(taskId, expectedVersionId) {
      return settle({ write: 'acknowledgeTask', taskId, expectedVersionId }, undefined);
    },
    addTaskNote(taskId, expectedVersionId, text) {
      return settle({ write: 'addTaskNote', taskId, expectedVersionId, text }, undefined);
    },
  };
}
