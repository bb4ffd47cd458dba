import {
  Badge,
  makeStyles,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { MeasurementFlag } from '../../../shared/domain/measurement-flag.ts';
import { formatDate, formatDateTime } from '../../../shared/format/datetime.ts';
import type { LatestMeasurement } from '../../data/model/measurements.ts';
import { UnsentBadge } from '../outbox/UnsentBadge.tsx';
import { useUnsentResources } from '../outbox/useOutboxItems.ts';

const useStyles = makeStyles({
  section: {
    padding: tokens.spacingHorizontalXL,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
  },
  value: { fontVariantNumeric: 'tabular-nums', fontWeight: tokens.fontWeightSemibold },
  none: { color: tokens.colorNeutralForeground3 },
});

const FLAG_COLOUR: Record<MeasurementFlag, 'danger' | 'warning' | 'success'> = {
  red: 'danger',
  yellow: 'warning',
  green: 'success',
};

export interface LatestMeasurementsProps {
  readonly measurements: readonly LatestMeasurement[];
  readonly since: string;
}

/** The newest value of each measurement type, with unit, time and its triage colour in words. */
export function LatestMeasurements({ measurements, since }: LatestMeasurementsProps) {
  const styles = useStyles();
  // Measurements registered here and not yet on the server say so ("Ikke sendt endnu").
  const unsent = useUnsentResources();
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'da-DK', {
    maximumFractionDigits: 2,
  });
  return (
    <section className={styles.section} aria-labelledby="latest-measurements-title">
      <Subtitle2 as="h2" id="latest-measurements-title">
        {t('citizen.latestTitle', { since: formatDate(since) })}
      </Subtitle2>
      {measurements.length === 0 ? (
        <p className={styles.none}>{t('citizen.noMeasurements')}</p>
      ) : (
        <Table aria-labelledby="latest-measurements-title" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('citizen.columns.measurement')}</TableHeaderCell>
              <TableHeaderCell>{t('citizen.columns.value')}</TableHeaderCell>
              <TableHeaderCell>{t('citizen.columns.time')}</TableHeaderCell>
              <TableHeaderCell>{t('citizen.columns.flag')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {measurements.map((measurement) => (
              <TableRow key={measurement.observationId}>
                <TableCell>
                  {measurement.codeKey
                    ? t(`measurement.${measurement.codeKey}`)
                    : measurement.codeText}
                </TableCell>
                <TableCell>
                  <span className={styles.value}>
                    {measurement.values.map((value) => number.format(value.value)).join('/')}
                  </span>{' '}
                  {measurement.unit}
                  {unsent?.has(measurement.observationId) ? (
                    <>
                      {' '}
                      <UnsentBadge
                        needsAttention={unsent.get(measurement.observationId) === 'needs-attention'}
                      />
                    </>
                  ) : null}
                </TableCell>
                <TableCell>{formatDateTime(measurement.effective)}</TableCell>
                <TableCell>
                  {measurement.flag ? (
                    <Badge appearance="filled" color={FLAG_COLOUR[measurement.flag]}>
                      {t(`flag.${measurement.flag}`)}
                    </Badge>
                  ) : (
                    <span className={styles.none}>{t('flag.none')}</span>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
