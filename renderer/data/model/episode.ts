import type { Condition, EpisodeOfCare } from '@medplum/fhirtypes';
import { compareIds, referenceId } from './references.ts';

/** A forløb as the banner and caseload show it. */
export interface EpisodeView {
  readonly id: string;
  readonly patientId: string;
  readonly status: EpisodeOfCare['status'];
  /** The diagnosis code (SKS), used for the translated name; null when unknown. */
  readonly diagnosisCode: string | null;
  /** The diagnosis as the record names it (Condition.code.text or display). */
  readonly diagnosisText: string;
  readonly start: string | null;
  readonly teamIds: readonly string[];
}

/** Forløb statuses a caseload shows: current or about to start. */
export const CURRENT_EPISODE_STATUSES: readonly EpisodeOfCare['status'][] = [
  'active',
  'onhold',
  'planned',
];

export function episodeView(
  episode: EpisodeOfCare,
  conditionsById: ReadonlyMap<string, Condition>,
): EpisodeView {
  const conditionId = referenceId(episode.diagnosis?.[0]?.condition?.reference, 'Condition');
  const condition = conditionId ? conditionsById.get(conditionId) : undefined;
  const coding = condition?.code?.coding?.[0];
  return {
    id: episode.id ?? '',
    patientId: referenceId(episode.patient.reference, 'Patient') ?? '',
    status: episode.status,
    diagnosisCode: coding?.code ?? null,
    diagnosisText: condition?.code?.text ?? coding?.display ?? '',
    start: episode.period?.start ?? null,
    teamIds: (episode.team ?? [])
      .map((team) => referenceId(team.reference, 'CareTeam'))
      .filter((id): id is string => id !== null),
  };
}

/**
 * Forløb in a fixed order whatever the source's order: by start (undated
 * last), then id, so fetched and cached answers are the same.
 */
export function inEpisodeOrder<T extends EpisodeOfCare>(episodes: readonly T[]): T[] {
  const start = (episode: EpisodeOfCare) => {
    const ms = episode.period?.start ? Date.parse(episode.period.start) : Number.NaN;
    return Number.isFinite(ms) ? ms : Number.POSITIVE_INFINITY;
  };
  return [...episodes].sort((a, b) => {
    const sa = start(a);
    const sb = start(b);
    if (sa !== sb) return sa < sb ? -1 : 1;
    return compareIds(a.id ?? '', b.id ?? '');
  });
}
