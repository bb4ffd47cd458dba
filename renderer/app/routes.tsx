import { createHashRouter, Navigate } from 'react-router';
import { SignInPage } from '../features/session/SignInPage.tsx';

const loadCaseloadPage = () => import('../features/caseload/CaseloadPage.tsx');

/**
 * Hash routes: the app is one document on its own origin, so no server
 * routing is needed. The shell and its pages load when first opened (the
 * caseload's grid is large), keeping start-up to the sign-in screen.
 */
export function createAppRouter(signedIn: () => boolean = () => false) {
  // Nobody signed in: start on the sign-in page, without loading the shell only to be sent there.
  if (!signedIn() && !window.location.hash.startsWith('#/sign-in'))
    window.history.replaceState(window.history.state, '', '#/sign-in');
  return createHashRouter([
    { path: '/sign-in', element: <SignInPage /> },
    {
      path: '/',
      lazy: async () => {
        // Signed in, the shell lands on the caseload: its (large) page loads alongside, not after.
        if (signedIn() && /^#?\/?(caseload)?$/.test(window.location.hash))
          void loadCaseloadPage().catch(() => undefined);
        return { Component: (await import('./Shell.tsx')).Shell };
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
