import { Button, CounterBadge, makeStyles, tokens } from '@fluentui/react-components';
import {
  ArrowSync20Regular,
  CloudArrowUp20Regular,
  CloudCheckmark20Regular,
  Warning20Filled,
} from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOutboxController, useOutboxState } from '../../data/ClinicalWritesProvider.tsx';
import { OutboxPanel } from './OutboxPanel.tsx';

const useStyles = makeStyles({
  button: {
    color: tokens.colorNeutralForegroundOnBrand,
    ':hover': { color: tokens.colorNeutralForegroundOnBrand },
    ':hover:active': { color: tokens.colorNeutralForegroundOnBrand },
  },
  attention: { color: tokens.colorPaletteYellowForeground1 },
});

/**
 * The app bar's unsent count, always visible ("Alt sendt" when nothing
 * waits); a click opens the outbox panel. Shell places it in the banner.
 */
export function UnsentIndicator() {
  const styles = useStyles();
  const { t } = useTranslation();
  const outbox = useOutboxController();
  const state = useOutboxState();
  const [open, setOpen] = useState(false);
  if (!outbox) return null;

  const label =
    state.unsent === 0
      ? t('outbox.indicatorNone')
      : state.needsAttention > 0
        ? t('outbox.indicatorAttention', { count: state.unsent, attention: state.needsAttention })
        : t('outbox.indicator', { count: state.unsent });
  const icon = state.sending ? (
    <ArrowSync20Regular />
  ) : state.needsAttention > 0 ? (
    <Warning20Filled className={styles.attention} />
  ) : state.unsent > 0 ? (
    <CloudArrowUp20Regular />
  ) : (
    <CloudCheckmark20Regular />
  );

  return (
    <>
      <Button
        appearance="transparent"
        className={styles.button}
        icon={icon}
        aria-haspopup="dialog"
        aria-label={label}
        data-testid="unsent-indicator"
        data-unsent={state.unsent}
        onClick={() => setOpen(true)}
      >
        {state.unsent === 0 ? (
          t('outbox.indicatorNoneShort')
        ) : (
          <>
            {t('outbox.indicatorShort')}&nbsp;
            <CounterBadge
              count={state.unsent}
              color={state.needsAttention > 0 ? 'danger' : 'informative'}
              size="small"
              aria-hidden="true"
            />
          </>
        )}
      </Button>
      <OutboxPanel open={open} onClose={() => setOpen(false)} />
    </>
  );
}
