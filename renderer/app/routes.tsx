import { createHashRouter, Navigate } from 'react-router';
import { SignInPage } from '../features/session/SignInPage.tsx';

/**
 * Hash routes: the app is one document on its own origin, so no server
 * routing is needed. The shell and its pages load when first opened (the
 * caseload's grid is large), keeping start-up to the sign-in screen.
 */
export function createAppRouter() {
  return createHashRouter([
    { path: '/sign-in', element: <SignInPage /> },
    {
      path: '/',
      lazy: async () => ({ Component: (await import('./Shell.tsx')).Shell }),
      children: [
        { index: true, element: <Navigate to="/caseload" replace /> },
        {
          path: 'caseload',
          lazy: async () => ({
            Component: (await import('../features/caseload/CaseloadPage.tsx')).CaseloadPage,
          }),
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
