import type { Task } from '@medplum/fhirtypes';
import type { OutboxEntry } from '../cache/contracts.ts';
import { FhirError } from '../fhir/fhir-error.ts';
import { isIdentifiedResourceOf } from '../fhir/fhir-parse.ts';
import { committedByUs, taskPolicy } from './conflict-policy.ts';
import { isLocalVersion, taskPatch, type TaskChangePayload } from './entries.ts';
import { keyOf, versionOf, words, type Outcome, type SendContext } from './send-outcome.ts';

/** How many fresh reads-and-retries one attempt makes on a conflict before backing off. */
const CONFLICT_ROUNDS = 3;

async function readTask(
  { client, signal }: SendContext,
  id: string,
): Promise<Task & { id: string }> {
  return client.read('Task', id, signal);
}

/**
 * A Task change as a JSON Patch with `If-Match`, writing the entry id to
 * `meta.source`; on a conflict the server's copy is read and the policy
 * decides. `known`: server versionIds learnt while draining, newer than the
 * entry's recorded base.
 */
export async function changeTask(
  context: SendContext,
  entry: OutboxEntry,
  known: ReadonlyMap<string, string>,
): Promise<Outcome> {
  const payload = entry.payload as TaskChangePayload;
  const recordedBase = known.get(keyOf(entry)) ?? payload.serverBase;
  let base = recordedBase;
  // What the patch is computed against: the Task the user changed, until the server says otherwise.
  let against: Task = payload.base;
  if (base === null || isLocalVersion(versionOf(against))) {
    // No server version known under the change (or a local base): start from the server's copy.
    const current = await readTask(context, entry.resourceId);
    if (await committedByUs(context, entry, current, payload.serverBase))
      return { kind: 'done', resources: [current] };
    const verdict = taskPolicy(payload, current);
    if (verdict) return verdict;
    against = current;
    base = versionOf(current);
  }
  for (let round = 0; ; round++) {
    try {
      const answer = await context.client.send('PATCH', `Task/${entry.resourceId}`, {
        body: taskPatch(against, payload.change, entry.id),
        contentType: 'application/json-patch+json',
        headers: { 'if-match': `W/"${base ?? ''}"`, 'x-request-id': entry.id },
        signal: context.signal,
      });
      const task = answer.resource;
      if (isIdentifiedResourceOf(task, 'Task')) return { kind: 'done', resources: [task] };
      return {
        kind: 'done',
        resources: [await readTask(context, entry.resourceId)],
      };
    } catch (error) {
      const conflict =
        error instanceof FhirError &&
        (error.status === 412 || error.status === 409 || error.status === 422);
      if (!conflict) throw error;
      const current = await readTask(context, entry.resourceId);
      if (await committedByUs(context, entry, current, recordedBase))
        return { kind: 'done', resources: [current] };
      const verdict = taskPolicy(payload, current);
      if (verdict) return verdict;
      if (versionOf(current) === base || round + 1 >= CONFLICT_ROUNDS) {
        // Refused against the server's own current version: not a conflict, the change itself.
        if (versionOf(current) === base)
          return { kind: 'attention', conflict: null, text: words(error) };
        throw new FhirError(
          'unreachable',
          409,
          'The task keeps changing on the server; will retry.',
        );
      }
      against = current;
      base = versionOf(current);
    }
  }
}
