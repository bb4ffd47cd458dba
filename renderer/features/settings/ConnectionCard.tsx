import {
  Badge,
  Card,
  CardHeader,
  makeStyles,
  Subtitle2,
  Text,
  tokens,
} from '@fluentui/react-components';
import { LockClosed16Regular } from '@fluentui/react-icons';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../../shared/ipc/schemas.ts';
import {
  MACHINE_ENTRY_NAMES,
  offlineGraceHoursInForce,
  type MachineEntry,
  type MachineSettings,
} from '../../../shared/settings/entries.ts';
import type { TFunction } from 'i18next';
import { useAppSelector } from '../../app/hooks.ts';
import { selectSettingsView } from './settingsSlice.ts';

const useStyles = makeStyles({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  detail: {
    margin: 0,
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalS,
    overflowWrap: 'anywhere',
  },
  list: { margin: 0, paddingLeft: 0, listStyleType: 'none' },
  // Long addresses need room: two of the page's columns where there are two.
  card: {
    gridColumn: 'span 2',
    '@media (max-width: 1000px)': { gridColumn: 'auto' },
  },
});

/** One entry's value in words. */
function valueText(
  t: TFunction,
  entry: MachineEntry,
  connection: MachineSettings,
): string | string[] {
  switch (entry) {
    case 'fhirServices': {
      const services = connection.fhirServices;
      if (!services) return t('settings.connection.demoBackend');
      if ('base' in services) return services.base;
      return Object.entries(services.services).map(([name, base]) => `${name}: ${base}`);
    }
    case 'signIn': {
      const provider = connection.signIn;
      if (!provider) return t('settings.connection.demoPersonas');
      return t(`settings.connection.provider.${provider.kind}`, { authority: provider.authority });
    }
    case 'meetingOrigins':
      return connection.meetingOrigins.length > 0
        ? connection.meetingOrigins
        : t('settings.connection.none');
    case 'offlineGraceHours': {
      const inForce = offlineGraceHoursInForce(connection);
      if (inForce === 0)
        return connection.sharedWorkstation && connection.offlineGraceHours > 0
          ? t('settings.connection.offSharedWorkstation')
          : t('settings.connection.off');
      return t('settings.connection.hours', { count: inForce });
    }
    case 'sharedWorkstation':
      return connection.sharedWorkstation
        ? t('settings.connection.yes')
        : t('settings.connection.no');
    case 'idleLockMaxMinutes':
      return t('settings.minutes', { count: connection.idleLockMaxMinutes });
    case 'updateUrl':
      return connection.updateUrl ?? t('settings.connection.off');
  }
}

function EntryValue({ view, entry }: { view: SettingsView; entry: MachineEntry }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const value = valueText(t, entry, view.connection);
  const state = view.entries[entry];
  return (
    <dd className={styles.detail} data-testid={`connection-${entry}`}>
      {Array.isArray(value) ? (
        <ul className={styles.list}>
          {value.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : (
        <Text>{value}</Text>
      )}
      <Badge appearance="tint" color="informative" size="small">
        {t(`settings.source.${state.source}`)}
      </Badge>
      {state.locked ? (
        <Badge
          appearance="tint"
          color="warning"
          size="small"
          icon={<LockClosed16Regular aria-hidden />}
        >
          {t('settings.lockedBadge')}
        </Badge>
      ) : null}
    </dd>
  );
}

/**
 * The machine's connection settings, read-only: IT sets them in the
 * administrator defaults file or this machine's override, and each says
 * where its value comes from and whether it is locked.
 */
export function ConnectionCard() {
  const styles = useStyles();
  const { t } = useTranslation();
  const view = useAppSelector(selectSettingsView);
  if (!view) return null;
  return (
    <Card className={styles.card}>
      <CardHeader
        header={<Subtitle2 as="h2">{t('settings.connection.title')}</Subtitle2>}
        description={
          <Text size={200}>
            {view.managedBy
              ? t('settings.connection.managedBy', { by: view.managedBy })
              : t('settings.connection.notManaged')}
          </Text>
        }
      />
      <dl className={styles.facts}>
        {MACHINE_ENTRY_NAMES.map((entry) => (
          <Fragment key={entry}>
            <dt className={styles.term}>{t(`settings.connection.entry.${entry}`)}</dt>
            <EntryValue view={view} entry={entry} />
          </Fragment>
        ))}
      </dl>
    </Card>
  );
}
