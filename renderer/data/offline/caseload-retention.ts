import type { EpisodeOfCare } from '@medplum/fhirtypes';
import type { ResourceCache } from '../cache/contracts.ts';
import { referenceId } from '../model/references.ts';
import type { OfflineSession } from './offline-session.ts';

/** Sealed sync state: patient id → when last seen on the caseload (epoch ms). */
export const CASELOAD_SEEN_KEY = 'app:caseload-seen';
const DAY_MS = 86_400_000;

export interface RetainingCache {
  readonly resources: ResourceCache;
  /** Removes cached resources of patients not in `patientIds` (unsent outbox entries are kept). */
  retainPatients(patientIds: readonly string[]): Promise<unknown>;
}

/**
 * The retention setting (DESIGN §3, storage hygiene): a citizen who left the
 * caseload stays in the cache for `days`, then goes. Who was seen when is
 * kept in the cache's sealed sync state (ids are clinical context: never in
 * plain storage). Returns the ids kept.
 */
export async function applyCaseloadRetention(
  cache: RetainingCache,
  onCaseload: readonly string[],
  days: number,
  now: number = Date.now(),
): Promise<string[]> {
  let seen: Record<string, number> = {};
  try {
    const stored = await cache.resources.getSyncState(CASELOAD_SEEN_KEY);
    const parsed: unknown = stored ? JSON.parse(stored) : {};
    if (typeof parsed === 'object' && parsed !== null) seen = parsed as Record<string, number>;
  } catch {
    // Unreadable: start again from today's caseload (keeps more, never less, than it should).
  }
  for (const id of onCaseload) seen[id] = now;
  const limit = now - days * DAY_MS;
  const kept = Object.entries(seen)
    .filter(([, at]) => typeof at === 'number' && at >= limit)
    .map(([id]) => id);
  await cache.resources.setSyncState(
    CASELOAD_SEEN_KEY,
    JSON.stringify(Object.fromEntries(kept.map((id) => [id, seen[id]]))),
  );
  await cache.retainPatients(kept);
  return kept;
}

/**
 * Retention: the citizens of the cached episodes of care are the scope the
 * sync keeps; one who left it stays `days`, then goes (applyCaseloadRetention).
 */
export async function retainCaseload(offline: OfflineSession, days: number): Promise<void> {
  const cache = offline.cache as OfflineSession['cache'] & Partial<RetainingCache>;
  if (typeof cache.retainPatients !== 'function') return;
  const episodes = await cache.resources.all<EpisodeOfCare & { id: string }>('EpisodeOfCare');
  const patients = episodes
    .map((episode) => referenceId(episode.patient.reference, 'Patient'))
    .filter((id): id is string => id !== null);
  await applyCaseloadRetention(cache as RetainingCache, [...new Set(patients)], days);
}
