import type { AppInfo, PersonaSummary, Session } from '../../shared/ipc/schemas.ts';

/** A demo persona as main lists it. */
export const persona: PersonaSummary = {
  id: 'nurse-aalborg',
  displayName: 'Sygeplejerske Mette Holm',
  title: 'Sygeplejerske',
  sector: 'municipality',
  organizationName: 'Aalborg Kommune',
  careTeams: [{ id: 'team-1', name: 'Hjemmesygeplejen Aalborg Øst', role: 'monitoring_adjuster' }],
};

/** Main's answer to a sign-in as `persona`. */
export const session: Session = {
  persona,
  practitionerId: 'practitioner-1',
  organizationId: 'organization-1',
  signedInAt: '2026-12-07T08:00:00.000Z',
  demo: true,
};

export const appInfo: AppInfo = {
  name: 'Nordjysk eSundhed Workbench',
  version: '0.1.0',
  mode: 'harness',
  platform: 'linux',
  electronVersion: null,
  chromeVersion: null,
};
