import { createHashRouter, Navigate } from 'react-router';
import { CaseloadPage } from '../features/caseload/CaseloadPage.tsx';
import { CitizenPage } from '../features/citizen/CitizenPage.tsx';
import { MessagesPage } from '../features/messages/MessagesPage.tsx';
import { SettingsPage } from '../features/settings/SettingsPage.tsx';
import { Shell } from './Shell.tsx';

/** Hash routes: the app is one document on its own origin, so no server routing is needed. */
export function createAppRouter() {
  return createHashRouter([
    {
      path: '/',
      element: <Shell />,
      children: [
        { index: true, element: <Navigate to="/caseload" replace /> },
        { path: 'caseload', element: <CaseloadPage /> },
        { path: 'citizen', element: <CitizenPage /> },
        { path: 'messages', element: <MessagesPage /> },
        { path: 'settings', element: <SettingsPage /> },
        { path: '*', element: <Navigate to="/caseload" replace /> },
      ],
    },
  ]);
}
