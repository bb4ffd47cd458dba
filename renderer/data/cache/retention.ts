import { DOMAIN, type CacheContext } from './cache-context.ts';
import { writeTransaction } from './cache-errors.ts';

/**
 * Retention for citizens no longer on the caseload (storage
 * hygiene): removes every cached resource that refers to patients, none of
 * whom is in the kept set, and the Observation buckets of such patients.
 * Resources that refer to no patient (Organization, Practitioner,
 * Questionnaire, CareTeam …) stay. Anything an unsent outbox entry changes
 * stays, and so does a whole bucket holding such an Observation. Runs on
 * blind indexes only (no decryption), in one transaction.
 */

export interface RetentionReport {
  /** Resource rows removed (every type except Observation). */
  readonly resources: number;
  /** Observations removed (in whole buckets). */
  readonly observations: number;
  /** Rows kept only because unsent outbox entries change them. */
  readonly keptForOutbox: number;
}

const PATIENT_LINK = /^[A-Za-z]+:p:(.+)$/;
const EPISODE_LINK = /^[A-Za-z]+:e:(.+)$/;

export async function applyRetention(
  ctx: CacheContext,
  keepPatientIds: readonly string[],
): Promise<RetentionReport> {
  const keep = new Set(
    await Promise.all(
      [...new Set(keepPatientIds)].map((id) => ctx.codec.blind(DOMAIN.patient, id)),
    ),
  );
  const { db } = ctx;
  return writeTransaction(db, [db.resources, db.buckets, db.locator, db.outbox], async () => {
    const held = new Set((await db.outbox.toArray()).map((row) => row.resourceKey));
    let keptForOutbox = 0;

    // Episodes of care whose patient is gone: their episode-only resources go too.
    const goneEpisodes = new Set<string>();
    const removeRows: string[] = [];
    const episodeOnly: { key: string; episodes: string[] }[] = [];
    await db.resources.each((row) => {
      const patients: string[] = [];
      const episodes: string[] = [];
      for (const link of row.links) {
        const p = PATIENT_LINK.exec(link);
        if (p?.[1]) patients.push(p[1]);
        const e = EPISODE_LINK.exec(link);
        if (e?.[1]) episodes.push(e[1]);
      }
      if (patients.length === 0) {
        if (episodes.length > 0) episodeOnly.push({ key: row.key, episodes });
        return;
      }
      if (patients.some((p) => keep.has(p))) return;
      if (held.has(row.key)) {
        keptForOutbox += 1;
        return;
      }
      removeRows.push(row.key);
      if (row.type === 'EpisodeOfCare') for (const e of episodes) goneEpisodes.add(e);
    });
    for (const row of episodeOnly) {
      if (!row.episodes.every((e) => goneEpisodes.has(e))) continue;
      if (held.has(row.key)) keptForOutbox += 1;
      else removeRows.push(row.key);
    }

    const removeBuckets: string[] = [];

    const removeLocators: string[] = [];
    let observations = 0;
    await db.buckets.each((row) => {
      const episodeGone = row.episode.startsWith('e:') && goneEpisodes.has(row.episode.slice(2));
      const patientGone = row.patient !== '' && !keep.has(row.patient);
      if (!patientGone && !(row.patient === '' && episodeGone)) return;
      if (row.members.some((member) => held.has(member))) {
        keptForOutbox += 1;
        return;
      }
      removeBuckets.push(row.key);
      removeLocators.push(...row.members);
      observations += row.members.length;
    });

    await db.resources.bulkDelete(removeRows);
    await db.buckets.bulkDelete(removeBuckets);
    await db.locator.bulkDelete(removeLocators);
    return { resources: removeRows.length, observations, keptForOutbox };
  });
}
