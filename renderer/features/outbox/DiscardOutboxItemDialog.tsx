import {
  Body1,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  Spinner,
} from '@fluentui/react-components';
import { Delete20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOutboxController } from '../../data/ClinicalWritesProvider.tsx';
import type { OutboxItemView } from '../../data/outbox/contracts.ts';
import { failureMessage } from './failureMessage.ts';

export interface DiscardOutboxItemDialogProps {
  /** The entry to discard once confirmed; null: the dialog is closed. */
  readonly item: OutboxItemView | null;
  /** Kept, discarded, or dismissed: the dialog should close. */
  readonly onClose: () => void;
}

/**
 * "Kassér ændringen?": discarding rolls the local change back and cannot be
 * undone, so it is asked once more. A failure is shown here, the entry kept.
 */
export function DiscardOutboxItemDialog({ item, onClose }: DiscardOutboxItemDialogProps) {
  const { t } = useTranslation();
  const outbox = useOutboxController();
  const [discarding, setDiscarding] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // A failure is about this attempt: asking again starts clean.
  const close = () => {
    setError(null);
    onClose();
  };

  const discard = async () => {
    if (!outbox || !item) return;
    setDiscarding(true);
    setError(null);
    try {
      await outbox.discard(item.id);
      close();
    } catch (failure) {
      setError(failureMessage(failure));
    } finally {
      setDiscarding(false);
    }
  };

  return (
    <Dialog
      open={item !== null}
      modalType="alert"
      onOpenChange={(_event, data) => {
        if (!data.open && !discarding) close();
      }}
    >
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('outbox.discardTitle')}</DialogTitle>
          <DialogContent>
            {item ? (
              <Body1>{t('outbox.discardBody', { kind: t(`outbox.kind.${item.kind}`) })}</Body1>
            ) : null}
            {error ? (
              <MessageBar intent="error" role="alert">
                <MessageBarBody>{t('outbox.discardFailed', { message: error })}</MessageBarBody>
              </MessageBar>
            ) : null}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" disabled={discarding} onClick={close}>
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
  );
}
