/**
 * The register-a-measurement form without React: which types can be
 * registered, what a plausible value is per type, and how a Danish date and
 * time (dd.mm.yyyy, HH:mm, Danish time) becomes the instant FHIR stores.
 * Every refusal is a translation key with its values, so the dialog says
 * exactly what is wrong and where.
 */
import {
  ObservationCode,
  type ObservationCodeKey,
} from '../../../shared/fhir/observation-codes.ts';
import { copenhagenParts } from '../../../shared/format/datetime.ts';
import { numberFormat } from '../../../shared/format/number.ts';

/** One number the form asks for: its translation key, plausible range and whether decimals are allowed. */
export interface ValueField {
  /** `measurement.<key>` names it. */
  readonly key: ObservationCodeKey;
  readonly min: number;
  readonly max: number;
  readonly decimals: number;
  /** The unit as FHIR prints it ('' when the code has none, like a score). */
  readonly unit: string;
}

/** What the user can register by hand: blood pressure as a pair, the rest as one value. */
export const REGISTRABLE: readonly ObservationCodeKey[] = [
  'homeBloodPressure',
  'pulse',
  'oxygenSaturation',
  'weight',
  'bodyTemperature',
  'fev1',
  'catScore',
  'mrcScale',
  'stepsPerDay',
  'stepsPerWeek',
  'sitToStand',
];

/**
 * Plausible ranges: wide enough for every real reading in home monitoring
 * (a very low saturation or a very high pulse is exactly what must be
 * registered), narrow enough to catch a typo (1420 for 142, 375 for 37,5).
 */
const RANGES: Readonly<
  Record<Exclude<ObservationCodeKey, 'homeBloodPressure'>, readonly [number, number]>
> = {
  systolic: [50, 280],
  diastolic: [20, 180],
  pulse: [20, 250],
  oxygenSaturation: [50, 100],
  weight: [1, 350],
  bodyTemperature: [30, 44],
  fev1: [0.1, 8],
  catScore: [0, 40],
  mrcScale: [1, 5],
  stepsPerDay: [0, 100_000],
  stepsPerWeek: [0, 700_000],
  sitToStand: [0, 80],
};

/** How many decimals a decimal-valued type takes (integers take none). */
const DECIMALS: Partial<Record<ObservationCodeKey, number>> = {
  oxygenSaturation: 0,
  weight: 1,
  bodyTemperature: 1,
  fev1: 2,
};

function printUnit(key: ObservationCodeKey): string {
  const print = ObservationCode[key].unit?.print ?? '';
  return /^\{[^}]*\}$/.test(print) ? '' : print;
}

/** The fields a type asks for, in order (systolic then diastolic for blood pressure). */
export function valueFields(codeKey: ObservationCodeKey): readonly ValueField[] {
  const keys = ObservationCode[codeKey].components ?? [codeKey];
  return keys.map((key) => {
    const range = RANGES[key as Exclude<ObservationCodeKey, 'homeBloodPressure'>];
    const decimals = ObservationCode[key].valueType === 'integer' ? 0 : (DECIMALS[key] ?? 1);
    return { key, min: range[0], max: range[1], decimals, unit: printUnit(key) };
  });
}

/**
 * The types to offer for an episode: those its plan asks for (known codes
 * only, blood pressure components folded into the pair), or every
 * registrable type when the plan asks for none the app knows.
 */
export function offeredCodes(
  requested: readonly ObservationCodeKey[] | undefined,
): readonly ObservationCodeKey[] {
  const wanted = new Set<ObservationCodeKey>(
    (requested ?? []).map((key): ObservationCodeKey =>
      key === 'systolic' || key === 'diastolic' ? 'homeBloodPressure' : key,
    ),
  );
  const offered = REGISTRABLE.filter((key) => wanted.has(key));
  return offered.length > 0 ? offered : REGISTRABLE;
}

/** A refusal: a translation key under `registerMeasurement.errors` and its values. */
export interface FieldError {
  readonly key: string;
  readonly values?: Readonly<Record<string, string | number>>;
}

/** Number formatting for messages and units, Danish decimal comma unless English. */
export function formatNumber(value: number, language: string, decimals = 2): string {
  return numberFormat(language, { maximumFractionDigits: decimals, useGrouping: false }).format(
    value,
  );
}

/**
 * Parses a typed number: digits with one decimal comma or point. Grouping
 * (1.000) is not accepted, since "1.000" could mean one or a thousand.
 */
export function parseValue(
  text: string,
  field: ValueField,
  language: string,
): { value: number } | { error: FieldError } {
  const trimmed = text.trim().replace(/\s+/g, '');
  if (trimmed === '') return { error: { key: 'valueRequired' } };
  const match = /^-?\d+(?:[.,](\d+))?$/.exec(trimmed);
  if (!match) return { error: { key: 'valueNotNumber' } };
  const fraction = match[1] ?? '';
  if (field.decimals === 0 && fraction.length > 0) return { error: { key: 'valueWholeNumber' } };
  if (fraction.length > field.decimals)
    return { error: { key: 'valueTooManyDecimals', values: { decimals: field.decimals } } };
  const value = Number(trimmed.replace(',', '.'));
  if (!Number.isFinite(value)) return { error: { key: 'valueNotNumber' } };
  if (value < field.min || value > field.max)
    return {
      error: {
        key: 'valueOutOfRange',
        values: {
          min: formatNumber(field.min, language),
          max: formatNumber(field.max, language),
          unit: field.unit ? ` ${field.unit}` : '',
        },
      },
    };
  return { value };
}

/** dd.mm.yyyy for an instant, in Danish time (what the date field starts with). */
export function dateText(instant: number): string {
  const p = copenhagenParts(instant);
  return p ? `${p.day}.${p.month}.${p.year}` : '';
}

/** HH:mm (24-hour) for an instant, in Danish time. */
export function timeText(instant: number): string {
  const p = copenhagenParts(instant);
  return p ? `${p.hour}:${p.minute}` : '';
}

/**
 * The instant of a wall-clock time in Danish time. In the autumn hour that
 * occurs twice the earlier one is taken; a time skipped in spring is refused.
 */
export function copenhagenInstant(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
): number | null {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Danish time is UTC+1 or UTC+2: try both offsets, keep those that read back as the wall time.
  const candidates = [2, 1]
    .map((offsetHours) => wall - offsetHours * 3_600_000)
    .filter((instant) => {
      const p = copenhagenParts(instant);
      return (
        p !== null &&
        Number(p.year) === year &&
        Number(p.month) === month &&
        Number(p.day) === day &&
        Number(p.hour) === hour &&
        Number(p.minute) === minute
      );
    });
  return candidates[0] ?? null;
}

/** How far ahead of the clock a time may be (clocks differ a little). */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** How far back a measurement may be registered by hand. */
export const MAX_AGE_DAYS = 365;

/**
 * Parses the date (d.m.yyyy, also with - or /) and time (HH:mm or HH.mm)
 * fields as Danish time; refuses impossible dates, times in the future beyond
 * a few minutes, and times more than a year back.
 */
export function parseWhen(
  date: string,
  time: string,
  now: number,
): { instant: number } | { dateError: FieldError | null; timeError: FieldError | null } {
  const dateMatch = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(date.trim());
  const timeMatch = /^(\d{1,2})[:.](\d{2})$/.exec(time.trim());
  const dateError: FieldError | null =
    date.trim() === '' ? { key: 'dateRequired' } : dateMatch ? null : { key: 'dateFormat' };
  const timeError: FieldError | null =
    time.trim() === ''
      ? { key: 'timeRequired' }
      : timeMatch && Number(timeMatch[1]) < 24 && Number(timeMatch[2]) < 60
        ? null
        : { key: 'timeFormat' };
  if (dateError || timeError || !dateMatch || !timeMatch) return { dateError, timeError };
  const [day, month, year] = [Number(dateMatch[1]), Number(dateMatch[2]), Number(dateMatch[3])];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (
    calendar.getUTCFullYear() !== year ||
    calendar.getUTCMonth() !== month - 1 ||
    calendar.getUTCDate() !== day
  )
    return { dateError: { key: 'dateInvalid' }, timeError: null };
  const instant = copenhagenInstant(year, month, day, Number(timeMatch[1]), Number(timeMatch[2]));
  if (instant === null) return { dateError: null, timeError: { key: 'timeSkipped' } };
  if (instant > now + FUTURE_TOLERANCE_MS)
    return { dateError: null, timeError: { key: 'inFuture' } };
  if (instant < now - MAX_AGE_DAYS * 86_400_000)
    return { dateError: { key: 'tooOld', values: { days: MAX_AGE_DAYS } }, timeError: null };
  return { instant };
}

/** Everything the dialog collected, validated. */
export interface MeasurementDraft {
  readonly codeKey: ObservationCodeKey;
  readonly values: readonly string[];
  readonly date: string;
  readonly time: string;
}

export interface DraftErrors {
  readonly values: readonly (FieldError | null)[];
  readonly date: FieldError | null;
  readonly time: FieldError | null;
  /** About the values together (diastolic not below systolic). */
  readonly form: FieldError | null;
}

export type DraftResult =
  | { readonly ok: true; readonly values: readonly number[]; readonly effective: string }
  | { readonly ok: false; readonly errors: DraftErrors };

export function validateDraft(draft: MeasurementDraft, now: number, language: string): DraftResult {
  const fields = valueFields(draft.codeKey);
  const parsed = fields.map((field, index) =>
    parseValue(draft.values[index] ?? '', field, language),
  );
  const valueErrors = parsed.map((result) => ('error' in result ? result.error : null));
  const numbers = parsed.flatMap((result) => ('value' in result ? [result.value] : []));
  const when = parseWhen(draft.date, draft.time, now);
  let form: FieldError | null = null;
  if (
    draft.codeKey === 'homeBloodPressure' &&
    numbers.length === 2 &&
    (numbers[1] ?? 0) >= (numbers[0] ?? 0)
  )
    form = { key: 'diastolicNotBelowSystolic' };
  if ('instant' in when && valueErrors.every((error) => error === null) && form === null)
    return { ok: true, values: numbers, effective: new Date(when.instant).toISOString() };
  return {
    ok: false,
    errors: {
      values: valueErrors,
      date: 'instant' in when ? null : when.dateError,
      time: 'instant' in when ? null : when.timeError,
      form,
    },
  };
}
