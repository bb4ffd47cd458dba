import { makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { numberFormat } from '../../../shared/format/number.ts';
import type { MeasurementSeries } from '../../data/model/series.ts';
import {
  bandRects,
  CHART_BOX,
  dayMonth,
  dayTicks,
  isolatedPoints,
  linePath,
  scales,
  valueDomain,
  valueTicks,
  type Domain,
  type Scales,
} from './chartGeometry.ts';

const useStyles = makeStyles({
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
  legend: {
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
  },
});

/** Above this many points a marker per value would only clutter the line (and the paint). */
const DENSE_POINTS = 62;

export interface ChartPlotProps {
  readonly series: MeasurementSeries;
  /** The period shown, as epoch milliseconds: [fromMs, toMs). */
  readonly fromMs: number;
  readonly toMs: number;
  /** The image in words, for screen readers. */
  readonly summary: string;
}

/**
 * The chart's image: threshold zones (one line) or limit lines (a panel such
 * as blood pressure), value and date axes, and each line with its markers.
 * Nothing when the series has no values.
 */
export function ChartPlot({ series, fromMs, toMs, summary }: ChartPlotProps) {
  const styles = useStyles();
  const { i18n } = useTranslation();
  const number = numberFormat(i18n.language, { maximumFractionDigits: 2 });
  const domain = valueDomain(series);
  if (!domain) return null;
  const box = CHART_BOX;
  const scale = scales(box, fromMs, toMs, domain);

  return (
    <svg
      className={styles.svg}
      viewBox={`0 0 ${box.width} ${box.height}`}
      role="img"
      aria-label={summary}
      focusable="false"
    >
      <Thresholds series={series} domain={domain} scale={scale} />
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
      {dayTicks(fromMs, toMs).map((tick) => (
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
      {series.lines.map((_line, lineIndex) => (
        <SeriesLinePlot
          key={`line-${lineIndex}`}
          series={series}
          lineIndex={lineIndex}
          scale={scale}
        />
      ))}
    </svg>
  );
}

interface ThresholdsProps {
  readonly series: MeasurementSeries;
  readonly domain: Domain;
  readonly scale: Scales;
}

/** Red and yellow zones behind a single line; a panel's lines get their limits as dashed lines. */
function Thresholds({ series, domain, scale }: ThresholdsProps) {
  const styles = useStyles();
  const box = CHART_BOX;
  if (series.lines.length <= 1)
    return bandRects(series.lines[0]?.thresholds ?? [], domain, scale).map((rect, index) => (
      <rect
        key={`band-${index}`}
        className={rect.level === 'red' ? styles.red : styles.yellow}
        x={box.left}
        y={rect.y}
        width={box.width - box.left - box.right}
        height={rect.height}
      />
    ));
  return series.lines.flatMap((line, lineIndex) =>
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
  );
}

interface SeriesLinePlotProps {
  readonly series: MeasurementSeries;
  readonly lineIndex: number;
  readonly scale: Scales;
}

/** One line of the series with a marker per value (or, when dense, only where it matters). */
function SeriesLinePlot({ series, lineIndex, scale }: SeriesLinePlotProps) {
  const styles = useStyles();
  const isolated = series.points.length > DENSE_POINTS ? isolatedPoints(series, lineIndex) : null;
  return (
    <g>
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
}

export interface ChartLegendProps {
  /** Each line's name, in the series' line order. */
  readonly lineNames: readonly string[];
}

/** Which colour is which line, for a panel (hidden from screen readers: the summary names them). */
export function ChartLegend({ lineNames }: ChartLegendProps) {
  const styles = useStyles();
  return (
    <div className={styles.legend} aria-hidden="true">
      {lineNames.map((lineName, index) => (
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
          {lineName}
        </span>
      ))}
    </div>
  );
}
