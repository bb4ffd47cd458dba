import {
  Button,
  Caption1,
  Field,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { ArrowSync16Regular, CloudOff16Regular, Dismiss16Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../data/sync/contracts.ts';
import { useAppDispatch, useAppSelector } from '../../app/hooks.ts';
import { useOfflineControls } from './offline-controls.ts';
import {
  selectCacheError,
  selectCacheInfo,
  selectCachePhase,
  selectSyncErrorKind,
  selectSyncStatus,
  selectWipeNoticeDismissed,
  wipeNoticeDismissed,
} from './offlineSlice.ts';
import type { SyncErrorKind } from './offlineSlice.ts';
import { whenText } from './sync-text.ts';

const useStyles = makeStyles({
  root: {
    gridColumn: '1 / 3',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  line: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    minHeight: '28px',
  },
  muted: { color: tokens.colorNeutralForeground2 },
  progress: { flexGrow: 1, maxWidth: '480px' },
});

/**
 * The sync's state under the app bar: last synced, progress while syncing,
 * offline with the age of the data, failures with a retry; and the cache's
 * own notices (emptied because of another key, kept in memory only).
 */
export function SyncStatusArea() {
  const styles = useStyles();
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const controls = useOfflineControls();
  const phase = useAppSelector(selectCachePhase);
  const info = useAppSelector(selectCacheInfo);
  const cacheError = useAppSelector(selectCacheError);
  const dismissed = useAppSelector(selectWipeNoticeDismissed);
  const sync = useAppSelector(selectSyncStatus);
  const errorKind = useAppSelector(selectSyncErrorKind);
  const [retrying, setRetrying] = useState(false);

  if (phase === 'closed') return null;

  const retry = () => {
    setRetrying(true);
    void controls.syncNow().finally(() => setRetrying(false));
  };

  return (
    <section className={styles.root} aria-label={t('sync.regionLabel')} data-testid="sync-status">
      {phase === 'opening' ? <Spinner size="tiny" label={t('sync.opening')} /> : null}
      {phase === 'failed' ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('sync.cacheFailedTitle')}</MessageBarTitle>
            {t('sync.cacheFailedBody', { message: cacheError ?? '' })}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {info && info.wipedOnOpen && !dismissed ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('sync.wipedTitle')}</MessageBarTitle>
            {t('sync.wipedBody')}
          </MessageBarBody>
          <MessageBarActions
            containerAction={
              <Button
                appearance="transparent"
                icon={<Dismiss16Regular />}
                aria-label={t('sync.dismiss')}
                onClick={() => dispatch(wipeNoticeDismissed())}
              />
            }
          />
        </MessageBar>
      ) : null}
      {info && !info.persistent ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('sync.memoryOnlyTitle')}</MessageBarTitle>
            {t('sync.memoryOnlyBody')}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {phase === 'open' ? (
        <SyncLine sync={sync} errorKind={errorKind} retrying={retrying} onRetry={retry} />
      ) : null}
    </section>
  );
}

function SyncLine({
  sync,
  errorKind,
  retrying,
  onRetry,
}: {
  readonly sync: SyncStatus;
  readonly errorKind: SyncErrorKind | null;
  readonly retrying: boolean;
  readonly onRetry: () => void;
}) {
  const styles = useStyles();
  const { t } = useTranslation();
  const dataFrom = sync.lastSyncedAt ? whenText(t, sync.lastSyncedAt) : null;

  switch (sync.phase) {
    case 'syncing': {
      const current = sync.types.find((type) => type.type === sync.current);
      const read = sync.types.reduce((sum, type) => sum + type.read, 0);
      const label = t('sync.progressLabel', { percent: Math.round(sync.percent) });
      const hint = [
        current
          ? t('sync.progressType', { type: t(`syncTypes.${current.type}`), count: current.read })
          : null,
        t('sync.progressTotal', { count: read }),
      ]
        .filter((part) => part !== null)
        .join(' · ');
      return (
        <div className={styles.line}>
          <Field className={styles.progress} label={label} hint={hint}>
            <ProgressBar value={Math.min(1, Math.max(0, sync.percent / 100))} aria-label={label} />
          </Field>
        </div>
      );
    }
    case 'offline':
      return (
        <MessageBar intent="warning" icon={<CloudOff16Regular />} layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('sync.offlineTitle')}</MessageBarTitle>
            {dataFrom ? t('sync.offlineBody', { when: dataFrom }) : t('sync.offlineNoData')}
          </MessageBarBody>
          <MessageBarActions>
            <Button disabled={retrying} onClick={onRetry}>
              {retrying ? t('sync.retrying') : t('sync.retry')}
            </Button>
          </MessageBarActions>
        </MessageBar>
      );
    case 'failed':
      return (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('sync.failedTitle')}</MessageBarTitle>
            {errorKind && errorKind !== 'other' ? `${t(`dataError.${errorKind}.title`)}. ` : ''}
            {t('sync.failedBody', { message: sync.message })}
            {dataFrom ? ` ${t('sync.failedDataFrom', { when: dataFrom })}` : ''}
          </MessageBarBody>
          <MessageBarActions>
            <Button disabled={retrying} onClick={onRetry}>
              {retrying ? t('sync.retrying') : t('sync.retry')}
            </Button>
          </MessageBarActions>
        </MessageBar>
      );
    case 'idle':
      return (
        <div className={styles.line}>
          {dataFrom ? (
            <Text className={styles.muted} data-testid="last-synced">
              {t('sync.lastSynced', { when: dataFrom })}
            </Text>
          ) : (
            <Text className={styles.muted} data-testid="never-synced">
              {t('sync.neverSynced')}
            </Text>
          )}
          <Button
            size="small"
            appearance="subtle"
            icon={<ArrowSync16Regular />}
            disabled={retrying}
            onClick={onRetry}
          >
            {t('sync.syncNow')}
          </Button>
          {retrying ? <Caption1 className={styles.muted}>{t('sync.retrying')}</Caption1> : null}
        </div>
      );
  }
}
