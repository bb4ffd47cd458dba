import {
  Body1,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  tokens,
} from '@fluentui/react-components';
import { ArrowSync20Regular, Delete20Regular, LockClosed20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOfflineControls, type UnsentChoice } from '../../app/offline/OfflineProvider.tsx';
import { useOutboxState } from '../../data/ClinicalWritesProvider.tsx';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  surface: { maxWidth: '640px' },
  // Four choices: one row, right-aligned, wrapping only on a narrow window.
  actions: {
    gridColumn: '1 / -1',
    display: 'flex',
    flexWrap: 'wrap',
    justifyContent: 'flex-end',
    gap: tokens.spacingHorizontalS,
  },
  choices: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    color: tokens.colorNeutralForeground2,
  },
});

export interface SignOutGuardProps {
  readonly open: boolean;
  readonly onClose: () => void;
  /** Sign-out or user switch: the body says which. */
  readonly reason?: 'sign-out' | 'switch-user';
}

type Problem =
  { readonly kind: 'unsent' } | { readonly kind: 'failed'; readonly message: string } | null;

/**
 * Asked before signing out (or switching user) with changes not yet on the
 * server: "N ikke sendte – Send nu / Behold / Kassér". Send now tries and
 * reports what is left; Keep signs out and leaves the entries sealed for the
 * same user's next sign-in; Discard asks a second time. Never wipes silently.
 * The choice is carried out by the offline layer (`useOfflineControls().signOut`).
 */
export function SignOutGuard({ open, onClose, reason = 'sign-out' }: SignOutGuardProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const controls = useOfflineControls();
  const outbox = useOutboxState();
  const [busy, setBusy] = useState<UnsentChoice | null>(null);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [problem, setProblem] = useState<Problem>(null);

  // Each time the question opens it starts afresh.
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) {
      setConfirmDiscard(false);
      setProblem(null);
    }
  }

  const choose = (choice: UnsentChoice) => {
    setBusy(choice);
    setProblem(null);
    controls.signOut(choice).then(
      (outcome) => {
        setBusy(null);
        if (outcome === 'signed-out') onClose();
        else {
          setConfirmDiscard(false);
          setProblem({ kind: 'unsent' });
        }
      },
      (error: unknown) => {
        setBusy(null);
        setProblem({
          kind: 'failed',
          message:
            error instanceof Error ? error.message : typeof error === 'string' ? error : 'unknown',
        });
      },
    );
  };

  const count = outbox.unsent;

  return (
    <Dialog
      open={open}
      modalType="alert"
      onOpenChange={(_event, data) => {
        if (!data.open && busy === null) onClose();
      }}
    >
      <DialogSurface className={styles.surface} aria-describedby="sign-out-guard-body">
        <DialogBody>
          <DialogTitle>
            {confirmDiscard
              ? t('signOutGuard.discardTitle', { count })
              : t('signOutGuard.title', { count })}
          </DialogTitle>
          <DialogContent className={styles.content} id="sign-out-guard-body">
            {confirmDiscard ? (
              <Body1>{t('signOutGuard.discardBody', { count })}</Body1>
            ) : (
              <>
                <Body1>
                  {reason === 'switch-user'
                    ? t('signOutGuard.bodySwitch', { count })
                    : t('signOutGuard.body', { count })}
                </Body1>
                <ul className={styles.choices}>
                  <li>{t('signOutGuard.explainSend')}</li>
                  <li>{t('signOutGuard.explainKeep')}</li>
                  <li>{t('signOutGuard.explainDiscard')}</li>
                </ul>
              </>
            )}
            {problem?.kind === 'unsent' ? (
              <MessageBar intent="warning" role="alert" layout="multiline">
                <MessageBarBody>
                  {t('signOutGuard.stillUnsent', { count })}{' '}
                  {outbox.needsAttention > 0
                    ? t('signOutGuard.attention', { count: outbox.needsAttention })
                    : (outbox.lastError ?? t('signOutGuard.noConnection'))}
                </MessageBarBody>
              </MessageBar>
            ) : null}
            {problem?.kind === 'failed' ? (
              <MessageBar intent="error" role="alert" layout="multiline">
                <MessageBarBody>
                  {t('signOutGuard.failed', { message: problem.message })}
                </MessageBarBody>
              </MessageBar>
            ) : null}
            {busy ? <Spinner size="tiny" label={t(`signOutGuard.busy.${busy}`)} /> : null}
          </DialogContent>
          <DialogActions className={styles.actions}>
            {confirmDiscard ? (
              <>
                <Button
                  appearance="secondary"
                  disabled={busy !== null}
                  onClick={() => setConfirmDiscard(false)}
                >
                  {t('signOutGuard.back')}
                </Button>
                <Button
                  appearance="primary"
                  disabled={busy !== null}
                  icon={<Delete20Regular />}
                  onClick={() => choose('discard')}
                >
                  {t('signOutGuard.discardConfirm', { count })}
                </Button>
              </>
            ) : (
              <>
                <Button appearance="subtle" disabled={busy !== null} onClick={onClose}>
                  {t('signOutGuard.cancel')}
                </Button>
                <Button
                  appearance="secondary"
                  disabled={busy !== null}
                  icon={<Delete20Regular />}
                  onClick={() => {
                    setProblem(null);
                    setConfirmDiscard(true);
                  }}
                >
                  {t('signOutGuard.discard')}
                </Button>
                <Button
                  appearance="secondary"
                  disabled={busy !== null}
                  icon={<LockClosed20Regular />}
                  onClick={() => choose('keep')}
                >
                  {t('signOutGuard.keep')}
                </Button>
                <Button
                  appearance="primary"
                  disabled={busy !== null}
                  icon={<ArrowSync20Regular />}
                  onClick={() => choose('send')}
                >
                  {t('signOutGuard.send')}
                </Button>
              </>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
