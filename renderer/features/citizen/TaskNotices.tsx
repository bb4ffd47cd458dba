import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { TaskNotice } from './useTaskWrites.ts';

const useStyles = makeStyles({
  // The live region stays in the tree (so screen readers hear what comes), without a gap while empty.
  live: { ':empty': { marginTop: `calc(-1 * ${tokens.spacingVerticalM})` } },
});

export interface TaskNoticesProps {
  /** What the last acknowledgement or note came to; null shows nothing. */
  readonly notice: TaskNotice | null;
  readonly onDismiss: () => void;
}

/** The tasks' live region: saved here, changed by a colleague, or not saved and why. */
export function TaskNotices({ notice, onDismiss }: TaskNoticesProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
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
            <Button onClick={onDismiss}>{t('tasks.dismiss')}</Button>
          </MessageBarActions>
        </MessageBar>
      ) : null}
    </div>
  );
}
