import {
  Card,
  CardHeader,
  Dropdown,
  Field,
  Option,
  Subtitle2,
  Switch,
  Text,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks.ts';
import { usePreferenceLock, withLock } from './entry-lock.tsx';
import { savePreferences, selectSettingsView } from './settingsSlice.ts';

/** The idle-lock times offered, in minutes; only those within the machine's maximum are shown. */
const IDLE_LOCK_CHOICES = [5, 10, 15, 30, 60, 120, 240, 480] as const;

/** The user's own preferences beyond language and the cache: notifications, idle lock, saved views. */
export function PreferencesCard() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const view = useAppSelector(selectSettingsView);
  const notifications = usePreferenceLock('desktopNotifications');
  const idleLock = usePreferenceLock('idleLockMinutes');
  if (!view) return null;
  const { preferences, connection } = view;
  const maximum = connection.idleLockMaxMinutes;
  const choices = [
    ...new Set([
      ...IDLE_LOCK_CHOICES.filter((minutes) => minutes <= maximum),
      preferences.idleLockMinutes,
      maximum,
    ]),
  ].sort((a, b) => a - b);

  return (
    <Card>
      <CardHeader header={<Subtitle2 as="h2">{t('settings.preferencesTitle')}</Subtitle2>} />
      <Field hint={withLock(notifications.lockHint)}>
        <Switch
          label={t('settings.desktopNotifications')}
          checked={preferences.desktopNotifications}
          disabled={notifications.disabled}
          onChange={(_event, data) =>
            void dispatch(savePreferences({ desktopNotifications: data.checked }))
          }
        />
      </Field>
      <Field
        label={t('settings.idleLockLabel')}
        hint={withLock(idleLock.lockHint, t('settings.idleLockHint', { count: maximum }))}
      >
        <Dropdown
          value={t('settings.minutes', { count: preferences.idleLockMinutes })}
          selectedOptions={[String(preferences.idleLockMinutes)]}
          disabled={idleLock.disabled}
          onOptionSelect={(_event, data) => {
            const minutes = Number(data.optionValue);
            if (Number.isInteger(minutes) && minutes !== preferences.idleLockMinutes)
              void dispatch(savePreferences({ idleLockMinutes: minutes }));
          }}
        >
          {choices.map((minutes) => (
            <Option key={minutes} value={String(minutes)}>
              {t('settings.minutes', { count: minutes })}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Text>{t('settings.savedViews', { count: preferences.savedViews.length })}</Text>
    </Card>
  );
}
