import type { Task } from '@medplum/fhirtypes';
import { Ext } from '../../../shared/fhir/profiles.ts';
import { OPEN_TASK_STATUSES } from './caseload.ts';
import { compareIds, referenceId } from './references.ts';

/** One note on a task, as the tasks panel shows it. */
export interface TaskNoteView {
  readonly text: string;
  readonly time: string | null;
  /** A relative reference (`Practitioner/…`) or the author's name as the note gives it; null when unknown. */
  readonly author: string | null;
}

/** An open task of one of the citizen's forløb, with what an acknowledgement needs (id, versionId). */
export interface TaskView {
  readonly id: string;
  /** The server's (or the outbox's local) version, for If-Match; null when the record has none. */
  readonly versionId: string | null;
  readonly status: Task['status'];
  readonly priority: NonNullable<Task['priority']> | null;
  /** FUT's task category (`ehealth-task-category`), e.g. MeasurementForAssessment; null when absent. */
  readonly category: { readonly code: string; readonly text: string } | null;
  /** Task.code as the record names it ('' when absent). */
  readonly codeText: string;
  readonly description: string;
  readonly episodeId: string | null;
  /** What the task is about, as a relative reference (ClinicalImpression/…, Observation/…). */
  readonly focus: string | null;
  readonly authoredOn: string | null;
  /** restriction.period.end, else executionPeriod.end of a task not yet done; null when none. */
  readonly due: string | null;
  readonly notes: readonly TaskNoteView[];
}

const PRIORITY_RANK: Record<NonNullable<Task['priority']>, number> = {
  stat: 0,
  asap: 1,
  urgent: 2,
  routine: 3,
};

export function isOpenTask(task: Task): boolean {
  return OPEN_TASK_STATUSES.includes(task.status);
}

export function taskView(task: Task): TaskView {
  const category = task.extension?.find(
    (extension) => extension.url === Ext.taskCategory,
  )?.valueCodeableConcept;
  const categoryCoding = category?.coding?.[0];
  const episodeReference =
    task.extension?.find((extension) => extension.url === Ext.taskEpisodeOfCare)?.valueReference
      ?.reference ??
    task.extension?.find((extension) => extension.url === Ext.workflowEpisodeOfCare)?.valueReference
      ?.reference;
  return {
    id: task.id ?? '',
    versionId: task.meta?.versionId ?? null,
    status: task.status,
    priority: task.priority ?? null,
    category: categoryCoding?.code
      ? {
          code: categoryCoding.code,
          text: category?.text ?? categoryCoding.display ?? categoryCoding.code,
        }
      : null,
    codeText: task.code?.text ?? task.code?.coding?.[0]?.display ?? '',
    description: task.description ?? '',
    episodeId: referenceId(episodeReference, 'EpisodeOfCare'),
    focus: task.focus?.reference ?? null,
    authoredOn: task.authoredOn ?? null,
    due: task.restriction?.period?.end ?? task.executionPeriod?.end ?? null,
    notes: (task.note ?? []).map((note) => ({
      text: note.text,
      time: note.time ?? null,
      author: note.authorReference?.reference ?? note.authorString ?? null,
    })),
  };
}

/**
 * The open tasks among `tasks`, most pressing first: by priority (stat,
 * asap, urgent, routine, none), then the one waiting longest, then by id so
 * the order never depends on where the tasks came from.
 */
export function openTaskViews(tasks: readonly Task[]): TaskView[] {
  const rank = (view: TaskView) => (view.priority ? PRIORITY_RANK[view.priority] : 4);
  const seen = new Set<string>();
  return tasks
    .filter(
      (task): task is Task & { id: string } => isOpenTask(task) && typeof task.id === 'string',
    )
    .filter((task) => (seen.has(task.id) ? false : (seen.add(task.id), true)))
    .map(taskView)
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        (a.authoredOn ? Date.parse(a.authoredOn) : Infinity) -
          (b.authoredOn ? Date.parse(b.authoredOn) : Infinity) ||
        compareIds(a.id, b.id),
    );
}
