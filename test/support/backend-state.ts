import { createBackendState, type BackendState } from '../../main/backend/backend-state.ts';
import type { PersonaRecord } from '../../shared/domain/persona-record.ts';

/** A back end that is "ready" with the given personas and no services, for tests of main's handlers. */
export function readyBackend(personas: readonly PersonaRecord[]): BackendState {
  const backend = createBackendState();
  backend.ready(
    'demo',
    'http://127.0.0.1:9',
    { services: {}, typeRouting: {}, operationRouting: {} },
    personas,
  );
  return backend;
}

/** A demo persona record for tests of main's handlers (a lung nurse at the university hospital). */
export function testPersona(id: string, practitionerId: string): PersonaRecord {
  return {
    summary: {
      id,
      displayName: `Demo ${id}`,
      title: 'Sygeplejerske',
      sector: 'hospital',
      organizationName: 'Aalborg Universitetshospital',
      careTeams: [{ id: 'team-lung', name: 'KOL-teamet', role: 'monitoring_adjuster' }],
    },
    practitionerId,
    organizationId: 'organization-1',
  };
}
