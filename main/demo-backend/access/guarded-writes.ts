import { writeActionOf, type AppAction } from '../../../shared/domain/roles.ts';
import type { FhirRoute } from '../fhir/fhir-route.ts';
import type { ResourceStore } from '../store/resource-store.ts';
import type { WritePath } from '../store/write-path.ts';
import { patientOf } from './patient-of.ts';
import type { RequestAccess } from './request-access.ts';

/** What a request does, for the role check: null for anything that only reads. */
export function actionOfRoute(route: FhirRoute): AppAction | null {
  switch (route.interaction) {
    case 'operation':
      return writeActionOf({ operation: route.operation ?? '' });
    case 'create':
    case 'update':
    case 'patch':
    case 'delete':
      return writeActionOf({ type: route.type ?? '' });
    case 'read':
    case 'vread':
    case 'search-type':
    case 'page':
    case 'capabilities':
    case 'batch':
    case 'search-system':
    case 'history-type':
    case 'history-instance':
      return null;
  }
}

/**
 * The write path as one request may use it: every resource it writes, and
 * every one it replaces or deletes, must be a citizen's the context team has
 * an episode of care with (a new episode naming the team brings its citizen
 * in). Checked inside the transaction, against the store as it is then.
 */
export function guardedWrites(
  writes: Pick<WritePath, 'transact'>,
  access: RequestAccess,
  store: ResourceStore,
): Pick<WritePath, 'transact'> {
  const team = `CareTeam/${access.principal.careTeamId}`;
  return {
    transact: (decide) =>
      writes.transact(() => {
        const decision = decide();
        for (const op of decision.ops) {
          const before =
            op.kind === 'put'
              ? store.get(op.resource.resourceType, op.resource.id)
              : store.get(op.type, op.id);
          const previousPatient = before ? patientOf(before.resource) : null;
          if (previousPatient !== null) access.checkPatient(previousPatient);
          if (op.kind !== 'put') continue;
          const patient = patientOf(op.resource);
          if (patient === null) continue;
          const bringsCitizenIn =
            op.resource.resourceType === 'EpisodeOfCare' &&
            (op.resource.team ?? []).some((member) => member.reference === team);
          if (!bringsCitizenIn) access.checkPatient(patient);
        }
        return decision;
      }),
  };
}
