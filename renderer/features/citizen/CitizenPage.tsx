import { Person24Regular } from '@fluentui/react-icons';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useParams } from 'react-router';
import { useAppDispatch, useAppSelector } from '../../app/hooks.ts';
import { appNow } from '../../app/clock.ts';
import { useSourceQuery } from '../../data/SourceProvider.tsx';
import { citizen as citizenQuery } from './queries.ts';
import { DelayedSpinner } from '../../ui/DelayedSpinner.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { QueryError } from '../../ui/QueryError.tsx';
import { citizenOpened, selectOpenCitizenId } from './citizenSlice.ts';
import { CitizenTasks } from './CitizenTasks.tsx';
import { useCitizenRenderedMark } from './citizenPaint.ts';
import { LatestMeasurements } from './LatestMeasurements.tsx';
import { MeasurementCharts } from './MeasurementCharts.tsx';
import { PatientBanner } from './PatientBanner.tsx';
import { CitizenWriteBar } from './CitizenWriteBar.tsx';
import { useCitizenActions } from '../session/useCitizenActions.ts';

const NO_EPISODES: readonly { readonly teamIds: readonly string[] }[] = [];

/** `/citizen` goes back to the citizen last opened, or says how to choose one. */
export function CitizenPage() {
  const { patientId } = useParams();
  const lastOpened = useAppSelector(selectOpenCitizenId);
  if (patientId) return <CitizenView key={patientId} patientId={patientId} />;
  if (lastOpened) return <Navigate to={`/citizen/${encodeURIComponent(lastOpened)}`} replace />;
  return <NoCitizen />;
}

function NoCitizen() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('citizen.title')} />
      <EmptyState
        icon={<Person24Regular />}
        title={t('citizen.emptyTitle')}
        body={t('citizen.emptyBody')}
      />
    </>
  );
}

function CitizenView({ patientId }: { readonly patientId: string }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const citizen = useSourceQuery(patientId, (source, signal) =>
    citizenQuery(source, patientId, appNow(), signal),
  );

  useEffect(() => {
    dispatch(citizenOpened(patientId));
  }, [dispatch, patientId]);

  // The window title never names the citizen: it is kept by the OS task switcher and, in a
  // browser, by its history and session files, where the encrypted cache cannot protect it.
  useEffect(() => {
    document.title = `${t('citizen.title')} – Nordjysk eSundhed`;
  }, [t]);

  useCitizenRenderedMark(patientId, citizen.data !== null);
  const can = useCitizenActions(citizen.data?.episodes ?? NO_EPISODES);

  if (citizen.status === 'failed' && !citizen.data) {
    return (
      <>
        <PageHeader title={t('citizen.title')} />
        <QueryError error={citizen.error} onRetry={citizen.reload} />
      </>
    );
  }
  if (!citizen.data) return <DelayedSpinner label={t('citizen.loading')} />;
  return (
    <>
      {citizen.status === 'failed' ? (
        <QueryError error={citizen.error} onRetry={citizen.reload} />
      ) : null}
      <PatientBanner patient={citizen.data.patient} episodes={citizen.data.episodes} />
      <CitizenWriteBar data={citizen.data} canRegister={can('register-measurement')} />
      <LatestMeasurements measurements={citizen.data.latest} since={citizen.data.measuredSince} />
      <CitizenTasks patientId={patientId} canApprove={can('approve')} />
      <MeasurementCharts
        series={citizen.data.series}
        from={citizen.data.measuredSince}
        to={citizen.data.measuredUntil}
      />
    </>
  );
}
