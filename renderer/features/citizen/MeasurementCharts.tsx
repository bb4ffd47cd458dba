import { makeStyles, Subtitle2, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../shared/format/datetime.ts';
import type { MeasurementSeries } from '../../data/model/series.ts';
import { MeasurementChart } from './MeasurementChart.tsx';

const useStyles = makeStyles({
  section: {
    padding: tokens.spacingHorizontalXL,
    marginTop: tokens.spacingVerticalL,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
  },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))',
    gap: tokens.spacingHorizontalL,
    marginTop: tokens.spacingVerticalM,
  },
  none: { color: tokens.colorNeutralForeground3 },
});

export interface MeasurementChartsProps {
  readonly series: readonly MeasurementSeries[];
  readonly from: string;
  readonly to: string;
}

/** One small chart per measurement type of the period (planned types too, even without values). */
export function MeasurementCharts({ series, from, to }: MeasurementChartsProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <section className={styles.section} aria-labelledby="measurement-charts-title">
      <Subtitle2 as="h2" id="measurement-charts-title">
        {t('charts.title', { from: formatDate(from), to: formatDate(to) })}
      </Subtitle2>
      {series.length === 0 ? (
        <p className={styles.none}>{t('charts.noSeries')}</p>
      ) : (
        <div className={styles.grid} data-testid="measurement-charts">
          {series.map((item) => (
            <MeasurementChart key={item.id} series={item} from={from} to={to} />
          ))}
        </div>
      )}
    </section>
  );
}
