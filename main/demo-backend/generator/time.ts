/**
 * Clinical time relative to the anchor ("today" of the data). Days are
 * counted from the anchor (0 = today, -1 = yesterday) in Danish local time;
 * instants are written as UTC (`…Z`), which FUT accepts and the app formats
 * in Danish time.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The local hour the data's "now" is set to on the anchor day. */
export const NOW_LOCAL_HOUR = 8;

/**
 * The dataset's fixed "today", from its anchor: not a running clock (that is
 * `shared/time/clock.ts`), so the same seed and anchor give the same data.
 */
export interface DataCalendar {
  /** The anchor as yyyy-mm-dd. */
  readonly anchor: string;
  /** "Now" of the data: the anchor day at 08:00 Danish time, as UTC ms. */
  readonly now: number;
  /** UTC ms of a Danish wall-clock time `dayOffset` days from the anchor. */
  at(dayOffset: number, hour: number, minute?: number): number;
  /** The local start and end of a day (00:00 to 23:59:59), as UTC ms. */
  dayWindow(dayOffset: number): { start: number; end: number };
  /** Day of the week of a day offset: 0 = Monday … 6 = Sunday. */
  weekday(dayOffset: number): number;
}

/** Last Sunday of a month (UTC date number). */
function lastSunday(year: number, monthIndex: number): number {
  const last = new Date(Date.UTC(year, monthIndex + 1, 0));
  return last.getUTCDate() - last.getUTCDay();
}

const summerTime = new Map<number, readonly [start: number, end: number]>();

/** Copenhagen's offset from UTC in minutes at a UTC instant (EU summer time rules). */
export function copenhagenOffsetMinutes(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  let window = summerTime.get(year);
  if (!window) {
    window = [Date.UTC(year, 2, lastSunday(year, 2), 1), Date.UTC(year, 9, lastSunday(year, 9), 1)];
    summerTime.set(year, window);
  }
  return utcMs >= window[0] && utcMs < window[1] ? 120 : 60;
}

/** yyyy-mm-ddThh:mm:ssZ, to the second. */
export function isoInstant(utcMs: number): string {
  return `${new Date(Math.floor(utcMs / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

/** The Danish calendar date of an instant, yyyy-mm-dd. */
export function isoLocalDate(utcMs: number): string {
  return new Date(utcMs + copenhagenOffsetMinutes(utcMs) * MINUTE_MS).toISOString().slice(0, 10);
}

const ANCHOR = /^(\d{4})-(\d{2})-(\d{2})$/;

export function createDataCalendar(anchor: string): DataCalendar {
  const match = ANCHOR.exec(anchor);
  if (!match) throw new Error(`anchor must be yyyy-mm-dd, got "${anchor}"`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const anchorUtcMidnight = Date.UTC(year, month - 1, day);
  if (new Date(anchorUtcMidnight).toISOString().slice(0, 10) !== anchor)
    throw new Error(`anchor is not a calendar date: "${anchor}"`);

  const at = (dayOffset: number, hour: number, minute = 0): number => {
    const wall = anchorUtcMidnight + dayOffset * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS;
    // Correct with the offset in force at the guess; exact except in the hour of a change.
    const guess = wall - 60 * MINUTE_MS;
    return wall - copenhagenOffsetMinutes(guess) * MINUTE_MS;
  };
  return {
    anchor,
    now: at(0, NOW_LOCAL_HOUR),
    at,
    dayWindow: (dayOffset) => ({ start: at(dayOffset, 0), end: at(dayOffset + 1, 0) - 1000 }),
    weekday: (dayOffset) => {
      const utcDay = new Date(anchorUtcMidnight + dayOffset * DAY_MS).getUTCDay();
      return (utcDay + 6) % 7;
    },
  };
}
