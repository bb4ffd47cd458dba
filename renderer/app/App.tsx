import {
  Button,
  createDOMRenderer,
  FluentProvider,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  RendererProvider,
  Spinner,
  tokens,
} from '@fluentui/react-components';
import type { i18n } from 'i18next';
import { useEffect, useMemo, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { Provider, useStore } from 'react-redux';
import { RouterProvider } from 'react-router/dom';
import { selectSession } from '../features/session/sessionSlice.ts';
import { selectLanguage } from '../features/settings/settingsSlice.ts';
import { workbenchTheme } from '../ui/theme.ts';
import { markAppFailed } from '../ui/app-ready.ts';
import { bootstrap, selectAppError, selectAppStatus } from '../features/startup/appSlice.ts';
import { useAppDispatch, useAppSelector } from './hooks.ts';
import { createAppRouter } from './routes.tsx';
import { switchLanguage } from '../i18n/index.ts';
import type { AppStore, RootState } from './store.ts';
import type { ResourceSource } from '../data/source/resource-source.ts';
import type { OfflineModules } from '../data/offline/offline-session.ts';
import { OfflineProvider } from '../features/sync/OfflineProvider.tsx';
import { firstViewPainted, firstViewRequest } from './first-view.ts';
import { CspNonceContext } from '../ui/CspNonce.tsx';

const useStyles = makeStyles({
  centre: {
    display: 'grid',
    placeItems: 'center',
    minHeight: '100vh',
    padding: tokens.spacingHorizontalXXL,
    backgroundColor: tokens.colorNeutralBackground2,
  },
});

export interface AppProps {
  readonly store: AppStore;
  readonly i18n: i18n;
  /** This document's CSP nonce, given to every style element the libraries create. */
  readonly nonce: string | undefined;
  /** Where views get clinical data while no offline cache is open (and always without `offline`). */
  readonly source: ResourceSource;
  /** The encrypted offline cache, sync and outbox (docs/adr/0003); null: read from `source` only. */
  readonly offline?: OfflineModules | null;
}

/** Providers, then start-up: nothing is shown as ready before main has answered. */
export function App({ store, i18n, nonce, source, offline = null }: AppProps) {
  const styleRenderer = useMemo(
    () => createDOMRenderer(document, nonce ? { styleElementAttributes: { nonce } } : {}),
    [nonce],
  );
  return (
    <Provider store={store}>
      <I18nextProvider i18n={i18n}>
        <RendererProvider renderer={styleRenderer} targetDocument={document}>
          <FluentProvider theme={workbenchTheme}>
            <CspNonceContext.Provider value={nonce}>
              <OfflineProvider
                modules={offline}
                fallbackSource={source}
                firstViewPainted={firstViewPainted}
                firstViewRequest={firstViewRequest}
              >
                <LanguageFollower i18n={i18n} />
                <Startup />
              </OfflineProvider>
            </CspNonceContext.Provider>
          </FluentProvider>
        </RendererProvider>
      </I18nextProvider>
    </Provider>
  );
}

/** Keeps i18next and `<html lang>` in step with the language main has saved. */
function LanguageFollower({ i18n }: { readonly i18n: i18n }) {
  const language = useAppSelector(selectLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
    void switchLanguage(i18n, language);
  }, [i18n, language]);
  return null;
}

/** The router, made once main has answered: whether someone is signed in decides where it starts. */
function AppRoutes() {
  const store = useStore<RootState>();
  const [router] = useState(() => createAppRouter(() => selectSession(store.getState()) !== null));
  return <RouterProvider router={router} />;
}

function Startup() {
  const styles = useStyles();
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const status = useAppSelector(selectAppStatus);
  const error = useAppSelector(selectAppError);

  useEffect(() => {
    if (status === 'failed') markAppFailed();
  }, [status]);

  if (status === 'ready') return <AppRoutes />;
  if (status === 'failed') {
    return (
      <div className={styles.centre}>
        <MessageBar intent="error" layout="multiline" role="alert">
          <MessageBarBody>
            <MessageBarTitle>{t('startup.failedTitle')}</MessageBarTitle>
            {t('startup.failedBody', { message: error })}
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => void dispatch(bootstrap())}>{t('startup.retry')}</Button>
          </MessageBarActions>
        </MessageBar>
      </div>
    );
  }
  return (
    <div className={styles.centre}>
      <Spinner label={t('startup.loading')} />
    </div>
  );
}
