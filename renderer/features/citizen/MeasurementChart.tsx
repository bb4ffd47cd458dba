import { makeStyles, tokens } from '@fluentui/react-components';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../../../shared/format/datetime.ts';
import { numberFormat } from '../../../shared/format/number.ts';
import type { MeasurementSeries } from '../../data/model/series.ts';
import { ChartLegend, ChartPlot } from './ChartPlot.tsx';
import { gapCount } from './chartGeometry.ts';
import { MeasurementTable } from './MeasurementTable.tsx';

const useStyles = makeStyles({
  figure: {
    margin: 0,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    minWidth: 0,
  },
  caption: {
    display: 'flex',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
    fontWeight: tokens.fontWeightSemibold,
    marginBottom: tokens.spacingVerticalXS,
  },
  latest: { fontVariantNumeric: 'tabular-nums', fontWeight: tokens.fontWeightRegular },
  none: { color: tokens.colorNeutralForeground3, margin: 0 },
});

export interface MeasurementChartProps {
  readonly series: MeasurementSeries;
  readonly from: string;
  readonly to: string;
}

/**
 * One measurement type over the period as a small line chart: values with
 * gaps where measurements are missing, red and yellow threshold zones (or
 * limit lines for a panel such as blood pressure), dd.mm dates. The image
 * is summarised in its aria-label; every value is also in a table behind
 * a disclosure, reachable by keyboard and screen reader.
 */
export function MeasurementChart({ series, from, to }: MeasurementChartProps) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const number = numberFormat(i18n.language, { maximumFractionDigits: 2 });
  const name = series.codeKey ? t(`measurement.${series.codeKey}`) : series.codeText;
  const lineNames = series.lines.map((line) =>
    line.componentKey ? t(`measurement.${line.componentKey}`) : line.componentText || name,
  );
  const titleId = `chart-${series.id.replace(/[^A-Za-z0-9-]/g, '-')}`;
  const withUnit = (text: string) => (series.unit ? `${text} ${series.unit}` : text);
  const formatValues = (values: readonly (number | null)[]) =>
    values.map((value) => (value === null ? '–' : number.format(value))).join('/');
  const latest = series.points[series.points.length - 1];

  return (
    <figure className={styles.figure} aria-labelledby={titleId} data-testid="measurement-chart">
      <figcaption className={styles.caption} id={titleId}>
        <span>{series.unit ? `${name} (${series.unit})` : name}</span>
        {latest ? (
          <span className={styles.latest}>
            {withUnit(formatValues(latest.values))} · {formatDate(latest.effective)}
          </span>
        ) : null}
      </figcaption>
      <ChartPlot
        series={series}
        fromMs={Date.parse(from)}
        toMs={Date.parse(to)}
        summary={chartSummary({ series, name, lineNames, from, to, t, withUnit, formatValues })}
      />
      {!latest ? <p className={styles.none}>{t('charts.noValues')}</p> : null}
      {series.lines.length > 1 ? <ChartLegend lineNames={lineNames} /> : null}
      {latest ? (
        <MeasurementTable series={series} name={name} lineNames={lineNames} from={from} to={to} />
      ) : null}
    </figure>
  );
}

interface SummaryInput {
  readonly series: MeasurementSeries;
  readonly name: string;
  readonly lineNames: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly t: TFunction;
  readonly withUnit: (text: string) => string;
  readonly formatValues: (values: readonly (number | null)[]) => string;
}

/** The chart in words: how many values, each line's range, the latest value and the gaps. */
function chartSummary({
  series,
  name,
  lineNames,
  from,
  to,
  t,
  withUnit,
  formatValues,
}: SummaryInput): string {
  const latest = series.points[series.points.length - 1];
  if (!latest)
    return t('charts.summaryEmpty', { name, from: formatDate(from), to: formatDate(to) });
  const perLine = lineNames.map((lineName, index) => {
    const values = series.points
      .map((point) => point.values[index])
      .filter((value): value is number => typeof value === 'number');
    return t('charts.summaryRange', {
      name: lineName,
      min: withUnit(formatValues([Math.min(...values)])),
      max: withUnit(formatValues([Math.max(...values)])),
    });
  });
  const gaps = series.lines.reduce((sum, _line, index) => sum + gapCount(series, index), 0);
  return [
    t('charts.summary', {
      name,
      count: series.points.length,
      from: formatDate(from),
      to: formatDate(to),
    }),
    ...perLine,
    t('charts.summaryLatest', {
      value: withUnit(formatValues(latest.values)),
      time: formatDateTime(latest.effective),
      flag: latest.flag ? t(`flag.${latest.flag}`) : t('flag.none'),
    }),
    gaps > 0 ? t('charts.summaryGaps', { count: gaps }) : '',
  ]
    .filter(Boolean)
    .join(' ');
}
