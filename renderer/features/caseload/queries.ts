import { copenhagenDate } from '../../../shared/format/datetime.ts';
import { caseloadRows, OPEN_TASK_STATUSES, type CaseloadRow } from '../../data/model/caseload.ts';
import { CURRENT_EPISODE_STATUSES } from '../../data/model/episode.ts';
import { referenceId } from '../../data/model/references.ts';
import { episodeConditions } from '../../data/source/linked.ts';
import type { CareScope, ResourceSource } from '../../data/source/resource-source.ts';
import type { SourceRequest } from '../../data/prefetch.ts';
import type { Session } from '../../../shared/ipc/schemas.ts';

/** The user's caseload: current episodes of their teams, with patient, diagnosis and open tasks. */
export async function caseload(
  source: ResourceSource,
  scope: CareScope,
  now: Date,
  signal?: AbortSignal,
): Promise<CaseloadRow[]> {
  if (scope.careTeamIds.length === 0) return [];
  const [episodes, openTasks] = await Promise.all([
    source.inScope('EpisodeOfCare', scope, { status: CURRENT_EPISODE_STATUSES }, signal),
    source.inScope('Task', scope, { status: OPEN_TASK_STATUSES }, signal),
  ]);
  const patientIds = [
    ...new Set(
      episodes.resources
        .map((episode) => referenceId(episode.patient.reference, 'Patient'))
        .filter((id): id is string => id !== null),
    ),
  ];
  const [patients, conditions] = await Promise.all([
    source.readMany('Patient', patientIds, signal),
    episodeConditions(source, episodes.resources, episodes.included, signal),
  ]);
  return caseloadRows(
    {
      episodes: episodes.resources,
      patients,
      conditions: [...conditions.values()],
      openTasks: openTasks.resources,
    },
    copenhagenDate(now),
  );
}

/**
 * The signed-in user's caseload as the caseload page asks for it (null:
 * nobody signed in); also started before the page's code has loaded, when
 * it is the first view (`app/first-view.ts`).
 */
export function caseloadRequest(
  session: Session | null,
  now: () => Date,
): SourceRequest<CaseloadRow[]> | null {
  if (!session) return null;
  const careTeamIds = session.persona.careTeams.map((team) => team.id);
  return {
    key: `caseload:${careTeamIds.join(',')}`,
    run: (source, signal) => caseload(source, { careTeamIds }, now(), signal),
  };
}
