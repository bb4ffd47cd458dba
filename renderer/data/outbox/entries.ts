import type { Annotation, ClinicalImpression, Observation, Task } from '@medplum/fhirtypes';
import type { CachedResource, OutboxEntry } from '../cache/contracts.ts';

/**
 * The outbox entries' payloads (sealed by the cache like every clinical
 * payload), how a Task change is applied locally and on the server, and how
 * a conflict is recorded on an entry.
 */

export const IDENTIFIER_SYSTEM = 'urn:ietf:rfc:3986';

/** The kinds the sender dispatches on. */
export type OutboxKind =
  'submit-measurement' | 'acknowledge-task' | 'add-task-note' | 'set-measurement-validity';

export interface SubmitMeasurementPayload {
  /** As submitted: no id, a client identifier (`urn:uuid:`), status final. */
  readonly observation: Observation;
  readonly identifier: string;
  readonly patientId: string;
}

export type TaskChange =
  | { readonly op: 'acknowledge'; readonly at: string; readonly by: string | null }
  | { readonly op: 'note'; readonly note: Annotation };

export interface TaskChangePayload {
  /** The cached Task the change was made against (for discard and merges). */
  readonly base: Task & { readonly id: string };
  /** The server versionId under the change (a local base is resolved to the server version beneath it). */
  readonly serverBase: string | null;
  readonly change: TaskChange;
}

export interface SetValidityPayload {
  /** The ClinicalImpression to send; its identifier makes a retry recognisable. */
  readonly impression: ClinicalImpression;
  readonly identifier: string;
  /** The measurement's client identifier: finds its server id when it was registered offline. */
  readonly measurementIdentifier: string | null;
  readonly patientId: string;
  /** The cached Observation before the change (for discard). */
  readonly base: CachedResource;
}

export type OutboxPayload = SubmitMeasurementPayload | TaskChangePayload | SetValidityPayload;

/** Entry ids are UUIDs; carried to the server as `meta.source` so our own committed write is recognised. */
export function sourceOf(entryId: string): string {
  return `urn:uuid:${entryId}`;
}

export function isLocalVersion(versionId: string | undefined | null): boolean {
  return typeof versionId === 'string' && versionId.startsWith('local-');
}

/** `local-<server version beneath>-<random>`: the server version survives local edits. */
export function localVersion(serverBase: string | null, random: string): string {
  return `local-${serverBase ?? ''}-${random}`;
}

export function serverVersionBeneath(versionId: string | undefined | null): string | null {
  if (!versionId) return null;
  if (!isLocalVersion(versionId)) return versionId;
  const match = /^local-(\d*)-/.exec(versionId);
  return match?.[1] ? match[1] : null;
}

/** The change applied to a Task as the user sees it locally (and as the server will hold it). */
export function applyTaskChange(task: Task, change: TaskChange): Task {
  if (change.op === 'acknowledge') {
    return {
      ...task,
      status: 'completed',
      lastModified: change.at,
      executionPeriod: { ...task.executionPeriod, end: change.at },
      ...(change.by ? { owner: { reference: change.by } } : {}),
    };
  }
  return { ...task, note: [...(task.note ?? []), change.note] };
}

/**
 * The JSON Patch sent for a change against `current` (what the server holds
 * at `If-Match`): an acknowledgement tests that the Task is still open; a
 * note is appended to whatever notes the server has.
 */
export function taskPatch(
  current: Task,
  change: TaskChange,
  entryId: string,
): Record<string, unknown>[] {
  const source = {
    op: 'add',
    path: current.meta ? '/meta/source' : '/meta',
    value: current.meta ? sourceOf(entryId) : { source: sourceOf(entryId) },
  };
  if (change.op === 'note') {
    return [
      source,
      current.note
        ? { op: 'add', path: '/note/-', value: change.note }
        : { op: 'add', path: '/note', value: [change.note] },
    ];
  }
  const after = applyTaskChange(current, change);
  return [
    { op: 'test', path: '/status', value: current.status },
    source,
    { op: 'replace', path: '/status', value: 'completed' },
    { op: 'add', path: '/lastModified', value: after.lastModified },
    { op: 'add', path: '/executionPeriod', value: after.executionPeriod },
    ...(after.owner ? [{ op: 'add', path: '/owner', value: after.owner }] : []),
  ];
}

/** Conflict codes recorded on an entry, for the text the view shows. */
export type ConflictCode =
  'task-completed-by-colleague' | 'task-changed-by-colleague' | 'measurement-not-found' | 'refused';

/**
 * The cache's entry keeps one sealed `problem` string; the conflict policy
 * that applied travels in front of the server's words: `⟦code⟧ text`.
 */
export function encodeProblem(conflict: ConflictCode | null, text: string): string {
  return conflict ? `⟦${conflict}⟧ ${text}` : text;
}

export function decodeProblem(problem: string | null): {
  conflict: string | null;
  text: string | null;
} {
  if (problem === null) return { conflict: null, text: null };
  const match = /^⟦([a-z-]+)⟧ ([\s\S]*)$/.exec(problem);
  return match
    ? { conflict: match[1] ?? null, text: match[2] ?? '' }
    : { conflict: null, text: problem };
}

/** The patient an entry is about, for the outbox panel. */
export function patientOfEntry(entry: OutboxEntry): string | null {
  const payload = entry.payload as Partial<SubmitMeasurementPayload & TaskChangePayload>;
  if (typeof payload.patientId === 'string') return payload.patientId;
  const reference = payload.base?.for?.reference;
  return reference?.startsWith('Patient/') ? reference.slice('Patient/'.length) : null;
}
