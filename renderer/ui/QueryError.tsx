import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { FhirError } from '../data/fhir/fhir-error.ts';

export interface QueryErrorProps {
  readonly error: unknown;
  /** Shown as "Prøv igen". */
  readonly onRetry: () => void;
}

/** A failed data load, said plainly (offline, unreadable answer, refusal) with a retry. */
export function QueryError({ error, onRetry }: QueryErrorProps) {
  const { t } = useTranslation();
  const kind = error instanceof FhirError ? error.kind : 'other';
  const detail =
    error instanceof FhirError
      ? (error.diagnostics ?? '')
      : error instanceof Error
        ? error.message
        : String(error);
  return (
    <MessageBar intent="error" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{t(`dataError.${kind}.title`)}</MessageBarTitle>
        {t(`dataError.${kind}.body`)}
        {detail ? ` (${detail})` : ''}
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={onRetry}>{t('dataError.retry')}</Button>
      </MessageBarActions>
    </MessageBar>
  );
}
