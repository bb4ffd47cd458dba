import { makeStyles, Subtitle2, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useSourceQuery } from '../../data/SourceProvider.tsx';
import { citizenTasks } from './queries.ts';
import { DelayedSpinner } from '../../ui/DelayedSpinner.tsx';
import { QueryError } from '../../ui/QueryError.tsx';
import { useUnsentResources } from '../outbox/useOutboxItems.ts';
import { CitizenTaskItem } from './CitizenTaskItem.tsx';
import { TaskNoteDialog } from './TaskNoteDialog.tsx';
import { TaskNotices } from './TaskNotices.tsx';
import { taskTitle, useTaskWrites } from './useTaskWrites.ts';

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
  none: { color: tokens.colorNeutralForeground3, margin: 0 },
});

export interface CitizenTasksProps {
  readonly patientId: string;
  /** Whether the user's role lets them acknowledge tasks and add notes (absent buttons otherwise). */
  readonly canApprove: boolean;
}

/**
 * The citizen's open tasks, most pressing first, with "Kvittér" and "Tilføj
 * note". Both are saved here at once and sent by the outbox; a task a
 * colleague changed meanwhile is reloaded, never overwritten.
 */
export function CitizenTasks({ patientId, canApprove }: CitizenTasksProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const unsent = useUnsentResources(patientId);
  const tasks = useSourceQuery(`tasks:${patientId}`, (source, signal) =>
    citizenTasks(source, patientId, signal),
  );
  const list = tasks.data ?? [];
  const writes = useTaskWrites(list, tasks.reload);

  return (
    <section className={styles.section} aria-labelledby="citizen-tasks-title">
      <Subtitle2 as="h2" id="citizen-tasks-title">
        {tasks.data ? t('tasks.title', { count: list.length }) : t('tasks.titleLoading')}
      </Subtitle2>

      <TaskNotices notice={writes.notice} onDismiss={writes.dismissNotice} />

      {tasks.status === 'failed' ? <QueryError error={tasks.error} onRetry={tasks.reload} /> : null}
      {!tasks.data && tasks.status === 'loading' ? (
        <DelayedSpinner size="small" label={t('tasks.loading')} />
      ) : null}
      {tasks.data && list.length === 0 ? <p className={styles.none}>{t('tasks.none')}</p> : null}

      {list.length > 0 ? (
        <ul className={styles.list} aria-labelledby="citizen-tasks-title">
          {list.map((task) => (
            <CitizenTaskItem
              key={task.id}
              task={task}
              title={taskTitle(task, t)}
              unsent={unsent?.get(task.id)}
              canWrite={writes.available && task.versionId !== null && writes.busy === null}
              canApprove={canApprove}
              busy={writes.busy === task.id}
              onAcknowledge={() => void writes.acknowledge(task)}
              onAddNote={() => writes.startNote(task)}
            />
          ))}
        </ul>
      ) : null}

      <TaskNoteDialog writes={writes} loading={tasks.status === 'loading'} />
    </section>
  );
}
