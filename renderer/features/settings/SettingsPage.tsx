import {
  Button,
  Card,
  CardHeader,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Spinner,
  Subtitle2,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatTime } from '../../../shared/format/datetime.ts';
import { LanguageSchema } from '../../../shared/ipc/schemas.ts';
import {
  checkHealth,
  selectAppInfo,
  selectHealth,
  selectHealthError,
} from '../startup/appSlice.ts';
import { useAppDispatch, useAppSelector } from '../../app/hooks.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { CacheSettingsCard } from './CacheSettingsCard.tsx';
import { DiagnosticsButton } from './DiagnosticsButton.tsx';
import { ConnectionCard } from './ConnectionCard.tsx';
import { usePreferenceLock, withLock } from './entry-lock.tsx';
import { PreferencesCard } from './PreferencesCard.tsx';
import { SettingsProblems } from './SettingsProblems.tsx';
import { savePreferences, selectLanguage, selectSettingsError } from './settingsSlice.ts';

/** Main's refusals the page says in the user's language. */
const REFUSALS = new Set(['setting-locked', 'setting-invalid']);

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))',
    gap: tokens.spacingHorizontalL,
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  detail: { margin: 0 },
  checks: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

export function SettingsPage() {
  const styles = useStyles();
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const language = useAppSelector(selectLanguage);
  const languageLock = usePreferenceLock('language');
  const saveError = useAppSelector(selectSettingsError);
  const info = useAppSelector(selectAppInfo);
  const health = useAppSelector(selectHealth);
  const healthError = useAppSelector(selectHealthError);

  useEffect(() => {
    void dispatch(checkHealth());
  }, [dispatch]);

  const now = new Date();

  return (
    <>
      <PageHeader title={t('settings.title')} />
      <SettingsProblems />
      {saveError ? (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>
            {saveError.reason && REFUSALS.has(saveError.reason)
              ? t(`settings.refused.${saveError.reason}`, { message: saveError.message })
              : t('settings.saveError', { message: saveError.message })}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={styles.grid}>
        <Card>
          <CardHeader header={<Subtitle2 as="h2">{t('settings.languageTitle')}</Subtitle2>} />
          <Field label={t('settings.languageLabel')} hint={withLock(languageLock.lockHint)}>
            <RadioGroup
              value={language}
              disabled={languageLock.disabled}
              onChange={(_event, data) => {
                const next = LanguageSchema.safeParse(data.value);
                if (next.success) void dispatch(savePreferences({ language: next.data }));
              }}
            >
              <Radio value="da" label={t('settings.languageDa')} lang="da" />
              <Radio value="en" label={t('settings.languageEn')} lang="en" />
            </RadioGroup>
          </Field>
          <Text>{t('settings.today', { date: formatDate(now), time: formatTime(now) })}</Text>
        </Card>
        <PreferencesCard />
        <CacheSettingsCard />
        <ConnectionCard />
        <Card>
          <CardHeader header={<Subtitle2 as="h2">{t('settings.aboutTitle')}</Subtitle2>} />
          <dl className={styles.facts}>
            <dt className={styles.term}>{t('settings.version')}</dt>
            <dd className={styles.detail}>{info?.version}</dd>
            <dt className={styles.term}>{t('settings.mode')}</dt>
            <dd className={styles.detail}>{info ? t(`shell.mode.${info.mode}`) : ''}</dd>
            <dt className={styles.term}>{t('settings.platform')}</dt>
            <dd className={styles.detail}>{info?.platform}</dd>
          </dl>
          <DiagnosticsButton />
        </Card>
        <Card>
          <CardHeader
            header={<Subtitle2 as="h2">{t('settings.healthTitle')}</Subtitle2>}
            action={
              <Button onClick={() => void dispatch(checkHealth())}>
                {t('settings.healthRefresh')}
              </Button>
            }
          />
          {healthError ? (
            <MessageBar intent="error">
              <MessageBarBody>
                {t('settings.healthFailed', { message: healthError })}
              </MessageBarBody>
            </MessageBar>
          ) : health ? (
            <>
              <MessageBar intent={health.status === 'ok' ? 'success' : 'warning'}>
                <MessageBarBody>
                  {health.status === 'ok' ? t('settings.healthOk') : t('settings.healthDegraded')}
                </MessageBarBody>
              </MessageBar>
              <ul className={styles.checks}>
                {health.checks.map((check) => (
                  <li key={check.name}>
                    {check.ok ? '✓' : '✗'} {check.name}: {check.detail}
                  </li>
                ))}
              </ul>
              <Text>
                {t('settings.healthUptime', { minutes: Math.floor(health.uptimeSeconds / 60) })}
              </Text>
            </>
          ) : (
            <Spinner size="tiny" label={t('settings.healthChecking')} />
          )}
        </Card>
      </div>
    </>
  );
}
