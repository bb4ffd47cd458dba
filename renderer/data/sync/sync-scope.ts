import type { CachedResource } from '../cache/contracts.ts';
import { fieldsOf } from '../fhir/fhir-fields.ts';
import { referenceId } from '../model/references.ts';
import type { SyncContext } from './sync-context.ts';
import { readListing } from './sync-listing.ts';
import { removeGoneConditions, removeGoneEpisodes, removeGonePatients } from './sync-removals.ts';
import { chunk, list, refOf, refs } from './sync-resources.ts';

/**
 * Scope resolution: the teams name their members and organisations, the
 * teams' episodes of care name the patients. Episodes and patients are
 * re-read whole each run (they carry no usable checkpoint search).
 */

export interface TeamMembers {
  readonly practitioners: readonly string[];
  readonly organizations: readonly string[];
}

/** The practitioners and organisations the teams name, with the signed-in practitioner. */
export function teamMembers(
  careTeams: readonly CachedResource[],
  practitionerId: string,
): TeamMembers {
  const practitioners = new Set<string>([practitionerId]);
  const organizations = new Set<string>();
  for (const team of careTeams) {
    const t = fieldsOf(team);
    const managing = referenceId(refOf(t.managingOrganization), 'Organization');
    if (managing) organizations.add(managing);
    for (const participant of list(t.participant)) {
      const p = fieldsOf(participant);
      const member = refOf(p.member);
      const practitioner = referenceId(member, 'Practitioner');
      if (practitioner) practitioners.add(practitioner);
      const memberOrg = referenceId(member, 'Organization');
      if (memberOrg) organizations.add(memberOrg);
      const onBehalfOf = referenceId(refOf(p.onBehalfOf), 'Organization');
      if (onBehalfOf) organizations.add(onBehalfOf);
    }
  }
  return {
    practitioners: [...practitioners].filter(Boolean).sort(),
    organizations: [...organizations].sort(),
  };
}

/** EpisodeOfCare by team with their Conditions, re-read whole; returns episode id → patient id. */
export async function syncEpisodes(
  context: SyncContext,
  teams: readonly string[],
): Promise<Map<string, string>> {
  const { progress, tuning } = context;
  progress.begin('EpisodeOfCare', 'EpisodeOfCare');
  const episodes = new Map<string, string>();
  const conditionIds = new Set<string>();
  const collect = (resources: readonly CachedResource[]): void => {
    for (const resource of resources) {
      if (resource.resourceType !== 'EpisodeOfCare') continue;
      const r = fieldsOf(resource);
      const patient = referenceId(refOf(r.patient), 'Patient');
      if (patient) episodes.set(resource.id, patient);
      for (const diagnosis of list(r.diagnosis)) {
        const condition = referenceId(refOf(fieldsOf(diagnosis).condition), 'Condition');
        if (condition) conditionIds.add(condition);
      }
    }
  };
  const chunks = chunk(teams, tuning.idsPerRequest);
  progress.plan('EpisodeOfCare', Math.max(1, chunks.length));
  for (const part of chunks) {
    await readListing(
      context,
      'EpisodeOfCare',
      `EpisodeOfCare?team=${refs('CareTeam', part)}&_include=EpisodeOfCare:condition&_count=${tuning.pageSize}`,
      { inspect: collect },
    );
    progress.step('EpisodeOfCare');
  }
  await removeGoneEpisodes(context, episodes);
  await removeGoneConditions(context, conditionIds);
  progress.done('EpisodeOfCare');
  progress.done('Condition');
  return episodes;
}

/** The episodes' patients by `_id`; one the server no longer sends goes with what hangs on it. */
export async function syncPatients(
  context: SyncContext,
  patientIds: readonly string[],
): Promise<void> {
  const { progress, tuning } = context;
  progress.begin('Patient', 'Patient');
  const chunks = chunk(patientIds, tuning.idsPerRequest);
  progress.plan('Patient', Math.max(1, chunks.length));
  const seen = new Set<string>();
  for (const part of chunks) {
    const listing = await readListing(
      context,
      'Patient',
      `Patient?_id=${part.map(encodeURIComponent).join(',')}&_count=${tuning.pageSize}`,
    );
    for (const id of listing.seen.get('Patient') ?? []) seen.add(id);
    progress.step('Patient');
  }
  await removeGonePatients(context, seen);
  progress.done('Patient');
}
