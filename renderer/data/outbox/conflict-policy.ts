import type { Task } from '@medplum/fhirtypes';
import type { OutboxEntry } from '../cache/contracts.ts';
import { FhirError } from '../fhir/fhir-error.ts';
import { sourceOf, type TaskChangePayload } from './entries.ts';
import { versionOf, type Outcome, type SendContext } from './send-outcome.ts';

/**
 * What a Task change does when the server's copy moved on (docs/adr/0003,
 * "Outbox"): our own committed write is recognised by `meta.source`, a Task a
 * colleague completed or cancelled is not overwritten, and a note always
 * merges (it is appended to the server's notes).
 */

/** Versions read back when looking for our own committed write in a Task's history. */
const HISTORY_LOOKBACK = 20;

/** Whether one of the server's versions after `base` was written by this entry (meta.source). */
export async function committedByUs(
  { client, signal }: SendContext,
  entry: OutboxEntry,
  current: Task,
  base: string | null,
): Promise<boolean> {
  const source = sourceOf(entry.id);
  if (current.meta?.source === source) return true;
  const now = Number(versionOf(current));
  const from = Number(base);
  if (!Number.isInteger(now) || !Number.isInteger(from)) return false;
  for (let v = now - 1; v > from && v >= now - HISTORY_LOOKBACK; v--) {
    try {
      const old = await client.readVersion('Task', entry.resourceId, String(v), signal);
      if (old.meta?.source === source) return true;
    } catch (error) {
      if (error instanceof FhirError && error.status === 404) continue;
      throw error;
    }
  }
  return false;
}

/** The conflict policy for a Task change, given the server's current copy; null: merge and send. */
export function taskPolicy(payload: TaskChangePayload, current: Task): Outcome | null {
  if (payload.change.op === 'acknowledge') {
    if (current.status === 'completed' || current.status === 'cancelled') {
      return {
        kind: 'attention',
        conflict: 'task-completed-by-colleague',
        text: `The task was ${current.status === 'completed' ? 'completed' : 'cancelled'} by someone else (version ${versionOf(current) ?? '?'}); it was not changed.`,
      };
    }
    return null;
  }
  // A note is appended to the server's notes: two notes never overlap, so it always merges.
  return null;
}
