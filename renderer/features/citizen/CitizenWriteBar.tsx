import {
  Badge,
  Button,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  tokens,
} from '@fluentui/react-components';
import { CheckmarkCircle12Regular, Dismiss20Regular } from '@fluentui/react-icons';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/format/datetime.ts';
import type { CitizenData } from './queries.ts';
import { UnsentBadge } from '../outbox/UnsentBadge.tsx';
import { useUnsentResources } from '../outbox/useOutboxItems.ts';
import { formatNumber } from './measurementForm.ts';
import {
  RegisterMeasurementDialog,
  type RegisteredMeasurement,
} from './RegisterMeasurementDialog.tsx';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalS,
    marginBottom: tokens.spacingVerticalL,
  },
  notices: {
    alignSelf: 'stretch',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  noticeLine: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
});

/** How many of this visit's registrations the citizen view keeps in sight. */
const NOTICES_SHOWN = 3;

export interface CitizenWriteBarProps {
  /** The open citizen: who, their forløb, and the planned series that decide the types offered. */
  readonly data: CitizenData;
  /** Whether the user's role in the citizen's teams lets them register measurements. */
  readonly canRegister: boolean;
}

/**
 * The citizen view's write actions: "Registrér måling" (types from the
 * plan), and a line per measurement registered in this visit that says
 * "Ikke sendt endnu" until the outbox has sent it, then "Sendt".
 */
export function CitizenWriteBar({ data, canRegister }: CitizenWriteBarProps) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const unsent = useUnsentResources(data.patient.id);
  const [registered, setRegistered] = useState<readonly RegisteredMeasurement[]>([]);

  // The citizen's plan names what is measured (planned series); every active forløb is offered those.
  const requestedCodes = useMemo(() => {
    const planned = data.series.flatMap((series) =>
      series.planned && series.codeKey ? [series.codeKey] : [],
    );
    return new Map(data.episodes.map((episode) => [episode.id, planned] as const));
  }, [data.series, data.episodes]);

  return (
    <div className={styles.bar}>
      {canRegister ? (
        <RegisterMeasurementDialog
          patientId={data.patient.id}
          patientName={data.patient.name}
          episodes={data.episodes}
          requestedCodes={requestedCodes}
          onRegistered={(measurement) =>
            setRegistered((previous) => [measurement, ...previous].slice(0, NOTICES_SHOWN))
          }
        />
      ) : (
        <Badge appearance="tint" color="informative" data-testid="view-only">
          {t('citizen.viewOnly')}
        </Badge>
      )}
      {registered.length > 0 ? (
        <div className={styles.notices} aria-live="polite">
          {registered.map((measurement) => {
            const status = unsent?.get(measurement.observationId);
            const sent = unsent !== null && status === undefined;
            const value = measurement.values
              .map((number) => formatNumber(number, i18n.language))
              .join('/');
            return (
              <MessageBar
                key={measurement.observationId}
                intent={status === 'needs-attention' ? 'error' : sent ? 'success' : 'info'}
                data-testid="registered-measurement"
              >
                <MessageBarBody className={styles.noticeLine}>
                  <MessageBarTitle>{t('registerMeasurement.registeredTitle')}</MessageBarTitle>
                  {t('registerMeasurement.registeredBody', {
                    name: t(`measurement.${measurement.codeKey}`),
                    value: measurement.unit ? `${value} ${measurement.unit}` : value,
                    time: formatDateTime(measurement.effective),
                  })}{' '}
                  {sent ? (
                    <Badge appearance="tint" color="success" icon={<CheckmarkCircle12Regular />}>
                      {t('registerMeasurement.sent')}
                    </Badge>
                  ) : (
                    <UnsentBadge needsAttention={status === 'needs-attention'} />
                  )}
                </MessageBarBody>
                <MessageBarActions
                  containerAction={
                    <Button
                      appearance="transparent"
                      aria-label={t('tasks.dismiss')}
                      icon={<Dismiss20Regular />}
                      onClick={() =>
                        setRegistered((previous) =>
                          previous.filter(
                            (item) => item.observationId !== measurement.observationId,
                          ),
                        )
                      }
                    />
                  }
                />
              </MessageBar>
            );
          })}
        </div>
      ) : null}
    </div>
  );
}
