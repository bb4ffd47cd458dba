import type { Condition, EpisodeOfCare } from '@medplum/fhirtypes';
import { referenceId } from './references.ts';

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
