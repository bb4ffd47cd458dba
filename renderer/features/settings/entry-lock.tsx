import { makeStyles, tokens } from '@fluentui/react-components';
import { LockClosed16Regular } from '@fluentui/react-icons';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsEntry } from '../../../shared/settings/entries.ts';
import { useAppSelector } from '../../app/hooks.ts';
import { selectSettingsSaving, selectSettingsView } from './settingsSlice.ts';

const useStyles = makeStyles({
  lock: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    color: tokens.colorNeutralForeground2,
  },
});

/**
 * What a preference's control needs: whether it can be changed now, and the
 * hint that says who locked it (as the field's description, so a screen
 * reader hears it with the control).
 */
export function usePreferenceLock(entry: SettingsEntry): {
  readonly disabled: boolean;
  readonly lockHint: ReactElement | null;
} {
  const styles = useStyles();
  const { t } = useTranslation();
  const view = useAppSelector(selectSettingsView);
  const saving = useAppSelector(selectSettingsSaving);
  const locked = view?.entries[entry].locked ?? false;
  return {
    disabled: saving || locked,
    lockHint: locked ? (
      <span className={styles.lock} data-testid={`locked-${entry}`}>
        <LockClosed16Regular aria-hidden />
        {view?.managedBy
          ? t('settings.lockedBy', { by: view.managedBy })
          : t('settings.lockedByAdministrator')}
      </span>
    ) : null,
  };
}

/** A field's hint: the lock (if any) before the field's own hint. */
export function withLock(
  lockHint: ReactElement | null,
  hint?: string,
): ReactElement | string | undefined {
  if (!lockHint) return hint;
  if (!hint) return lockHint;
  return (
    <>
      {lockHint} {hint}
    </>
  );
}
