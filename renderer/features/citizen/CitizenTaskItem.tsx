import {
  Badge,
  Body1,
  Button,
  Caption1,
  makeStyles,
  Spinner,
  tokens,
} from '@fluentui/react-components';
import { Checkmark20Regular, Note20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/format/datetime.ts';
import type { OutboxItemView } from '../../data/outbox/contracts.ts';
import type { TaskView } from '../../data/model/tasks.ts';
import { UnsentBadge } from '../outbox/UnsentBadge.tsx';

const useStyles = makeStyles({
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

export interface CitizenTaskItemProps {
  readonly task: TaskView;
  /** The task's name as the list shows it. */
  readonly title: string;
  /** The task's outbox status while a change to it is not on the server yet, else undefined. */
  readonly unsent: OutboxItemView['status'] | undefined;
  /** Whether "Kvittér" and "Tilføj note" can be used now. */
  readonly canWrite: boolean;
  /** The role allows acting on tasks; without it the actions are left out, not disabled. */
  readonly canApprove: boolean;
  /** This task is being saved: its "Kvittér" shows a spinner. */
  readonly busy: boolean;
  readonly onAcknowledge: () => void;
  readonly onAddNote: () => void;
}

/** One open task: priority, name, description, dates, status, notes, and its two actions. */
export function CitizenTaskItem({
  task,
  title,
  unsent,
  canWrite,
  canApprove,
  busy,
  onAcknowledge,
  onAddNote,
}: CitizenTaskItemProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <li className={styles.task} data-testid="citizen-task" data-task-id={task.id}>
      <div className={styles.head}>
        {task.priority ? (
          <Badge appearance="filled" color={PRIORITY_COLOUR[task.priority]}>
            {t(`tasks.priority.${task.priority}`)}
          </Badge>
        ) : null}
        <span className={styles.title}>{title}</span>
        {unsent ? <UnsentBadge needsAttention={unsent === 'needs-attention'} /> : null}
      </div>
      {task.description && task.description !== title ? <Body1>{task.description}</Body1> : null}
      <Caption1 className={styles.meta}>
        {task.authoredOn ? t('tasks.created', { time: formatDateTime(task.authoredOn) }) : null}
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
      {canApprove ? (
        <div className={styles.actions}>
          <Button
            appearance="primary"
            size="small"
            icon={
              busy ? (
                <Spinner size="extra-tiny" aria-label={t('tasks.acknowledge')} />
              ) : (
                <Checkmark20Regular />
              )
            }
            disabled={!canWrite}
            aria-label={t('tasks.acknowledgeLabel', { title })}
            onClick={onAcknowledge}
          >
            {t('tasks.acknowledge')}
          </Button>
          <Button
            size="small"
            icon={<Note20Regular />}
            disabled={!canWrite}
            aria-label={t('tasks.addNoteLabel', { title })}
            onClick={onAddNote}
          >
            {t('tasks.addNote')}
          </Button>
        </div>
      ) : null}
    </li>
  );
}
