import { createHashRouter, Navigate } from 'react-router';
import { CaseloadPage } from '../features/caseload/CaseloadPage.tsx';
import { Shell } from './Shell.tsx';

/**
 * Hash routes: the app is one document on its own origin, so no server
 * routing is needed. The caseload (the first page) is in the start-up bundle;
 * other pages load when first opened, keeping start-up short.
 */
export function createAppRouter() {
  return createHashRouter([
    {
      path: '/',
      element: <Shell />,
      children: [
        { index: true, element: <Navigate to="/caseload" replace /> },
        { path: 'caseload', element: <CaseloadPage /> },
        {
          path: 'citizen',
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
