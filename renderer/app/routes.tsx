import { createHashRouter, Navigate } from 'react-router';
import { SignInPage } from '../features/session/SignInPage.tsx';

const loadCaseloadPage = () => import('../features/caseload/CaseloadPage.tsx');
const loadShell = () => import('./Shell.tsx');

/**
 * Starts loading what a signed-in start draws first: the shell and, when it
 * lands on the caseload, the caseload's (large) page, side by side. Called as
 * soon as main has said someone is signed in, before the router exists.
 */
export function preloadSignedInStart(hash: string = window.location.hash): void {
  void loadShell().catch(() => undefined);
  if (/^#?\/?(caseload)?$/.test(hash)) void loadCaseloadPage().catch(() => undefined);
}

/**
 * Hash routes: the app is one document on its own origin, so no server
 * routing is needed. The shell and its pages load when first opened (the
 * caseload's grid is large), keeping start-up to the sign-in screen.
 */
export function createAppRouter(signedIn: () => boolean = () => false) {
  // Nobody signed in: start on the sign-in page, without loading the shell only to be sent there.
  if (!signedIn() && !window.location.hash.startsWith('#/sign-in'))
    window.history.replaceState(window.history.state, '', '#/sign-in');
  // Signed in at the root: straight to the caseload, without a first render only to redirect.
  else if (signedIn() && /^#?\/?$/.test(window.location.hash))
    window.history.replaceState(window.history.state, '', '#/caseload');
  return createHashRouter([
    { path: '/sign-in', element: <SignInPage /> },
    {
      path: '/',
      lazy: async () => {
        if (signedIn()) preloadSignedInStart();
        return { Component: (await loadShell()).Shell };
      },
      children: [
        { index: true, element: <Navigate to="/caseload" replace /> },
        {
          path: 'caseload',
          lazy: async () => ({ Component: (await loadCaseloadPage()).CaseloadPage }),
        },
        {
          path: 'citizen/:patientId?',
          lazy: async () => ({
            Component: (await import('../features/citizen/CitizenPage.tsx')).CitizenPage,
          }),
        },
        {
          path: 'messages',
          lazy: async () => ({
            Component: (await import('../features/messages/MessagesPage.tsx')).MessagesPage,
          }),
        },
        {
          path: 'settings',
          lazy: async () => ({
            Component: (await import('../features/settings/SettingsPage.tsx')).SettingsPage,
          }),
        },
        { path: '*', element: <Navigate to="/caseload" replace /> },
      ],
    },
  ]);
}
