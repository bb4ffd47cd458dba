import { makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../../../shared/format/datetime.ts';
import { numberFormat } from '../../../shared/format/number.ts';
import type { MeasurementSeries } from '../../data/model/series.ts';

const useStyles = makeStyles({
  none: { color: tokens.colorNeutralForeground3, margin: 0 },
  details: { marginTop: tokens.spacingVerticalXS, fontSize: tokens.fontSizeBase200 },
  table: { borderCollapse: 'collapse', width: '100%', fontVariantNumeric: 'tabular-nums' },
  cell: {
    textAlign: 'left',
    padding: `2px ${tokens.spacingHorizontalS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
});

export interface MeasurementTableProps {
  readonly series: MeasurementSeries;
  /** The measurement type's name. */
  readonly name: string;
  /** Each line's name, in the series' line order. */
  readonly lineNames: readonly string[];
  readonly from: string;
  readonly to: string;
}

/**
 * Every value of the chart as a table behind a disclosure, reachable by
 * keyboard and screen reader; built only when opened.
 */
export function MeasurementTable({ series, name, lineNames, from, to }: MeasurementTableProps) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const number = numberFormat(i18n.language, { maximumFractionDigits: 2 });
  const panel = series.lines.length > 1;
  return (
    <details className={styles.details} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{t('charts.showTable', { name })}</summary>
      {open ? (
        <table className={styles.table}>
          <caption className={styles.none}>
            {t('charts.tableCaption', { name, from: formatDate(from), to: formatDate(to) })}
          </caption>
          <thead>
            <tr>
              <th className={styles.cell} scope="col">
                {t('citizen.columns.time')}
              </th>
              {lineNames.map((lineName, index) => (
                <th className={styles.cell} scope="col" key={`head-${index}`}>
                  {panel ? lineName : t('citizen.columns.value')}
                  {series.unit ? ` (${series.unit})` : ''}
                </th>
              ))}
              <th className={styles.cell} scope="col">
                {t('citizen.columns.flag')}
              </th>
            </tr>
          </thead>
          <tbody>
            {series.points.map((point) => (
              <tr key={point.observationId}>
                <td className={styles.cell}>{formatDateTime(point.effective)}</td>
                {point.values.map((value, index) => (
                  <td className={styles.cell} key={`value-${index}`}>
                    {value === null ? '–' : number.format(value)}
                  </td>
                ))}
                <td className={styles.cell}>
                  {point.flag ? t(`flag.${point.flag}`) : t('flag.none')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </details>
  );
}
