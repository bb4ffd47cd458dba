import {
  Body1,
  Caption1,
  Card,
  CardHeader,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle2,
  Title2,
  tokens,
} from '@fluentui/react-components';
import {
  Building24Regular,
  Home24Regular,
  PeopleTeam24Regular,
  Stethoscope24Regular,
} from '@fluentui/react-icons';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import type { PersonaSummary, Sector } from '../../../shared/ipc/schemas.ts';
import { markAppReady } from '../../ui/app-ready.ts';
import { useAppDispatch, useAppSelector } from '../../app/hooks.ts';
import {
  loadPersonas,
  selectPersonas,
  selectBackendUnavailable,
  selectPersonasError,
  selectPersonasStarting,
  selectSession,
  selectSignInError,
  selectSigningIn,
  signIn,
} from './sessionSlice.ts';

const useStyles = makeStyles({
  page: {
    minHeight: '100vh',
    backgroundColor: tokens.colorNeutralBackground2,
    display: 'flex',
    flexDirection: 'column',
  },
  band: {
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXXL}`,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase400,
  },
  main: {
    width: 'min(1100px, 100% - 48px)',
    margin: '0 auto',
    padding: `${tokens.spacingVerticalXXL} 0`,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
  },
  item: { listStyle: 'none' },
  grid: {
    margin: 0,
    padding: 0,
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))',
    gap: tokens.spacingHorizontalL,
  },
  card: { minHeight: '180px', cursor: 'pointer' },
  icon: { color: tokens.colorBrandForeground1 },
  teams: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalL,
    color: tokens.colorNeutralForeground2,
  },
});

const SECTOR_ICON: Record<Sector, React.ReactElement> = {
  hospital: <Stethoscope24Regular />,
  municipality: <Home24Regular />,
  'general-practice': <Building24Regular />,
  coordination: <PeopleTeam24Regular />,
};

const POLL_WHILE_STARTING_MS = 500;

/**
 * Sign-in by demo persona when no identity provider is configured. Clearly
 * marked as demo. `#/sign-in?persona=<id>` signs in directly.
 */
export function SignInPage() {
  const styles = useStyles();
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const [params] = useSearchParams();
  const session = useAppSelector(selectSession);
  const personas = useAppSelector(selectPersonas);
  const starting = useAppSelector(selectPersonasStarting);
  const personasError = useAppSelector(selectPersonasError);
  const backendUnavailable = useAppSelector(selectBackendUnavailable);
  const signingIn = useAppSelector(selectSigningIn);
  const signInError = useAppSelector(selectSignInError);
  const requested = params.get('persona');

  // Start-up asked for the personas already (main.tsx); ask again only while the demo back end starts.
  useEffect(() => {
    if (!starting) return;
    const timer = setTimeout(() => void dispatch(loadPersonas()), POLL_WHILE_STARTING_MS);
    return () => clearTimeout(timer);
  }, [dispatch, starting, personas]);

  useEffect(() => {
    if (requested && !session) void dispatch(signIn(requested));
  }, [dispatch, requested, session]);

  useEffect(() => {
    document.title = `${t('signIn.title')} – Nordjysk eSundhed`;
  }, [t]);

  const usable =
    !starting &&
    (personas.length > 0 ||
      personasError !== null ||
      backendUnavailable !== null ||
      signInError !== null);
  useEffect(() => {
    if (usable) markAppReady();
  }, [usable]);

  if (session) return <Navigate to="/caseload" replace />;

  const choose = (persona: PersonaSummary) => {
    if (!signingIn) void dispatch(signIn(persona.id));
  };

  return (
    <div className={styles.page}>
      <header className={styles.band}>{t('app.name')}</header>
      <main className={styles.main}>
        <Title2 as="h1">{t('signIn.title')}</Title2>
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('signIn.demoTitle')}</MessageBarTitle>
            {t('signIn.demoBody')}
          </MessageBarBody>
        </MessageBar>
        {signInError ? (
          <MessageBar intent="error" role="alert" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{t('signIn.failedTitle')}</MessageBarTitle>
              {signInError.reason === 'unknown-persona'
                ? t('signIn.unknownPersona', { id: requested ?? '' })
                : signInError.reason === 'signed-in'
                  ? t('signIn.alreadySignedIn')
                  : t('signIn.failedBody', { message: signInError.message })}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {personasError ? (
          <MessageBar intent="error" role="alert">
            <MessageBarBody>
              {t('signIn.personasFailed', { message: personasError })}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {backendUnavailable ? (
          <MessageBar intent="error" role="alert" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{t('signIn.backendFailedTitle')}</MessageBarTitle>
              {t('signIn.backendFailedBody', { message: backendUnavailable })}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {starting ? <Spinner label={t('signIn.backendStarting')} /> : null}
        <Body1>{t('signIn.choose')}</Body1>
        <ul className={styles.grid} aria-label={t('signIn.personasLabel')}>
          {personas.map((persona) => (
            <li key={persona.id} className={styles.item}>
              <Card
                className={styles.card}
                role="button"
                onClick={() => choose(persona)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' || event.key === ' ') {
                    event.preventDefault();
                    choose(persona);
                  }
                }}
                tabIndex={0}
                aria-label={t('signIn.signInAs', {
                  name: persona.displayName,
                  title: persona.title,
                })}
                aria-busy={signingIn === persona.id}
              >
                <CardHeader
                  image={<span className={styles.icon}>{SECTOR_ICON[persona.sector]}</span>}
                  header={<Subtitle2 as="h2">{persona.displayName}</Subtitle2>}
                  description={<Caption1>{persona.title}</Caption1>}
                />
                <Body1>{persona.organizationName}</Body1>
                <ul className={styles.teams} aria-label={t('signIn.careTeams')}>
                  {persona.careTeams.slice(0, 4).map((team) => (
                    <li key={team.id}>
                      <Caption1>{team.name}</Caption1>
                    </li>
                  ))}
                  {persona.careTeams.length > 4 ? (
                    <li>
                      <Caption1>
                        {t('signIn.moreTeams', { count: persona.careTeams.length - 4 })}
                      </Caption1>
                    </li>
                  ) : null}
                </ul>
                {signingIn === persona.id ? (
                  <Spinner size="tiny" label={t('signIn.signingIn')} />
                ) : null}
              </Card>
            </li>
          ))}
        </ul>
      </main>
    </div>
  );
}
