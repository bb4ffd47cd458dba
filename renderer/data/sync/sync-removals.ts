import type { CachedResource } from '../cache/contracts.ts';
import { fieldsOf } from '../fhir/fhir-fields.ts';
import { referenceId } from '../model/references.ts';
import type { SyncContext } from './sync-context.ts';
import { remove } from './sync-listing.ts';
import {
  BY_EPISODE,
  BY_PATIENT,
  isLocalVersion,
  linkedEpisodes,
  list,
  refOf,
  versionOf,
} from './sync-resources.ts';

/**
 * Reconciliation: what the cache holds and the server's answers no longer
 * include goes, never a local version (an outbox write not yet sent).
 */

/** Episodes gone from the set: first what hangs on them, then the episodes (a kill in between repeats both). */
export async function removeGoneEpisodes(
  context: SyncContext,
  episodes: ReadonlyMap<string, string>,
): Promise<void> {
  const cachedEpisodes = await context.cache.versions('EpisodeOfCare');
  const goneEpisodes = [...cachedEpisodes.entries()]
    .filter(([id, version]) => !episodes.has(id) && !isLocalVersion(version))
    .map(([id]) => id);
  if (goneEpisodes.length === 0) return;
  for (const type of BY_EPISODE) {
    const hanging = await context.cache.byEpisode<CachedResource>(type, goneEpisodes);
    const episodesLeft = new Set(episodes.keys());
    await remove(
      context,
      type,
      hanging
        .filter((resource) => !isLocalVersion(versionOf(resource)))
        // A resource also linked to an episode still in scope stays.
        .filter((resource) => !linkedEpisodes(resource).some((id) => episodesLeft.has(id)))
        .map((resource) => resource.id),
    );
  }
  await remove(context, 'EpisodeOfCare', goneEpisodes);
}

/** Conditions no episode in scope names any more. */
export async function removeGoneConditions(
  context: SyncContext,
  conditionIds: ReadonlySet<string>,
): Promise<void> {
  const cachedConditions = await context.cache.versions('Condition');
  await remove(
    context,
    'Condition',
    [...cachedConditions.entries()]
      .filter(([id, version]) => !conditionIds.has(id) && !isLocalVersion(version))
      .map(([id]) => id),
  );
}

/** Patients the server no longer sent, after what hangs on them. */
export async function removeGonePatients(
  context: SyncContext,
  seen: ReadonlySet<string>,
): Promise<void> {
  const cached = await context.cache.versions('Patient');
  const gone = [...cached.entries()]
    .filter(([id, version]) => !seen.has(id) && !isLocalVersion(version))
    .map(([id]) => id);
  if (gone.length === 0) return;
  for (const type of BY_PATIENT) {
    for (const patient of gone) {
      const hanging = await context.cache.byPatient<CachedResource>(type, patient);
      await remove(
        context,
        type,
        hanging.filter((r) => !isLocalVersion(versionOf(r))).map((r) => r.id),
      );
    }
  }
  await remove(context, 'Patient', gone);
}

/** A threshold change replaces a ServiceRequest: one no cached CarePlan refers to any more goes. */
export async function reconcileServiceRequests(context: SyncContext): Promise<void> {
  const referenced = new Set<string>();
  for (const plan of await context.cache.all<CachedResource>('CarePlan')) {
    for (const activity of list(fieldsOf(plan).activity)) {
      const id = referenceId(refOf(fieldsOf(activity).reference), 'ServiceRequest');
      if (id) referenced.add(id);
    }
  }
  const cached = await context.cache.versions('ServiceRequest');
  await remove(
    context,
    'ServiceRequest',
    [...cached.entries()]
      .filter(([id, version]) => !referenced.has(id) && !isLocalVersion(version))
      .map(([id]) => id),
  );
}
