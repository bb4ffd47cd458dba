import {
  Button,
  Card,
  CardHeader,
  Dropdown,
  Field,
  makeStyles,
  Option,
  Subtitle2,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks.ts';
import { useOfflineControls } from '../sync/offline-controls.ts';
import {
  selectCacheInfo,
  selectCacheStats,
  selectOutboxState,
  selectSyncStatus,
} from '../sync/offlineSlice.ts';
import { sizeText, whenText } from '../sync/sync-text.ts';
import { usePreferenceLock, withLock } from './entry-lock.tsx';
import {
  CACHE_RETENTION_CHOICES,
  savePreferences,
  selectCacheRetentionDays,
} from './settingsSlice.ts';

const KNOWN_BACKENDS = new Set([
  'gnome_libsecret',
  'kwallet',
  'kwallet5',
  'kwallet6',
  'basic_text',
  'dpapi',
  'keychain',
  'harness-file',
  'memory',
]);

const useStyles = makeStyles({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  detail: { margin: 0 },
});

/** The offline cache in settings: size, last sync, unsent, how the key is kept, retention. */
export function CacheSettingsCard() {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const controls = useOfflineControls();
  const info = useAppSelector(selectCacheInfo);
  const stats = useAppSelector(selectCacheStats);
  const sync = useAppSelector(selectSyncStatus);
  const outbox = useAppSelector(selectOutboxState);
  const retention = useAppSelector(selectCacheRetentionDays);
  const retentionLock = usePreferenceLock('cacheRetentionDays');
  const open = controls.session !== null;

  useEffect(() => {
    if (open) void controls.refreshStats();
  }, [controls, open, sync.lastSyncedAt]);

  const backendName = (backend: string) =>
    KNOWN_BACKENDS.has(backend)
      ? t(`cacheSettings.backend.${backend}`)
      : t('cacheSettings.backend.unknown', { backend });
  const choices: readonly number[] = CACHE_RETENTION_CHOICES.includes(
    retention as (typeof CACHE_RETENTION_CHOICES)[number],
  )
    ? CACHE_RETENTION_CHOICES
    : [...CACHE_RETENTION_CHOICES, retention].sort((a, b) => a - b);

  return (
    <Card>
      <CardHeader
        header={<Subtitle2 as="h2">{t('cacheSettings.title')}</Subtitle2>}
        action={
          open ? (
            <Button onClick={() => void controls.refreshStats()}>
              {t('cacheSettings.refresh')}
            </Button>
          ) : undefined
        }
      />
      {info ? (
        <dl className={styles.facts} data-testid="cache-facts">
          <dt className={styles.term}>{t('cacheSettings.size')}</dt>
          <dd className={styles.detail}>
            {stats
              ? t('cacheSettings.sizeValue', {
                  size: sizeText(stats.bytes, i18n.language),
                  count: stats.resources,
                })
              : t('cacheSettings.sizeUnknown')}
          </dd>
          <dt className={styles.term}>{t('cacheSettings.lastSynced')}</dt>
          <dd className={styles.detail}>
            {sync.lastSyncedAt ? whenText(t, sync.lastSyncedAt) : t('cacheSettings.never')}
          </dd>
          <dt className={styles.term}>{t('cacheSettings.unsent')}</dt>
          <dd className={styles.detail}>{outbox.unsent}</dd>
          <dt className={styles.term}>{t('cacheSettings.protection')}</dt>
          <dd className={styles.detail} data-testid="cache-protection">
            {info.persistent
              ? t('cacheSettings.protectionPersistent', { backend: backendName(info.backend) })
              : t('cacheSettings.protectionMemory', { backend: backendName(info.backend) })}
          </dd>
          {info.storagePersisted !== null ? (
            <>
              <dt className={styles.term}>{t('cacheSettings.storage')}</dt>
              <dd className={styles.detail}>
                {info.storagePersisted
                  ? t('cacheSettings.storagePersisted')
                  : t('cacheSettings.storageNotPersisted')}
              </dd>
            </>
          ) : null}
        </dl>
      ) : (
        <Text>{t('cacheSettings.closed')}</Text>
      )}
      <Field
        label={t('cacheSettings.retentionLabel')}
        hint={withLock(retentionLock.lockHint, t('cacheSettings.retentionHint'))}
      >
        <Dropdown
          value={t('cacheSettings.retentionDays', { count: retention })}
          selectedOptions={[String(retention)]}
          disabled={retentionLock.disabled}
          onOptionSelect={(_event, data) => {
            const days = Number(data.optionValue);
            if (Number.isInteger(days) && days !== retention)
              void dispatch(savePreferences({ cacheRetentionDays: days }));
          }}
        >
          {choices.map((days) => (
            <Option key={days} value={String(days)}>
              {t('cacheSettings.retentionDays', { count: days })}
            </Option>
          ))}
        </Dropdown>
      </Field>
    </Card>
  );
}
