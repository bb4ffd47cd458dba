import type { Task } from '@medplum/fhirtypes';
import { StaleBaseError, type CachedResource } from '../cache/contracts.ts';
import {
  applyTaskChange,
  localVersion,
  serverVersionBeneath,
  type TaskChange,
  type TaskChangePayload,
} from './entries.ts';
import { ClinicalWriteError, MAX_NOTE, type WriteContext } from './write-context.ts';

/**
 * Acknowledging a task and adding a note: the change is applied to the cached
 * Task at once and queued with the Task it was made on, which the sender
 * computes its PATCH against (docs/adr/0003, "Outbox").
 */

async function changeTask(
  ctx: WriteContext,
  taskId: string,
  expectedVersionId: string,
  change: TaskChange,
): Promise<void> {
  const { cache, uuid } = ctx;
  const cached = await cache.resources.get<Task & { id: string }>('Task', taskId);
  if (!cached) throw new ClinicalWriteError('not-cached', 'The task is not in the local cache.');
  const cachedVersion = cached.meta?.versionId ?? null;
  if (cachedVersion !== expectedVersionId) throw new StaleBaseError(cachedVersion);
  const serverBase = serverVersionBeneath(expectedVersionId);
  const changed = applyTaskChange(cached, change) as Task & { id: string };
  const resource = {
    ...changed,
    meta: { ...changed.meta, versionId: localVersion(serverBase, uuid().slice(0, 8)) },
  } as CachedResource;
  const payload: TaskChangePayload = { base: cached, serverBase, change };
  await ctx.enqueue(
    { resource, expectedVersionId },
    {
      kind: change.op === 'acknowledge' ? 'acknowledge-task' : 'add-task-note',
      resourceType: 'Task',
      resourceId: taskId,
      baseVersionId: expectedVersionId,
      payload,
    },
  );
}

export async function acknowledgeTask(
  ctx: WriteContext,
  taskId: string,
  expectedVersionId: string,
): Promise<void> {
  const { author, now } = ctx;
  await changeTask(ctx, taskId, expectedVersionId, {
    op: 'acknowledge',
    at: new Date(now()).toISOString(),
    by: author,
  });
}

export async function addTaskNote(
  ctx: WriteContext,
  taskId: string,
  expectedVersionId: string,
  text: string,
): Promise<void> {
  const { author, now } = ctx;
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new ClinicalWriteError('invalid-input', 'The note is empty.');
  if (trimmed.length > MAX_NOTE)
    throw new ClinicalWriteError('invalid-input', 'The note is too long.');
  await changeTask(ctx, taskId, expectedVersionId, {
    op: 'note',
    note: {
      text: trimmed,
      time: new Date(now()).toISOString(),
      ...(author ? { authorReference: { reference: author } } : {}),
    },
  });
}
