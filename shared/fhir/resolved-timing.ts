import type { ServiceRequest } from '@medplum/fhirtypes';

/**
 * Turns a ServiceRequest's measurement regime (`occurrence[x]`) into time slots,
 * the way `$get-patient-procedures` and `$submit-measurement` need them. The IG
 * describes the outcome, not the algorithm; this is the demo back end's reading:
 *
 * - no occurrence → Adhoc;
 * - occurrenceDateTime / occurrencePeriod → one slot;
 * - occurrenceTiming with `repeat.boundsPeriod.start` and `frequency` plus either
 *   `period`/`periodUnit` (min, h, d, wk, mo, a: consecutive windows from the
 *   bounds' start) or `dayOfWeek` (whole days, at the bounds' UTC offset) →
 *   slots each expecting `frequency` measurements, ending at the bounds' end;
 * - a Timing with only `event`s → one slot per event;
 * - anything else (no bounds start, no frequency, `timeOfDay` only…) → Unresolved.
 * `timeOfDay` and daylight-saving changes are not modelled.
 *
 * Used by the demo back end (`$get-patient-procedures`, `$submit-measurement`);
 * in shared/ so the workbench can read a regime the same way offline. The
 * outbox does not send its own `ehealth-resolved-timing`: it names the
 * ServiceRequest (`basedOn`) and the server resolves the timing.
 */

export interface Slot {
  readonly start: number;
  readonly end: number;
  /** Measurements expected in the slot. */
  readonly occurrences: number;
}

export type TimingResolution =
  | { readonly kind: 'resolved'; readonly slots: (from: number, to: number) => Slot[] }
  | { readonly kind: 'adhoc' }
  | { readonly kind: 'unresolved' };

const UNIT_MS: Readonly<Record<string, number>> = {
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  wk: 7 * 86_400_000,
};
const DAY = 86_400_000;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
/** Slots computed at most per request, so an odd regime cannot run away. */
const MAX_SLOTS = 20_000;

/** UTC offset in minutes written in an ISO dateTime (`+01:00` → 60, `Z` or none → 0). */
export function offsetMinutes(dateTime: string): number {
  const match = /([+-])(\d{2}):(\d{2})$/.exec(dateTime);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

function parse(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function overlapping(slots: readonly Slot[], from: number, to: number): Slot[] {
  return slots.filter((slot) => slot.start <= to && slot.end >= from);
}

export function resolveTiming(request: ServiceRequest): TimingResolution {
  if (request.occurrenceDateTime) {
    const at = parse(request.occurrenceDateTime);
    if (at === undefined) return { kind: 'unresolved' };
    return {
      kind: 'resolved',
      slots: (from, to) => overlapping([{ start: at, end: at, occurrences: 1 }], from, to),
    };
  }
  if (request.occurrencePeriod) {
    const start = parse(request.occurrencePeriod.start);
    if (start === undefined) return { kind: 'unresolved' };
    const end = parse(request.occurrencePeriod.end) ?? start;
    return {
      kind: 'resolved',
      slots: (from, to) => overlapping([{ start, end, occurrences: 1 }], from, to),
    };
  }
  const timing = request.occurrenceTiming;
  if (!timing) return { kind: 'adhoc' };
  const repeat = timing.repeat;
  if (!repeat) {
    const events = (timing.event ?? []).flatMap((event) => parse(event) ?? []);
    if (events.length === 0) return timing.code ? { kind: 'adhoc' } : { kind: 'unresolved' };
    const slots = events.map((at) => ({ start: at, end: at, occurrences: 1 }));
    return { kind: 'resolved', slots: (from, to) => overlapping(slots, from, to) };
  }
  const boundsStart = repeat.boundsPeriod?.start;
  const start = parse(boundsStart);
  const frequency = repeat.frequency;
  if (start === undefined || boundsStart === undefined || !frequency) return { kind: 'unresolved' };
  const boundsEnd = parse(repeat.boundsPeriod?.end) ?? Number.MAX_SAFE_INTEGER;
  const offset = offsetMinutes(boundsStart) * 60_000;
  if (repeat.dayOfWeek && repeat.dayOfWeek.length > 0) {
    const days = new Set(repeat.dayOfWeek.map((day) => WEEKDAYS.indexOf(day)));
    return {
      kind: 'resolved',
      slots: (from, to) => {
        const out: Slot[] = [];
        // Local midnights at the bounds' offset, from the later of start and from.
        let day = Math.floor((Math.max(start, from) + offset) / DAY) * DAY - offset;
        for (; day <= Math.min(to, boundsEnd) && out.length < MAX_SLOTS; day += DAY) {
          const weekday = new Date(day + offset).getUTCDay();
          const slot = {
            start: Math.max(day, start),
            end: Math.min(day + DAY - 1, boundsEnd),
            occurrences: frequency,
          };
          if (days.has(weekday) && slot.start <= slot.end) out.push(slot);
        }
        return overlapping(out, from, to);
      },
    };
  }
  const unit = repeat.periodUnit;
  const period = repeat.period;
  if (!unit || !period || period <= 0) return { kind: 'unresolved' };
  const step = (index: number): number => advance(start, offset, index * period, unit);
  if (Number.isNaN(step(1))) return { kind: 'unresolved' };
  return {
    kind: 'resolved',
    slots: (from, to) => {
      const out: Slot[] = [];
      // Skip whole windows before `from` without walking them one by one where the unit is fixed.
      const fixed = UNIT_MS[unit];
      let index = fixed ? Math.max(0, Math.floor((from - start) / (fixed * period)) - 1) : 0;
      for (; out.length < MAX_SLOTS; index++) {
        const slotStart = step(index);
        if (slotStart > Math.min(to, boundsEnd)) break;
        const slotEnd = Math.min(step(index + 1) - 1, boundsEnd);
        if (slotEnd >= from) out.push({ start: slotStart, end: slotEnd, occurrences: frequency });
      }
      return out;
    },
  };
}

/** `start` moved by `amount` units; months and years by the calendar at the bounds' offset. */
function advance(start: number, offset: number, amount: number, unit: string): number {
  const fixed = UNIT_MS[unit];
  if (fixed) return start + amount * fixed;
  if (unit !== 'mo' && unit !== 'a') return Number.NaN;
  const local = new Date(start + offset);
  if (unit === 'mo') local.setUTCMonth(local.getUTCMonth() + amount);
  else local.setUTCFullYear(local.getUTCFullYear() + amount);
  return local.getTime() - offset;
}

/** The slot holding a time, if the regime resolves and one does. */
export function slotAt(resolution: TimingResolution, time: number): Slot | undefined {
  return resolution.kind === 'resolved' ? resolution.slots(time, time)[0] : undefined;
}
