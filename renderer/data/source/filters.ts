import type { EpisodeOfCare, Reference, Resource, Task } from '@medplum/fhirtypes';
import { Ext } from '../../../shared/fhir/profiles.ts';
import { referenceId } from '../model/references.ts';
import type { CareScope, StatusFilter } from './resource-source.ts';

/**
 * The filters the searches apply on the server, for sources that filter
 * themselves (the cache, memory): the same rules, so the answers agree.
 */

export function statusMatches(resource: Resource, filter: StatusFilter | undefined): boolean {
  if (!filter?.status) return true;
  const status = 'status' in resource ? resource.status : undefined;
  return typeof status === 'string' && filter.status.includes(status);
}

/** As `EpisodeOfCare?team=<teams>`. */
export function episodeInScope(episode: EpisodeOfCare, scope: CareScope): boolean {
  return (episode.team ?? []).some((team) => {
    const id = referenceId(team.reference, 'CareTeam');
    return id !== null && scope.careTeamIds.includes(id);
  });
}

/** As `Task?responsible=<teams>`: FUT's responsible is the task-responsible extension. */
export function taskInScope(task: Task, scope: CareScope): boolean {
  return (task.extension ?? []).some((extension) => {
    if (extension.url !== Ext.taskResponsible) return false;
    const id = referenceId(extension.valueReference?.reference, 'CareTeam');
    return id !== null && scope.careTeamIds.includes(id);
  });
}

/** In the user's scope, by the rule of the resource's type (see ResourceSource.inScope). */
export function inScope(resource: EpisodeOfCare | Task, scope: CareScope): boolean {
  return resource.resourceType === 'EpisodeOfCare'
    ? episodeInScope(resource, scope)
    : taskInScope(resource, scope);
}

/** Keeps the citizen's own (FUT finds measurements by subject, the cache by episode). */
export function ownMeasurement(
  observation: { readonly subject?: Reference },
  patientId: string,
): boolean {
  const subject = referenceId(observation.subject?.reference, 'Patient');
  return subject === null || subject === patientId;
}
