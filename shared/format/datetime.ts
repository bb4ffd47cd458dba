/**
 * Danish clinical formats, always in Danish time whatever the machine's zone:
 * dates dd.mm.yyyy, 24-hour clock HH:mm. A nurse's laptop set to UTC must
 * still show the time the citizen measured.
 */

export const CLINICAL_TIME_ZONE = 'Europe/Copenhagen';

// Made on first use: building an Intl formatter costs tens of ms, which start-up should not pay.
let partsFormatter: Intl.DateTimeFormat | undefined;

function formatter(): Intl.DateTimeFormat {
  partsFormatter ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: CLINICAL_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  return partsFormatter;
}

export interface CopenhagenParts {
  readonly year: string;
  readonly month: string;
  readonly day: string;
  readonly hour: string;
  readonly minute: string;
  readonly second: string;
}

function toDate(value: Date | string | number): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Parts already worked out, by instant: a chart asks for the same day
 * boundaries and period ends many times a render, and formatToParts costs
 * microseconds a call. Bounded; emptied when full.
 */
const partsMemo = new Map<number, CopenhagenParts>();
const PARTS_MEMO_LIMIT = 4096;

/** The wall-clock parts of an instant in Danish time, or null for an invalid instant. */
export function copenhagenParts(value: Date | string | number): CopenhagenParts | null {
  const date = toDate(value);
  if (!date) return null;
  const ms = date.getTime();
  const known = partsMemo.get(ms);
  if (known) return known;
  const parts: Record<string, string> = {};
  for (const part of formatter().formatToParts(date)) parts[part.type] = part.value;
  const result: CopenhagenParts = Object.freeze({
    year: parts.year ?? '',
    month: parts.month ?? '',
    day: parts.day ?? '',
    hour: parts.hour ?? '',
    minute: parts.minute ?? '',
    second: parts.second ?? '',
  });
  if (partsMemo.size >= PARTS_MEMO_LIMIT) partsMemo.clear();
  partsMemo.set(ms, result);
  return result;
}

/** dd.mm.yyyy in Danish time; '' for an invalid instant. */
export function formatDate(value: Date | string | number): string {
  const p = copenhagenParts(value);
  return p ? `${p.day}.${p.month}.${p.year}` : '';
}

/** HH:mm (24-hour) in Danish time; '' for an invalid instant. */
export function formatTime(value: Date | string | number): string {
  const p = copenhagenParts(value);
  return p ? `${p.hour}:${p.minute}` : '';
}

/** dd.mm.yyyy HH:mm in Danish time; '' for an invalid instant. */
export function formatDateTime(value: Date | string | number): string {
  const p = copenhagenParts(value);
  return p ? `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}` : '';
}

/**
 * A FHIR `date` (yyyy, yyyy-mm or yyyy-mm-dd) is a calendar date with no zone:
 * shown as written, never shifted through a time zone.
 */
export function formatFhirDate(value: string): string {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!match) return '';
  const [, year, month, day] = match;
  if (day && month) return `${day}.${month}.${year}`;
  if (month) return `${month}.${year}`;
  return year ?? '';
}

/** The calendar date (yyyy-mm-dd) in Danish time of an instant: "today" for clinical purposes. */
export function copenhagenDate(value: Date | string | number): string {
  const p = copenhagenParts(value);
  return p ? `${p.year}-${p.month}-${p.day}` : '';
}
