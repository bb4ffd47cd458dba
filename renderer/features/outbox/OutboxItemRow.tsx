import {
  Badge,
  Body1,
  Button,
  Caption1,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  tokens,
} from '@fluentui/react-components';
import { Delete20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/format/datetime.ts';
import type { OutboxItemView } from '../../data/outbox/contracts.ts';

const useStyles = makeStyles({
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderLeft: `4px solid ${tokens.colorPaletteMarigoldBorderActive}`,
  },
  itemAttention: { borderLeft: `4px solid ${tokens.colorPaletteRedBorderActive}` },
  itemHead: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
  },
  kind: { fontWeight: tokens.fontWeightSemibold },
  meta: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  spacer: { flexGrow: 1 },
  quote: { fontStyle: 'italic' },
});

const STATUS_COLOUR: Record<OutboxItemView['status'], 'warning' | 'informative' | 'danger'> = {
  pending: 'warning',
  uncertain: 'informative',
  'needs-attention': 'danger',
};

/** The conflict policies the panel can put in plain words; any other gets the general text. */
const KNOWN_CONFLICTS = new Set([
  'task-completed-by-colleague',
  'task-changed-by-colleague',
  'measurement-not-found',
]);

export interface OutboxItemRowProps {
  readonly item: OutboxItemView;
  /** "Åbn borger": the panel closes and the citizen opens. */
  readonly onOpenCitizen: (patientId: string) => void;
  /** "Kassér …": asks for a confirmation first. */
  readonly onDiscard: () => void;
}

/**
 * One unsent change: what it is, its state in words, when it was saved, how
 * often it was tried, and the server's words when it refused or a colleague
 * got there first.
 */
export function OutboxItemRow({ item, onOpenCitizen, onDiscard }: OutboxItemRowProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const conflict =
    item.conflict === null ? null : KNOWN_CONFLICTS.has(item.conflict) ? item.conflict : 'other';
  const { patientId } = item;
  return (
    <li
      className={
        item.status === 'needs-attention' ? `${styles.item} ${styles.itemAttention}` : styles.item
      }
      data-testid="outbox-item"
    >
      <div className={styles.itemHead}>
        <span className={styles.kind}>{t(`outbox.kind.${item.kind}`)}</span>
        <Badge appearance="tint" color={STATUS_COLOUR[item.status]}>
          {t(`outbox.status.${item.status}`)}
        </Badge>
      </div>
      <Caption1 className={styles.meta}>
        {t('outbox.savedAt', { time: formatDateTime(item.createdAt) })}
        {' · '}
        {t('outbox.attempts', { count: item.attempts })}
      </Caption1>
      <Body1>{t(`outbox.statusHelp.${item.status}`)}</Body1>
      {item.problem || conflict ? (
        <MessageBar
          intent={item.status === 'needs-attention' ? 'error' : 'warning'}
          layout="multiline"
        >
          <MessageBarBody>
            {conflict ? (
              <>
                <MessageBarTitle>{t(`outbox.conflict.${conflict}.title`)}</MessageBarTitle>
                {t(`outbox.conflict.${conflict}.body`)}
              </>
            ) : (
              <MessageBarTitle>{t('outbox.refusedTitle')}</MessageBarTitle>
            )}
            {item.problem ? (
              <div>
                {t('outbox.serverSaid')}{' '}
                <span className={styles.quote} data-testid="outbox-problem">
                  »{item.problem}«
                </span>
              </div>
            ) : null}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={styles.actions}>
        {patientId ? (
          <Link onClick={() => onOpenCitizen(patientId)}>{t('outbox.openCitizen')}</Link>
        ) : null}
        <span className={styles.spacer} />
        <Button appearance="subtle" icon={<Delete20Regular />} onClick={onDiscard}>
          {t('outbox.discard')}
        </Button>
      </div>
    </li>
  );
}
