import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { OutboxState } from '../../data/outbox/contracts.ts';

/** What "Send nu" came to: the queue's state after it, or why it failed. */
export type SendOutcome =
  | { readonly kind: 'done'; readonly state: OutboxState }
  | { readonly kind: 'failed'; readonly message: string };

export interface SendResultProps {
  readonly result: SendOutcome;
}

/** "Send nu"'s answer: all sent, some left (and why), or the failure. */
export function SendResult({ result }: SendResultProps) {
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
