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
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOfflineControls, type UnsentChoice } from '../sync/offline-controls.ts';
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

/** What the unsent entries are asked about: leaving the session, or leaving the app (or window). */
export type UnsentGuardReason = 'sign-out' | 'switch-user' | 'quit' | 'close';

export interface UnsentGuardDialogProps {
  readonly open: boolean;
  /** The user cancelled (or the choice was carried out): the question goes. */
  readonly onClose: () => void;
  readonly reason: UnsentGuardReason;
  /** Carries the choice out: 'done' ends the question, 'unsent' keeps it and says what is left. */
  readonly act: (choice: UnsentChoice) => Promise<'done' | 'unsent'>;
}

/** Texts that say what happens after the choice (log out, or close the app) differ; the rest is shared. */
const LEAVING_APP_KEYS = new Set([
  'cancel',
  'stillUnsent',
  'failed',
  'explainSend',
  'explainKeep',
  'discardConfirm',
  'busy.keep',
  'busy.discard',
]);

function guardKey(reason: UnsentGuardReason, key: string): string {
  return (reason === 'quit' || reason === 'close') && LEAVING_APP_KEYS.has(key)
    ? `quitGuard.${key}`
    : `signOutGuard.${key}`;
}

const BODY_KEYS: Record<UnsentGuardReason, string> = {
  'sign-out': 'signOutGuard.body',
  'switch-user': 'signOutGuard.bodySwitch',
  quit: 'quitGuard.body',
  close: 'quitGuard.bodyClose',
};

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
  const controls = useOfflineControls();
  return (
    <UnsentGuardDialog
      open={open}
      onClose={onClose}
      reason={reason}
      act={async (choice) =>
        (await controls.signOut(choice)) === 'signed-out' ? 'done' : 'unsent'
      }
    />
  );
}

/**
 * The question itself, for sign-out, user switch and quit (QuitGuard.tsx):
 * the unsent count, send now / keep / discard (asked twice) / cancel, and
 * what is left when sending did not get everything through.
 */
export function UnsentGuardDialog({ open, onClose, reason, act }: UnsentGuardDialogProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const k = (key: string) => guardKey(reason, key);
  const bodyId = useId();
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
    act(choice).then(
      (outcome) => {
        setBusy(null);
        if (outcome === 'done') onClose();
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
      <DialogSurface className={styles.surface} aria-describedby={bodyId}>
        <DialogBody>
          <DialogTitle>
            {confirmDiscard
              ? t('signOutGuard.discardTitle', { count })
              : t('signOutGuard.title', { count })}
          </DialogTitle>
          <DialogContent className={styles.content} id={bodyId}>
            {confirmDiscard ? (
              <Body1>{t('signOutGuard.discardBody', { count })}</Body1>
            ) : (
              <>
                <Body1>{t(BODY_KEYS[reason], { count })}</Body1>
                <ul className={styles.choices}>
                  <li>{t(k('explainSend'))}</li>
                  <li>{t(k('explainKeep'))}</li>
                  <li>{t('signOutGuard.explainDiscard')}</li>
                </ul>
              </>
            )}
            {problem?.kind === 'unsent' ? (
              <MessageBar intent="warning" role="alert" layout="multiline">
                <MessageBarBody>
                  {t(k('stillUnsent'), { count })}{' '}
                  {outbox.needsAttention > 0
                    ? t('signOutGuard.attention', { count: outbox.needsAttention })
                    : (outbox.lastError ?? t('signOutGuard.noConnection'))}
                </MessageBarBody>
              </MessageBar>
            ) : null}
            {problem?.kind === 'failed' ? (
              <MessageBar intent="error" role="alert" layout="multiline">
                <MessageBarBody>{t(k('failed'), { message: problem.message })}</MessageBarBody>
              </MessageBar>
            ) : null}
            {busy ? <Spinner size="tiny" label={t(k(`busy.${busy}`))} /> : null}
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
                  {t(k('discardConfirm'), { count })}
                </Button>
              </>
            ) : (
              <>
                <Button appearance="subtle" disabled={busy !== null} onClick={onClose}>
                  {t(k('cancel'))}
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
