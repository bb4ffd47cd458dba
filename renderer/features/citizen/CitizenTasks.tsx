import {
  Badge,
  Body1,
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle2,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { Checkmark20Regular, Note20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/format/datetime.ts';
import { StaleBaseError } from '../../data/cache/contracts.ts';
import { useClinicalQuery } from '../../data/ClinicalQueriesProvider.tsx';
import { useClinicalWrites } from '../../data/ClinicalWritesProvider.tsx';
import type { TaskView } from '../../data/model/tasks.ts';
import { DelayedSpinner } from '../../ui/DelayedSpinner.tsx';
import { QueryError } from '../../ui/QueryError.tsx';
import { UnsentBadge } from '../outbox/UnsentBadge.tsx';
import { useUnsentResources } from '../outbox/useOutboxItems.ts';

const useStyles = makeStyles({
  section: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    margin: `${tokens.spacingVerticalL} 0`,
    padding: tokens.spacingHorizontalXL,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
  },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  task: {
    display: 'grid',
    gridTemplateColumns: '1fr auto',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  head: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
  },
  title: { fontWeight: tokens.fontWeightSemibold },
  meta: { color: tokens.colorNeutralForeground3 },
  actions: {
    gridColumn: '2',
    gridRow: '1 / span 3',
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'stretch',
    gap: tokens.spacingVerticalS,
  },
  notes: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
  },
  none: { color: tokens.colorNeutralForeground3, margin: 0 },
  // The live region stays in the tree (so screen readers hear what comes), without a gap while empty.
  live: { ':empty': { marginTop: `calc(-1 * ${tokens.spacingVerticalM})` } },
});

const PRIORITY_COLOUR: Record<
  NonNullable<TaskView['priority']>,
  'danger' | 'warning' | 'informative'
> = {
  stat: 'danger',
  asap: 'danger',
  urgent: 'warning',
  routine: 'informative',
};

type Notice =
  | { readonly kind: 'acknowledged'; readonly title: string }
  | { readonly kind: 'noted'; readonly title: string }
  | { readonly kind: 'stale' }
  | { readonly kind: 'failed'; readonly message: string };

export interface CitizenTasksProps {
  readonly patientId: string;
}

/**
 * The citizen's open tasks, most pressing first, with "Kvittér" and "Tilføj
 * note". Both are saved here at once and sent by the outbox; a task a
 * colleague changed meanwhile is reloaded, never overwritten.
 */
export function CitizenTasks({ patientId }: CitizenTasksProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const writes = useClinicalWrites();
  const unsent = useUnsentResources(patientId);
  const tasks = useClinicalQuery(`tasks:${patientId}`, (queries, signal) =>
    queries.tasks(patientId, signal),
  );
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [notingId, setNotingId] = useState<string | null>(null);
  const [noteText, setNoteText] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);

  const titleOf = (task: TaskView) =>
    task.category
      ? t(`taskCategory.${task.category.code}`, { defaultValue: task.category.text })
      : task.codeText || task.description || t('tasks.untitled');

  const failure = (error: unknown): Notice =>
    error instanceof StaleBaseError
      ? { kind: 'stale' }
      : { kind: 'failed', message: error instanceof Error ? error.message : String(error) };

  const acknowledge = async (task: TaskView) => {
    if (!writes || !task.versionId) return;
    setBusy(task.id);
    setNotice(null);
    try {
      await writes.acknowledgeTask(task.id, task.versionId);
      setNotice({ kind: 'acknowledged', title: titleOf(task) });
    } catch (error) {
      setNotice(failure(error));
    } finally {
      setBusy(null);
      tasks.reload();
    }
  };

  const list = tasks.data ?? [];
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
      setNotice({ kind: 'noted', title: titleOf(noting) });
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
      tasks.reload();
    }
  };

  return (
    <section className={styles.section} aria-labelledby="citizen-tasks-title">
      <Subtitle2 as="h2" id="citizen-tasks-title">
        {tasks.data ? t('tasks.title', { count: list.length }) : t('tasks.titleLoading')}
      </Subtitle2>

      <div aria-live="polite" className={styles.live}>
        {notice?.kind === 'acknowledged' || notice?.kind === 'noted' ? (
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>
                {notice.kind === 'acknowledged'
                  ? t('tasks.acknowledged', { title: notice.title })
                  : t('tasks.noted', { title: notice.title })}
              </MessageBarTitle>
              {t('tasks.savedLocally')}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {notice?.kind === 'stale' ? (
          <MessageBar intent="warning" layout="multiline" role="alert">
            <MessageBarBody>
              <MessageBarTitle>{t('tasks.stale')}</MessageBarTitle>
              {t('tasks.staleBody')}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {notice?.kind === 'failed' ? (
          <MessageBar intent="error" layout="multiline" role="alert">
            <MessageBarBody>
              <MessageBarTitle>{t('tasks.notSaved')}</MessageBarTitle>
              {notice.message}
            </MessageBarBody>
            <MessageBarActions>
              <Button onClick={() => setNotice(null)}>{t('tasks.dismiss')}</Button>
            </MessageBarActions>
          </MessageBar>
        ) : null}
      </div>

      {tasks.status === 'failed' ? <QueryError error={tasks.error} onRetry={tasks.reload} /> : null}
      {!tasks.data && tasks.status === 'loading' ? (
        <DelayedSpinner size="small" label={t('tasks.loading')} />
      ) : null}
      {tasks.data && list.length === 0 ? <p className={styles.none}>{t('tasks.none')}</p> : null}

      {list.length > 0 ? (
        <ul className={styles.list} aria-labelledby="citizen-tasks-title">
          {list.map((task) => {
            const title = titleOf(task);
            const canWrite = writes !== null && task.versionId !== null && busy === null;
            return (
              <li
                key={task.id}
                className={styles.task}
                data-testid="citizen-task"
                data-task-id={task.id}
              >
                <div className={styles.head}>
                  {task.priority ? (
                    <Badge appearance="filled" color={PRIORITY_COLOUR[task.priority]}>
                      {t(`tasks.priority.${task.priority}`)}
                    </Badge>
                  ) : null}
                  <span className={styles.title}>{title}</span>
                  {unsent?.has(task.id) ? (
                    <UnsentBadge needsAttention={unsent.get(task.id) === 'needs-attention'} />
                  ) : null}
                </div>
                {task.description && task.description !== title ? (
                  <Body1>{task.description}</Body1>
                ) : null}
                <Caption1 className={styles.meta}>
                  {task.authoredOn
                    ? t('tasks.created', { time: formatDateTime(task.authoredOn) })
                    : null}
                  {task.due ? ` · ${t('tasks.due', { time: formatDateTime(task.due) })}` : null}
                  {` · ${t(`tasks.status.${task.status}`, { defaultValue: task.status })}`}
                </Caption1>
                {task.notes.length > 0 ? (
                  <ul className={styles.notes} aria-label={t('tasks.notesLabel', { title })}>
                    {task.notes.map((note, index) => (
                      <li key={`${note.time ?? ''}-${index}`}>
                        <Caption1>
                          {note.time ? `${formatDateTime(note.time)}: ` : ''}
                          {note.text}
                        </Caption1>
                      </li>
                    ))}
                  </ul>
                ) : null}
                <div className={styles.actions}>
                  <Button
                    appearance="primary"
                    size="small"
                    icon={
                      busy === task.id ? (
                        <Spinner size="extra-tiny" aria-label={t('tasks.acknowledge')} />
                      ) : (
                        <Checkmark20Regular />
                      )
                    }
                    disabled={!canWrite}
                    aria-label={t('tasks.acknowledgeLabel', { title })}
                    onClick={() => void acknowledge(task)}
                  >
                    {t('tasks.acknowledge')}
                  </Button>
                  <Button
                    size="small"
                    icon={<Note20Regular />}
                    disabled={!canWrite}
                    aria-label={t('tasks.addNoteLabel', { title })}
                    onClick={() => {
                      setNoteText('');
                      setNoteError(null);
                      setNotingId(task.id);
                    }}
                  >
                    {t('tasks.addNote')}
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}

      <Dialog
        open={notingId !== null}
        onOpenChange={(_event, data) => {
          if (!data.open && busy === null) setNotingId(null);
        }}
      >
        <DialogSurface>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void saveNote();
            }}
          >
            <DialogBody>
              <DialogTitle>{t('tasks.noteTitle')}</DialogTitle>
              <DialogContent>
                {noting ? (
                  <Body1 as="p">{titleOf(noting)}</Body1>
                ) : tasks.status === 'loading' ? (
                  <Spinner size="tiny" label={t('tasks.loading')} />
                ) : (
                  <MessageBar intent="warning" role="alert">
                    <MessageBarBody>{t('tasks.noLongerOpen')}</MessageBarBody>
                  </MessageBar>
                )}
                <Field
                  label={t('tasks.noteLabel')}
                  required
                  hint={t('tasks.noteHint')}
                  validationState={noteError ? 'error' : 'none'}
                  validationMessage={noteError ?? undefined}
                >
                  <Textarea
                    value={noteText}
                    resize="vertical"
                    rows={4}
                    maxLength={2000}
                    onChange={(_event, data) => setNoteText(data.value)}
                  />
                </Field>
              </DialogContent>
              <DialogActions>
                <Button
                  appearance="secondary"
                  disabled={busy !== null}
                  onClick={() => setNotingId(null)}
                >
                  {t('tasks.cancel')}
                </Button>
                <Button
                  appearance="primary"
                  type="submit"
                  disabled={busy !== null || !noting?.versionId}
                >
                  {t('tasks.saveNote')}
                </Button>
              </DialogActions>
            </DialogBody>
          </form>
        </DialogSurface>
      </Dialog>
    </section>
  );
}
