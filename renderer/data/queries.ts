import type { EpisodeView } from './model/episode.ts';
import type { CaseloadRow } from './model/caseload.ts';
import type { LatestMeasurement } from './model/measurements.ts';
import type { PatientView } from './model/patient.ts';

/** Whose citizens: the signed-in user's care teams. */
export interface CareScope {
  readonly careTeamIds: readonly string[];
}

/** Everything the citizen view's first paint needs. */
export interface CitizenData {
  readonly patient: PatientView;
  readonly episodes: readonly EpisodeView[];
  readonly latest: readonly LatestMeasurement[];
  /** Start of the period the latest values were looked for in (ISO instant). */
  readonly measuredSince: string;
}

/**
 * How views get clinical data. Views never call the network or the cache
 * themselves; they use this interface (through `useClinicalQuery`), so the
 * source behind it can change without touching a view.
 */
export interface ClinicalQueries {
  caseload(scope: CareScope, signal?: AbortSignal): Promise<CaseloadRow[]>;
  citizen(patientId: string, signal?: AbortSignal): Promise<CitizenData>;
}

/** The default period of "latest measurements" on the citizen view. */
export const LATEST_MEASUREMENTS_DAYS = 30;
