import { Badge, Body1, makeStyles, Title2, tokens } from '@fluentui/react-components';
import { ShieldLock16Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { formatFhirDate } from '../../../shared/format/datetime.ts';
import type { EpisodeView } from '../../data/model/episode.ts';
import type { PatientView } from '../../data/model/patient.ts';
import { episodeNames } from '../caseload/caseloadColumns.ts';

const useStyles = makeStyles({
  banner: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    columnGap: tokens.spacingHorizontalXXL,
    rowGap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXL}`,
    marginBottom: tokens.spacingVerticalL,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    borderLeft: `6px solid ${tokens.colorBrandBackground}`,
    boxShadow: tokens.shadow4,
    // Who this is stays in view while the citizen's data scrolls under it: flush with the top of
    // the scrolling area (above the page's own top padding), so nothing shows above it.
    position: 'sticky',
    top: `calc(-1 * ${tokens.spacingVerticalXL})`,
    zIndex: 1,
  },
  facts: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXL, margin: 0 },
  fact: { display: 'flex', flexDirection: 'column' },
  term: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  detail: { margin: 0, fontWeight: tokens.fontWeightSemibold },
  badges: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

export interface PatientBannerProps {
  readonly patient: PatientView;
  readonly episodes: readonly EpisodeView[];
}

/** Who this is, unmistakably: name, CPR, age, current forløb; the address only when not protected. */
export function PatientBanner({ patient, episodes }: PatientBannerProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const current = episodes.filter(
    (episode) =>
      episode.status === 'active' || episode.status === 'onhold' || episode.status === 'planned',
  );
  return (
    <section className={styles.banner} aria-label={t('citizen.bannerLabel')} data-sticky-banner>
      <Title2 as="h1">{patient.name}</Title2>
      <dl className={styles.facts}>
        <div className={styles.fact}>
          <dt className={styles.term}>{t('citizen.cpr')}</dt>
          <dd className={styles.detail} data-testid="banner-cpr">
            {patient.cpr || '–'}
          </dd>
        </div>
        <div className={styles.fact}>
          <dt className={styles.term}>{t('citizen.age')}</dt>
          <dd className={styles.detail}>
            {patient.age === null ? '–' : t('citizen.ageYears', { count: patient.age })}
            {patient.birthDate ? ` (${formatFhirDate(patient.birthDate)})` : ''}
          </dd>
        </div>
        <div className={styles.fact}>
          <dt className={styles.term}>{t('citizen.gender')}</dt>
          <dd className={styles.detail}>{t(`gender.${patient.gender}`)}</dd>
        </div>
        <div className={styles.fact}>
          <dt className={styles.term}>{t('citizen.address')}</dt>
          <dd className={styles.detail}>
            {patient.protected ? t('citizen.addressProtected') : (patient.address ?? '–')}
          </dd>
        </div>
      </dl>
      <div className={styles.badges}>
        {current.length > 0 ? (
          <Body1>
            <span className={styles.term}>{t('citizen.episodes')}: </span>
            {episodeNames(current, t)}
          </Body1>
        ) : (
          <Body1>{t('citizen.noCurrentEpisodes')}</Body1>
        )}
        {patient.protected ? (
          <Badge appearance="tint" color="danger" icon={<ShieldLock16Regular />}>
            {t('citizen.protectedBadge')}
          </Badge>
        ) : null}
      </div>
    </section>
  );
}
