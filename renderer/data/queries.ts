import type { EpisodeView } from './model/episode.ts';
import type { CaseloadRow } from './model/caseload.ts';
import type { LatestMeasurement } from './model/measurements.ts';
import type { PatientView } from './model/patient.ts';
import type { MeasurementSeries } from './model/series.ts';
import type { TaskView } from './model/tasks.ts';

/** Whose citizens: the signed-in user's care teams. */
export interface CareScope {
  readonly careTeamIds: readonly string[];
}

/** Everything the citizen view's first paint needs: banner, latest values, the default period's charts. */
export interface CitizenData {
  readonly patient: PatientView;
  readonly episodes: readonly EpisodeView[];
  readonly latest: readonly LatestMeasurement[];
  /** Start of the period the latest values and the series cover (ISO instant). */
  readonly measuredSince: string;
  /** End (exclusive) of that period: the time the data was asked for (ISO instant). */
  readonly measuredUntil: string;
  /** One series per measurement type measured or planned in the period (see measurementSeries). */
  readonly series: readonly MeasurementSeries[];
}

/**
 * How views get clinical data. Views never call the network or the cache
 * themselves; they use this interface (through `useClinicalQuery`), so the
 * source behind it can change without touching a view.
 */
export interface ClinicalQueries {
  caseload(scope: CareScope, signal?: AbortSignal): Promise<CaseloadRow[]>;
  citizen(patientId: string, signal?: AbortSignal): Promise<CitizenData>;
  /** Open Tasks of the citizen's forløb, most pressing first (see openTaskViews). */
  tasks(patientId: string, signal?: AbortSignal): Promise<TaskView[]>;
  /** The citizen's measurement series in [fromIso, toIso), for a period other than the default. */
  series(
    patientId: string,
    fromIso: string,
    toIso: string,
    signal?: AbortSignal,
  ): Promise<MeasurementSeries[]>;
}

/** The default period of "latest measurements" and of the charts on the citizen view. */
export const LATEST_MEASUREMENTS_DAYS = 30;

const DAY_MS = 86_400_000;

/** The default period ending at `now`: [now − LATEST_MEASUREMENTS_DAYS, now). */
export function defaultPeriod(now: Date): { readonly from: string; readonly to: string } {
  return {
    from: new Date(now.getTime() - LATEST_MEASUREMENTS_DAYS * DAY_MS).toISOString(),
    to: now.toISOString(),
  };
}

/** A period given to `series` must be two instants, from before to. */
export class InvalidPeriodError extends RangeError {
  constructor(fromIso: string, toIso: string) {
    super(
      `A measurement period needs two ISO instants, from before to (got "${fromIso}" – "${toIso}").`,
    );
    this.name = 'InvalidPeriodError';
  }
}

/** Checks a period and gives it back as UTC instants (`…Z`, safe in a query string). */
export function checkPeriod(
  fromIso: string,
  toIso: string,
): { readonly from: string; readonly to: string } {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to)
    throw new InvalidPeriodError(fromIso, toIso);
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}
