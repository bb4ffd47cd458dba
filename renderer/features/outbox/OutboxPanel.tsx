import {
  Badge,
  Body1,
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DrawerBody,
  DrawerFooter,
  DrawerHeader,
  DrawerHeaderTitle,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  OverlayDrawer,
  Spinner,
  Subtitle2,
  tokens,
} from '@fluentui/react-components';
import {
  ArrowSync20Regular,
  CloudCheckmark20Regular,
  Delete20Regular,
  Dismiss24Regular,
} from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../../../shared/format/datetime.ts';
import { useOutboxController, useOutboxState } from '../../data/ClinicalWritesProvider.tsx';
import type { OutboxItemView, OutboxState } from '../../data/outbox/contracts.ts';
import { useOutboxItems } from './useOutboxItems.ts';

const useStyles = makeStyles({
  drawer: { width: 'min(480px, 100vw)' },
  summary: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    marginBottom: tokens.spacingVerticalM,
  },
  messages: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    marginBottom: tokens.spacingVerticalM,
  },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
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
  empty: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: tokens.spacingVerticalL,
    color: tokens.colorPaletteGreenForeground1,
  },
  policy: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalL,
    color: tokens.colorNeutralForeground2,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  footer: { display: 'flex', flexDirection: 'column', alignItems: 'stretch' },
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

function messageOf(error: unknown): string {
  return error instanceof Error
    ? error.message
    : typeof error === 'string'
      ? error
      : 'unknown error';
}

export interface OutboxPanelProps {
  readonly open: boolean;
  readonly onClose: () => void;
}

/**
 * The outbox, for the user: every change saved here and not yet on the
 * server, its state, the server's words when it refused, "Send nu", and
 * "Kassér" with a confirmation. The rules for conflicts are spelled out.
 */
export function OutboxPanel({ open, onClose }: OutboxPanelProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const outbox = useOutboxController();
  const state = useOutboxState();
  const { items, error } = useOutboxItems(open);
  const [sendResult, setSendResult] = useState<
    { kind: 'done'; state: OutboxState } | { kind: 'failed'; message: string } | null
  >(null);
  const [confirming, setConfirming] = useState<OutboxItemView | null>(null);
  const [discarding, setDiscarding] = useState(false);
  const [discardError, setDiscardError] = useState<string | null>(null);

  const sendNow = async () => {
    if (!outbox) return;
    setSendResult(null);
    try {
      setSendResult({ kind: 'done', state: await outbox.sendNow({ ignoreBackoff: true }) });
    } catch (failure) {
      setSendResult({ kind: 'failed', message: messageOf(failure) });
    }
  };

  const discard = async () => {
    if (!outbox || !confirming) return;
    setDiscarding(true);
    setDiscardError(null);
    try {
      await outbox.discard(confirming.id);
      setConfirming(null);
    } catch (failure) {
      setDiscardError(messageOf(failure));
    } finally {
      setDiscarding(false);
    }
  };

  return (
    <>
      <OverlayDrawer
        position="end"
        className={styles.drawer}
        open={open}
        onOpenChange={(_event, data) => {
          if (!data.open) onClose();
        }}
        aria-labelledby="outbox-panel-title"
      >
        <DrawerHeader>
          <DrawerHeaderTitle
            id="outbox-panel-title"
            action={
              <Button
                appearance="subtle"
                aria-label={t('outbox.close')}
                icon={<Dismiss24Regular />}
                onClick={onClose}
              />
            }
          >
            {t('outbox.title')}
          </DrawerHeaderTitle>
        </DrawerHeader>
        <DrawerBody>
          <div className={styles.summary}>
            <Body1 aria-live="polite">
              {state.unsent === 0
                ? t('outbox.allSent')
                : state.needsAttention > 0
                  ? t('outbox.summaryAttention', {
                      count: state.unsent,
                      attention: state.needsAttention,
                    })
                  : t('outbox.summary', { count: state.unsent })}
            </Body1>
            <Button
              appearance="primary"
              icon={
                state.sending ? (
                  <Spinner size="tiny" aria-label={t('outbox.sending')} />
                ) : (
                  <ArrowSync20Regular />
                )
              }
              disabled={!outbox || state.sending || state.unsent === 0}
              onClick={() => void sendNow()}
            >
              {state.sending ? t('outbox.sending') : t('outbox.sendNow')}
            </Button>
          </div>

          <div className={styles.messages}>
            {sendResult ? (
              <SendResult
                // The sender may finish after "Send nu" returned (a retry it had already planned): say what holds now.
                result={sendResult.kind === 'done' ? { kind: 'done', state } : sendResult}
              />
            ) : null}
            {state.lastError && state.unsent > 0 && !sendResult ? (
              <MessageBar intent="warning" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>{t('outbox.lastErrorTitle')}</MessageBarTitle>
                  {state.lastError}
                </MessageBarBody>
              </MessageBar>
            ) : null}
            {error ? (
              <MessageBar intent="error" role="alert">
                <MessageBarBody>
                  {t('outbox.listFailed', { message: messageOf(error) })}
                </MessageBarBody>
              </MessageBar>
            ) : null}
          </div>

          {items === null && !error && outbox ? <Spinner label={t('outbox.loading')} /> : null}
          {items !== null && items.length === 0 ? (
            <div className={styles.empty}>
              <CloudCheckmark20Regular aria-hidden="true" />
              <Body1>{t('outbox.empty')}</Body1>
            </div>
          ) : null}
          {items !== null && items.length > 0 ? (
            <ul className={styles.list} aria-label={t('outbox.listLabel')}>
              {items.map((item) => (
                <li
                  key={item.id}
                  className={
                    item.status === 'needs-attention'
                      ? `${styles.item} ${styles.itemAttention}`
                      : styles.item
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
                  {item.problem || item.conflict ? (
                    <MessageBar
                      intent={item.status === 'needs-attention' ? 'error' : 'warning'}
                      layout="multiline"
                    >
                      <MessageBarBody>
                        {item.conflict ? (
                          <>
                            <MessageBarTitle>
                              {t(
                                `outbox.conflict.${KNOWN_CONFLICTS.has(item.conflict) ? item.conflict : 'other'}.title`,
                              )}
                            </MessageBarTitle>
                            {t(
                              `outbox.conflict.${KNOWN_CONFLICTS.has(item.conflict) ? item.conflict : 'other'}.body`,
                            )}
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
                    {item.patientId ? (
                      <Link
                        onClick={() => {
                          onClose();
                          void navigate(`/citizen/${encodeURIComponent(item.patientId ?? '')}`);
                        }}
                      >
                        {t('outbox.openCitizen')}
                      </Link>
                    ) : null}
                    <span className={styles.spacer} />
                    <Button
                      appearance="subtle"
                      icon={<Delete20Regular />}
                      onClick={() => {
                        setDiscardError(null);
                        setConfirming(item);
                      }}
                    >
                      {t('outbox.discard')}
                    </Button>
                  </div>
                </li>
              ))}
            </ul>
          ) : null}
        </DrawerBody>
        <DrawerFooter className={styles.footer}>
          <Subtitle2 as="h3">{t('outbox.policyTitle')}</Subtitle2>
          <ul className={styles.policy}>
            <li>
              <Caption1>{t('outbox.policy.retry')}</Caption1>
            </li>
            <li>
              <Caption1>{t('outbox.policy.task')}</Caption1>
            </li>
            <li>
              <Caption1>{t('outbox.policy.notes')}</Caption1>
            </li>
            <li>
              <Caption1>{t('outbox.policy.measurements')}</Caption1>
            </li>
            <li>
              <Caption1>{t('outbox.policy.refused')}</Caption1>
            </li>
          </ul>
        </DrawerFooter>
      </OverlayDrawer>

      <Dialog
        open={confirming !== null}
        modalType="alert"
        onOpenChange={(_event, data) => {
          if (!data.open && !discarding) setConfirming(null);
        }}
      >
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{t('outbox.discardTitle')}</DialogTitle>
            <DialogContent>
              {confirming ? (
                <Body1>
                  {t('outbox.discardBody', { kind: t(`outbox.kind.${confirming.kind}`) })}
                </Body1>
              ) : null}
              {discardError ? (
                <MessageBar intent="error" role="alert">
                  <MessageBarBody>
                    {t('outbox.discardFailed', { message: discardError })}
                  </MessageBarBody>
                </MessageBar>
              ) : null}
            </DialogContent>
            <DialogActions>
              <Button
                appearance="secondary"
                disabled={discarding}
                onClick={() => setConfirming(null)}
              >
                {t('outbox.keep')}
              </Button>
              <Button
                appearance="primary"
                disabled={discarding}
                icon={
                  discarding ? (
                    <Spinner size="tiny" aria-label={t('outbox.discardConfirm')} />
                  ) : (
                    <Delete20Regular />
                  )
                }
                onClick={() => void discard()}
              >
                {t('outbox.discardConfirm')}
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </>
  );
}

function SendResult({
  result,
}: {
  readonly result: { kind: 'done'; state: OutboxState } | { kind: 'failed'; message: string };
}) {
  const { t } = useTranslation();
  if (result.kind === 'failed')
    return (
      <MessageBar intent="error" role="alert" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{t('outbox.sendFailedTitle')}</MessageBarTitle>
          {result.message}
        </MessageBarBody>
      </MessageBar>
    );
  const { state } = result;
  if (state.unsent === 0)
    return (
      <MessageBar intent="success" role="status">
        <MessageBarBody>{t('outbox.sendAllDone')}</MessageBarBody>
      </MessageBar>
    );
  return (
    <MessageBar intent="warning" role="status" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t('outbox.sendPartial', { count: state.unsent })}</MessageBarTitle>
        {state.needsAttention > 0
          ? t('outbox.sendPartialAttention', { count: state.needsAttention })
          : (state.lastError ?? t('outbox.sendPartialRetry'))}
      </MessageBarBody>
    </MessageBar>
  );
}
