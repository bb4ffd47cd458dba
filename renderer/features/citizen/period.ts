import type { Period } from '../../data/source/resource-source.ts';

/** The default period of "latest measurements" and of the charts on the citizen view. */
export const LATEST_MEASUREMENTS_DAYS = 30;

const DAY_MS = 86_400_000;

/** The default period ending at `now`: [now − LATEST_MEASUREMENTS_DAYS, now). */
export function defaultPeriod(now: Date): Period {
  return {
    from: new Date(now.getTime() - LATEST_MEASUREMENTS_DAYS * DAY_MS).toISOString(),
    to: now.toISOString(),
  };
}

/** A period given to `citizenSeries` must be two instants, from before to. */
export class InvalidPeriodError extends RangeError {
  constructor(fromIso: string, toIso: string) {
    super(
      `A measurement period needs two ISO instants, from before to (got "${fromIso}" – "${toIso}").`,
    );
    this.name = 'InvalidPeriodError';
  }
}

/** Checks a period and gives it back as UTC instants (`…Z`, safe in a query string). */
export function checkPeriod(fromIso: string, toIso: string): Period {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to)
    throw new InvalidPeriodError(fromIso, toIso);
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}
