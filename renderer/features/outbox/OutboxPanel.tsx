import {
  Body1,
  Button,
  Caption1,
  DrawerBody,
  DrawerFooter,
  DrawerHeader,
  DrawerHeaderTitle,
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
  Dismiss24Regular,
} from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useOutboxController, useOutboxState } from '../../data/ClinicalWritesProvider.tsx';
import type { OutboxItemView } from '../../data/outbox/contracts.ts';
import { DiscardOutboxItemDialog } from './DiscardOutboxItemDialog.tsx';
import { failureMessage } from './failureMessage.ts';
import { OutboxItemRow } from './OutboxItemRow.tsx';
import { SendResult, type SendOutcome } from './SendResult.tsx';
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
});

/** The rules for retries and conflicts, in the order the footer lists them. */
const POLICIES = ['retry', 'task', 'notes', 'measurements', 'refused'] as const;

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
  const [sendResult, setSendResult] = useState<SendOutcome | null>(null);
  const [confirming, setConfirming] = useState<OutboxItemView | null>(null);

  const sendNow = async () => {
    if (!outbox) return;
    setSendResult(null);
    try {
      setSendResult({ kind: 'done', state: await outbox.sendNow({ ignoreBackoff: true }) });
    } catch (failure) {
      setSendResult({ kind: 'failed', message: failureMessage(failure) });
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
                  {t('outbox.listFailed', { message: failureMessage(error) })}
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
                <OutboxItemRow
                  key={item.id}
                  item={item}
                  onOpenCitizen={(patientId) => {
                    onClose();
                    void navigate(`/citizen/${encodeURIComponent(patientId)}`);
                  }}
                  onDiscard={() => setConfirming(item)}
                />
              ))}
            </ul>
          ) : null}
        </DrawerBody>
        <DrawerFooter className={styles.footer}>
          <Subtitle2 as="h3">{t('outbox.policyTitle')}</Subtitle2>
          <ul className={styles.policy}>
            {POLICIES.map((policy) => (
              <li key={policy}>
                <Caption1>{t(`outbox.policy.${policy}`)}</Caption1>
              </li>
            ))}
          </ul>
        </DrawerFooter>
      </OverlayDrawer>

      <DiscardOutboxItemDialog item={confirming} onClose={() => setConfirming(null)} />
    </>
  );
}
