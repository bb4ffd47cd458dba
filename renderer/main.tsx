// First: configures zod before any schema is built (see the module).
import '../shared/ipc/zod-jitless.ts';
import './ui/global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { markAppFailed } from './ui/app-ready.ts';
import { bootstrap } from './features/startup/appSlice.ts';
import { loadPersonas, selectSession } from './features/session/sessionSlice.ts';
import { selectLanguage } from './features/settings/settingsSlice.ts';
import { preloadSignedInStart } from './app/routes.tsx';
import { reportUncaughtErrors } from './app/error-reporting.ts';
import { lazyOfflineModules } from './data/offline/lazy-modules.ts';
import { makeStore } from './app/store.ts';
import { workbenchBridge } from './data/bridge.ts';
import { createFhirClient } from './data/fhir/fhir-client.ts';
import { createNetworkSource } from './data/source/network-source.ts';
import { createI18n } from './i18n/index.ts';
import { readCspNonce } from './ui/csp-nonce.ts';

/** How long the first render waits for main's start-up answers before showing the spinner. */
const FIRST_RENDER_WAIT_MS = 500;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function start(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) throw new Error('#root is missing from index.html');
  const bridge = workbenchBridge();
  if (!bridge) {
    // Opened in a plain browser tab: say so instead of showing a blank page.
    container.textContent = (await createI18n('da')).t('startup.outsideApp');
    markAppFailed();
    return;
  }
  reportUncaughtErrors(window, bridge);
  const store = makeStore({ bridge });
  // Ask main for what start-up needs first, so its answers travel while the page sets up.
  const answered = Promise.all([
    store.dispatch(bootstrap()).then(() => {
      // Signed in already (a reload, a restart): the first view's chunks load while React sets up.
      if (selectSession(store.getState())) preloadSignedInStart();
    }),
    store.dispatch(loadPersonas()),
  ]);
  // The first render waits (briefly) for those answers: one render of the first screen with its
  // data, in the user's language, rather than a spinner, then the screen, then its personas. A
  // main that is slow to answer still gets the spinner after a moment.
  await Promise.race([answered, delay(FIRST_RENDER_WAIT_MS)]);
  const i18n = await createI18n(selectLanguage(store.getState()));
  const fhir = createFhirClient();
  createRoot(container).render(
    <StrictMode>
      <App
        store={store}
        i18n={i18n}
        nonce={readCspNonce()}
        source={createNetworkSource(fhir)}
        offline={lazyOfflineModules(bridge, fhir)}
      />
    </StrictMode>,
  );
}

void start();
