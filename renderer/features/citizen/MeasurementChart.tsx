import { makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../../../shared/format/datetime.ts';
import type { MeasurementSeries, SeriesLine } from '../../data/model/series.ts';
import {
  bandRects,
  CHART_BOX,
  dayMonth,
  dayTicks,
  gapCount,
  isolatedPoints,
  linePath,
  scales,
  valueDomain,
  valueTicks,
} from './chartGeometry.ts';
import { numberFormat } from '../../../shared/format/number.ts';

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
  svg: { display: 'block', width: '100%', height: 'auto', overflow: 'visible' },
  axis: { fill: tokens.colorNeutralForeground3, fontSize: '10px' },
  grid: { stroke: tokens.colorNeutralStroke2, strokeWidth: 1 },
  red: { fill: tokens.colorPaletteRedBackground2 },
  yellow: { fill: tokens.colorPaletteYellowBackground2 },
  limitRed: { stroke: tokens.colorPaletteRedBorderActive, strokeDasharray: '4 3', strokeWidth: 1 },
  limitYellow: {
    stroke: tokens.colorPaletteMarigoldBorderActive,
    strokeDasharray: '2 3',
    strokeWidth: 1,
  },
  line0: { stroke: tokens.colorBrandForeground1, fill: 'none', strokeWidth: 1.75 },
  line1: { stroke: tokens.colorPaletteBerryForeground1, fill: 'none', strokeWidth: 1.75 },
  dot0: { fill: tokens.colorBrandForeground1 },
  dot1: { fill: tokens.colorPaletteBerryForeground1 },
  none: { color: tokens.colorNeutralForeground3, margin: 0 },
  details: { marginTop: tokens.spacingVerticalXS, fontSize: tokens.fontSizeBase200 },
  table: { borderCollapse: 'collapse', width: '100%', fontVariantNumeric: 'tabular-nums' },
  cell: {
    textAlign: 'left',
    padding: `2px ${tokens.spacingHorizontalS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  legend: {
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
  },
});

/** Above this many points a marker per value would only clutter the line (and the paint). */
const DENSE_POINTS = 62;

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
  const [tableOpen, setTableOpen] = useState(false);
  const number = numberFormat(i18n.language, { maximumFractionDigits: 2 });
  const name = series.codeKey ? t(`measurement.${series.codeKey}`) : series.codeText;
  const lineName = (line: SeriesLine) =>
    line.componentKey ? t(`measurement.${line.componentKey}`) : line.componentText || name;
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  const domain = valueDomain(series);
  const titleId = `chart-${series.id.replace(/[^A-Za-z0-9-]/g, '-')}`;
  const withUnit = (text: string) => (series.unit ? `${text} ${series.unit}` : text);
  const formatValues = (values: readonly (number | null)[]) =>
    values.map((value) => (value === null ? '–' : number.format(value))).join('/');

  const latest = series.points[series.points.length - 1];
  const summary = chartSummary();

  function chartSummary(): string {
    if (!latest)
      return t('charts.summaryEmpty', { name, from: formatDate(from), to: formatDate(to) });
    const perLine = series.lines.map((line, index) => {
      const values = series.points
        .map((point) => point.values[index])
        .filter((value): value is number => typeof value === 'number');
      return t('charts.summaryRange', {
        name: lineName(line),
        min: withUnit(number.format(Math.min(...values))),
        max: withUnit(number.format(Math.max(...values))),
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

  const box = CHART_BOX;
  const scale = domain ? scales(box, fromMs, toMs, domain) : null;
  const panel = series.lines.length > 1;
  const ticks = dayTicks(fromMs, toMs);
  const dense = series.points.length > DENSE_POINTS;

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
      {domain && scale ? (
        <svg
          className={styles.svg}
          viewBox={`0 0 ${box.width} ${box.height}`}
          role="img"
          aria-label={summary}
          focusable="false"
        >
          {!panel
            ? bandRects(series.lines[0]?.thresholds ?? [], domain, scale).map((rect, index) => (
                <rect
                  key={`band-${index}`}
                  className={rect.level === 'red' ? styles.red : styles.yellow}
                  x={box.left}
                  y={rect.y}
                  width={box.width - box.left - box.right}
                  height={rect.height}
                />
              ))
            : series.lines.flatMap((line, lineIndex) =>
                line.thresholds.flatMap((band) =>
                  [band.low, band.high]
                    .filter((limit): limit is number => limit !== null)
                    .filter((limit) => limit >= domain.min && limit <= domain.max)
                    .map((limit) => (
                      <line
                        key={`limit-${lineIndex}-${band.level}-${limit}`}
                        className={band.level === 'red' ? styles.limitRed : styles.limitYellow}
                        x1={box.left}
                        x2={box.width - box.right}
                        y1={scale.y(limit)}
                        y2={scale.y(limit)}
                      />
                    )),
                ),
              )}
          {valueTicks(domain).map((value) => (
            <g key={`y-${value}`}>
              <line
                className={styles.grid}
                x1={box.left}
                x2={box.width - box.right}
                y1={scale.y(value)}
                y2={scale.y(value)}
                strokeOpacity={0.5}
              />
              <text
                className={styles.axis}
                x={box.left - 4}
                y={scale.y(value)}
                textAnchor="end"
                dominantBaseline="middle"
              >
                {number.format(value)}
              </text>
            </g>
          ))}
          {ticks.map((tick) => (
            <text
              key={`x-${tick}`}
              className={styles.axis}
              x={scale.x(tick)}
              y={box.height - 6}
              textAnchor="middle"
            >
              {dayMonth(tick)}
            </text>
          ))}
          <line
            className={styles.grid}
            x1={box.left}
            x2={box.width - box.right}
            y1={box.height - box.bottom}
            y2={box.height - box.bottom}
          />
          {series.lines.map((_line, lineIndex) => {
            const isolated = dense ? isolatedPoints(series, lineIndex) : null;
            return (
              <g key={`line-${lineIndex}`}>
                <path
                  className={lineIndex === 0 ? styles.line0 : styles.line1}
                  d={linePath(series, lineIndex, scale)}
                />
                {series.points.map((point, pointIndex) => {
                  const value = point.values[lineIndex];
                  if (value === null || value === undefined) return null;
                  // A dense line is drawn by its path; only values outside a threshold get a marker.
                  if (
                    isolated &&
                    point.flag !== 'red' &&
                    point.flag !== 'yellow' &&
                    !isolated.has(pointIndex)
                  )
                    return null;
                  return (
                    <circle
                      key={point.observationId}
                      className={lineIndex === 0 ? styles.dot0 : styles.dot1}
                      cx={scale.x(Date.parse(point.effective))}
                      cy={scale.y(value)}
                      r={point.flag === 'red' || point.flag === 'yellow' ? 3 : 2}
                    />
                  );
                })}
              </g>
            );
          })}
        </svg>
      ) : null}
      {!latest ? <p className={styles.none}>{t('charts.noValues')}</p> : null}
      {panel ? (
        <div className={styles.legend} aria-hidden="true">
          {series.lines.map((line, index) => (
            <span key={`legend-${index}`}>
              <svg width="16" height="8" focusable="false">
                <line
                  className={index === 0 ? styles.line0 : styles.line1}
                  x1="0"
                  x2="16"
                  y1="4"
                  y2="4"
                />
              </svg>{' '}
              {lineName(line)}
            </span>
          ))}
        </div>
      ) : null}
      {latest ? (
        <details
          className={styles.details}
          onToggle={(event) => setTableOpen(event.currentTarget.open)}
        >
          <summary>{t('charts.showTable', { name })}</summary>
          {tableOpen ? (
            <table className={styles.table}>
              <caption className={styles.none}>
                {t('charts.tableCaption', { name, from: formatDate(from), to: formatDate(to) })}
              </caption>
              <thead>
                <tr>
                  <th className={styles.cell} scope="col">
                    {t('citizen.columns.time')}
                  </th>
                  {series.lines.map((line, index) => (
                    <th className={styles.cell} scope="col" key={`head-${index}`}>
                      {panel ? lineName(line) : t('citizen.columns.value')}
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
      ) : null}
    </figure>
  );
}
