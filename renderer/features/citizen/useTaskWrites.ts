import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StaleBaseError } from '../../data/cache/contracts.ts';
import { useClinicalWrites } from '../../data/ClinicalWritesProvider.tsx';
import type { TaskView } from '../../data/model/tasks.ts';

/** What the last acknowledgement or note came to, for the tasks' live region. */
export type TaskNotice =
  | { readonly kind: 'acknowledged'; readonly title: string }
  | { readonly kind: 'noted'; readonly title: string }
  | { readonly kind: 'stale' }
  | { readonly kind: 'failed'; readonly message: string };

/** A task's name in the list: its category, else its code or description. */
export function taskTitle(task: TaskView, t: TFunction): string {
  return task.category
    ? t(`taskCategory.${task.category.code}`, { defaultValue: task.category.text })
    : task.codeText || task.description || t('tasks.untitled');
}

export interface TaskWrites {
  /** Whether acknowledging and noting are possible at all (signed in, cache open). */
  readonly available: boolean;
  /** The task being written right now, or null. */
  readonly busy: string | null;
  readonly notice: TaskNotice | null;
  readonly dismissNotice: () => void;
  readonly acknowledge: (task: TaskView) => Promise<void>;
  /** Whether the note dialog is open. */
  readonly noteOpen: boolean;
  /** The task being noted as currently loaded, or null when it is no longer among the open ones. */
  readonly noting: TaskView | null;
  readonly noteText: string;
  readonly noteError: string | null;
  readonly startNote: (task: TaskView) => void;
  readonly setNoteText: (text: string) => void;
  readonly closeNote: () => void;
  readonly saveNote: () => Promise<void>;
}

/**
 * "Kvittér" and "Tilføj note" on the citizen's open tasks. Each is saved at
 * once (the outbox sends it) and the tasks are read again afterwards; a task
 * a colleague changed meanwhile is reloaded, never overwritten, and a note
 * that could not be saved stays typed.
 */
export function useTaskWrites(list: readonly TaskView[], reload: () => void): TaskWrites {
  const { t } = useTranslation();
  const writes = useClinicalWrites();
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<TaskNotice | null>(null);
  const [notingId, setNotingId] = useState<string | null>(null);
  const [noteText, setNoteText] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);

  const failure = (error: unknown): TaskNotice =>
    error instanceof StaleBaseError
      ? { kind: 'stale' }
      : { kind: 'failed', message: error instanceof Error ? error.message : String(error) };

  const acknowledge = async (task: TaskView) => {
    if (!writes || !task.versionId) return;
    setBusy(task.id);
    setNotice(null);
    try {
      await writes.acknowledgeTask(task.id, task.versionId);
      setNotice({ kind: 'acknowledged', title: taskTitle(task, t) });
    } catch (error) {
      setNotice(failure(error));
    } finally {
      setBusy(null);
      reload();
    }
  };

  // The task being noted, as currently loaded (a reload after a conflict gives its new version).
  const noting = notingId === null ? null : (list.find((task) => task.id === notingId) ?? null);

  const saveNote = async () => {
    if (!writes || !noting?.versionId) return;
    const text = noteText.trim();
    if (!text) {
      setNoteError(t('tasks.noteRequired'));
      return;
    }
    setBusy(noting.id);
    setNoteError(null);
    try {
      await writes.addTaskNote(noting.id, noting.versionId, text);
      setNotice({ kind: 'noted', title: taskTitle(noting, t) });
      setNotingId(null);
    } catch (error) {
      // What was typed stays: the task is read again and the note can be saved on its new version.
      setNoteError(
        error instanceof StaleBaseError
          ? `${t('tasks.stale')}. ${t('tasks.staleNote')}`
          : t('tasks.noteFailed', {
              message: error instanceof Error ? error.message : String(error),
            }),
      );
    } finally {
      setBusy(null);
      reload();
    }
  };

  return {
    available: writes !== null,
    busy,
    notice,
    dismissNotice: () => setNotice(null),
    acknowledge,
    noteOpen: notingId !== null,
    noting,
    noteText,
    noteError,
    startNote: (task) => {
      setNoteText('');
      setNoteError(null);
      setNotingId(task.id);
    },
    setNoteText,
    closeNote: () => setNotingId(null),
    saveNote,
  };
}
