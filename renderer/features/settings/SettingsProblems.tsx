import {
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../app/hooks.ts';
import { selectSettingsView } from './settingsSlice.ts';

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  detail: { color: tokens.colorNeutralForeground3 },
});

/**
 * What was wrong in the settings files, entry by entry: the app runs on the
 * valid rest and the built-in defaults, and says so instead of hiding it.
 */
export function SettingsProblems() {
  const styles = useStyles();
  const { t } = useTranslation();
  const problems = useAppSelector(selectSettingsView)?.problems ?? [];
  if (problems.length === 0) return null;
  return (
    <MessageBar intent="warning" layout="multiline" data-testid="settings-problems">
      <MessageBarBody>
        <MessageBarTitle>
          {t('settings.problems.title', { count: problems.length })}
        </MessageBarTitle>
        <ul className={styles.list}>
          {problems.map((problem, index) => (
            <li key={index}>
              {t('settings.problems.item', {
                file: t(`settings.problems.file.${problem.file}`),
                entry: problem.entry ?? t('settings.problems.wholeFile'),
                what: t(`settings.problems.kind.${problem.kind}`),
              })}{' '}
              <span className={styles.detail} lang="en">
                ({problem.detail})
              </span>
            </li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}
