import {
  Badge,
  Button,
  makeStyles,
  NavDrawer,
  NavDrawerBody,
  NavItem,
  Text,
  tokens,
  type OnNavItemSelectData,
} from '@fluentui/react-components';
import {
  ChatMultiple24Regular,
  PeopleTeam24Regular,
  Person24Regular,
  Settings24Regular,
} from '@fluentui/react-icons';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { ContextLaunches } from '../features/launch/ContextLaunches.tsx';
import { UnsentIndicator } from '../features/outbox/UnsentIndicator.tsx';
import { selectSession } from '../features/session/sessionSlice.ts';
import { markAppReady } from '../ui/app-ready.ts';
import { useOfflineControls } from '../features/sync/offline-controls.ts';
import { SignOutGuard } from '../features/session/SignOutGuard.tsx';
import { QuitGuard } from '../features/session/QuitGuard.tsx';
import { SyncStatusArea } from '../features/sync/SyncStatusArea.tsx';
import { selectAppInfo } from '../features/startup/appSlice.ts';
import { useAppSelector } from './hooks.ts';

const useStyles = makeStyles({
  root: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    gridTemplateRows: 'auto auto 1fr',
    height: '100vh',
    backgroundColor: tokens.colorNeutralBackground2,
  },
  skipLink: {
    position: 'absolute',
    left: '-10000px',
    top: tokens.spacingVerticalS,
    zIndex: 10,
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorBrandForegroundLink,
    ':focus': { left: tokens.spacingHorizontalS },
  },
  banner: {
    gridColumn: '1 / 3',
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  brand: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400 },
  subtitle: { color: tokens.colorNeutralForegroundOnBrand },
  spacer: { flexGrow: 1 },
  signOut: { color: tokens.colorNeutralForegroundOnBrand },
  nav: { height: '100%', minWidth: '220px' },
  main: {
    overflow: 'auto',
    padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalXXL}`,
    outline: 'none',
    // Under a sticky patient banner, what gets keyboard focus is scrolled clear of it (WCAG 2.4.11).
    ':has([data-sticky-banner])': { scrollPaddingTop: '10rem' },
  },
});

const SECTIONS = [
  { path: '/caseload', labelKey: 'nav.caseload', icon: <PeopleTeam24Regular /> },
  { path: '/citizen', labelKey: 'nav.citizen', icon: <Person24Regular /> },
  { path: '/messages', labelKey: 'nav.messages', icon: <ChatMultiple24Regular /> },
  { path: '/settings', labelKey: 'nav.settings', icon: <Settings24Regular /> },
] as const;

/** The frame around every page: banner, main menu, and the page itself. */
export function Shell() {
  const styles = useStyles();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const offline = useOfflineControls();
  const [guardOpen, setGuardOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const info = useAppSelector(selectAppInfo);
  const session = useAppSelector(selectSession);
  const current =
    SECTIONS.find((section) => location.pathname.startsWith(section.path))?.path ?? '/caseload';

  useEffect(() => {
    if (session) markAppReady();
  }, [session]);
  // The same elements on every render: the drawer body measures its scroll state (a forced
  // layout of the whole page) each time its children change, and the shell re-renders often.
  const navItems = useMemo(
    () =>
      SECTIONS.map((section) => (
        <NavItem key={section.path} value={section.path} icon={section.icon}>
          {t(section.labelKey)}
        </NavItem>
      )),
    [t],
  );

  if (!session) return <Navigate to="/sign-in" replace />;

  const onSelect = (_event: unknown, data: OnNavItemSelectData) => {
    void navigate(data.value);
  };

  return (
    <div className={styles.root}>
      <a
        className={styles.skipLink}
        href="#main-content"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main-content')?.focus();
        }}
      >
        {t('shell.skipToContent')}
      </a>
      <header className={styles.banner} role="banner">
        <Text className={styles.brand}>{t('app.name')}</Text>
        <Text className={styles.subtitle}>{t('app.subtitle')}</Text>
        <span className={styles.spacer} />
        {info?.mode === 'harness' ? (
          <Badge appearance="filled" color="warning">
            {t('shell.mode.harness')}
          </Badge>
        ) : null}
        {session.demo ? (
          <Badge appearance="filled" color="important">
            {t('shell.demoBadge')}
          </Badge>
        ) : null}
        <Text className={styles.subtitle}>
          {t('shell.signedInAs', {
            name: session.persona.displayName,
            organization: session.persona.organizationName,
          })}
        </Text>
        <UnsentIndicator />
        <Button
          appearance="transparent"
          className={styles.signOut}
          disabled={signingOut}
          onClick={() => {
            setSigningOut(true);
            // With unsent entries this asks first (send now / keep / discard); otherwise it wipes and signs out.
            void offline
              .signOut()
              .then((outcome) => {
                if (outcome === 'ask') setGuardOpen(true);
              })
              .finally(() => setSigningOut(false));
          }}
        >
          {t('shell.signOut')}
        </Button>
      </header>
      <SyncStatusArea />
      <SignOutGuard open={guardOpen} onClose={() => setGuardOpen(false)} />
      <QuitGuard />
      <NavDrawer
        open
        type="inline"
        className={styles.nav}
        selectedValue={current}
        onNavItemSelect={onSelect}
        aria-label={t('nav.label')}
      >
        <NavDrawerBody>{navItems}</NavDrawerBody>
      </NavDrawer>
      <main id="main-content" className={styles.main} tabIndex={-1}>
        <ContextLaunches />
        <Outlet />
      </main>
    </div>
  );
}
