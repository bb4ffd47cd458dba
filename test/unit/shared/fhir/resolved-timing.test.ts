import type { ServiceRequest } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { offsetMinutes, resolveTiming, slotAt } from '../../../../shared/fhir/resolved-timing.ts';

const request = (occurrence: Partial<ServiceRequest>): ServiceRequest => ({
  resourceType: 'ServiceRequest',
  status: 'active',
  intent: 'order',
  subject: { reference: 'Patient/1' },
  ...occurrence,
});
const iso = (ms: number): string => new Date(ms).toISOString();
const at = (value: string): number => Date.parse(value);

describe('resolving a measurement regime into slots', () => {
  it('treats a request without occurrence as ad hoc', () => {
    expect(resolveTiming(request({})).kind).toBe('adhoc');
  });

  it('makes daily windows from bounds start, each expecting `frequency`', () => {
    const resolution = resolveTiming(
      request({
        occurrenceTiming: {
          repeat: {
            boundsPeriod: { start: '2025-03-01T08:00:00+01:00' },
            frequency: 2,
            period: 1,
            periodUnit: 'd',
          },
        },
      }),
    );
    expect(resolution.kind).toBe('resolved');
    const slots =
      resolution.kind === 'resolved'
        ? resolution.slots(at('2025-03-02T12:00:00Z'), at('2025-03-04T06:00:00Z'))
        : [];
    expect(slots.map((s) => [iso(s.start), iso(s.end), s.occurrences])).toEqual([
      ['2025-03-02T07:00:00.000Z', '2025-03-03T06:59:59.999Z', 2],
      ['2025-03-03T07:00:00.000Z', '2025-03-04T06:59:59.999Z', 2],
    ]);
  });

  it('makes whole days at the bounds offset for dayOfWeek regimes', () => {
    const resolution = resolveTiming(
      request({
        occurrenceTiming: {
          repeat: {
            boundsPeriod: { start: '2025-03-03T00:00:00+01:00' },
            frequency: 1,
            dayOfWeek: ['mon', 'thu'],
          },
        },
      }),
    );
    const slots =
      resolution.kind === 'resolved'
        ? resolution.slots(at('2025-03-03T00:00:00Z'), at('2025-03-10T12:00:00Z'))
        : [];
    // Monday 3 March at +01:00 begins 2 March 23:00 UTC.
    expect(slots.map((s) => iso(s.start))).toEqual([
      '2025-03-02T23:00:00.000Z',
      '2025-03-05T23:00:00.000Z',
      '2025-03-09T23:00:00.000Z',
    ]);
  });

  it('stops at the bounds end and finds the slot holding a time', () => {
    const resolution = resolveTiming(
      request({
        occurrenceTiming: {
          repeat: {
            boundsPeriod: { start: '2025-01-01T00:00:00Z', end: '2025-01-15T00:00:00Z' },
            frequency: 3,
            period: 1,
            periodUnit: 'wk',
          },
        },
      }),
    );
    const slots =
      resolution.kind === 'resolved'
        ? resolution.slots(at('2024-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'))
        : [];
    expect(slots).toHaveLength(3);
    expect(slots.at(-1)?.end).toBe(at('2025-01-15T00:00:00Z'));
    expect(slotAt(resolution, at('2025-01-09T10:00:00Z'))?.start).toBe(at('2025-01-08T00:00:00Z'));
    expect(slotAt(resolution, at('2025-02-01T10:00:00Z'))).toBeUndefined();
  });

  it('calls a regime it cannot resolve unresolved', () => {
    expect(
      resolveTiming(
        request({ occurrenceTiming: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } } }),
      ).kind,
    ).toBe('unresolved');
    expect(
      resolveTiming(
        request({
          occurrenceTiming: {
            repeat: { boundsPeriod: { start: '2025-01-01' }, period: 1, periodUnit: 'd' },
          },
        }),
      ).kind,
    ).toBe('unresolved');
  });

  it('gives one slot for a dateTime or a period', () => {
    const single = resolveTiming(request({ occurrenceDateTime: '2025-05-01T10:00:00Z' }));
    expect(slotAt(single, at('2025-05-01T10:00:00Z'))?.occurrences).toBe(1);
    const period = resolveTiming(
      request({ occurrencePeriod: { start: '2025-05-01', end: '2025-05-03' } }),
    );
    expect(slotAt(period, at('2025-05-02T10:00:00Z'))).toBeDefined();
  });
});

/** The slots of a regime between two times, as [start, end, occurrences] in ISO. */
function slotsOf(occurrence: Partial<ServiceRequest>, from: string, to: string) {
  const resolution = resolveTiming(request(occurrence));
  if (resolution.kind !== 'resolved') throw new Error(`not resolved: ${resolution.kind}`);
  return resolution.slots(at(from), at(to)).map((s) => [iso(s.start), iso(s.end), s.occurrences]);
}

const repeat = (r: NonNullable<NonNullable<ServiceRequest['occurrenceTiming']>['repeat']>) => ({
  occurrenceTiming: { repeat: r },
});

describe('offsetMinutes', () => {
  it.each([
    ['2025-03-01T08:00:00+01:00', 60],
    ['2025-07-01T08:00:00+02:00', 120],
    ['2025-03-01T08:00:00-03:30', -210],
    ['2025-03-01T08:00:00+05:45', 345],
    ['2025-03-01T08:00:00Z', 0],
    ['2025-03-01', 0],
    // An offset must end the text: a date with a time-like suffix has none.
    ['2025-03-01T08:00:00+01:00 x', 0],
  ])('%s → %i', (text, minutes) => {
    expect(offsetMinutes(text)).toBe(minutes);
  });
});

describe('one-off regimes', () => {
  it('gives a dateTime slot only to a window that includes it', () => {
    const occurrence = { occurrenceDateTime: '2025-05-01T10:00:00Z' };
    expect(slotsOf(occurrence, '2025-05-01T10:00:00Z', '2025-05-01T10:00:00Z')).toHaveLength(1);
    expect(slotsOf(occurrence, '2025-05-01T09:00:00Z', '2025-05-01T09:59:59Z')).toEqual([]);
    expect(slotsOf(occurrence, '2025-05-01T10:00:01Z', '2025-05-02T00:00:00Z')).toEqual([]);
  });

  it('gives a period one slot from its start to its end, or to its start without an end', () => {
    expect(
      slotsOf(
        { occurrencePeriod: { start: '2025-05-01T00:00:00Z', end: '2025-05-03T00:00:00Z' } },
        '2025-05-03T00:00:00Z',
        '2025-06-01T00:00:00Z',
      ),
    ).toEqual([['2025-05-01T00:00:00.000Z', '2025-05-03T00:00:00.000Z', 1]]);
    expect(
      slotsOf(
        { occurrencePeriod: { start: '2025-05-01T00:00:00Z' } },
        '2025-04-01T00:00:00Z',
        '2025-06-01T00:00:00Z',
      ),
    ).toEqual([['2025-05-01T00:00:00.000Z', '2025-05-01T00:00:00.000Z', 1]]);
    expect(
      slotsOf(
        { occurrencePeriod: { start: '2025-05-01T00:00:00Z', end: '2025-05-03T00:00:00Z' } },
        '2025-05-03T00:00:01Z',
        '2025-06-01T00:00:00Z',
      ),
    ).toEqual([]);
  });

  it('calls a dateTime or a period start it cannot read unresolved', () => {
    expect(resolveTiming(request({ occurrenceDateTime: 'i morgen' })).kind).toBe('unresolved');
    expect(resolveTiming(request({ occurrencePeriod: { end: '2025-05-01' } })).kind).toBe(
      'unresolved',
    );
    expect(resolveTiming(request({ occurrencePeriod: { start: 'snart' } })).kind).toBe(
      'unresolved',
    );
  });

  it('gives a Timing of events one slot per readable event', () => {
    const occurrence = {
      occurrenceTiming: { event: ['2025-05-01T10:00:00Z', 'ikke en dato', '2025-05-03T10:00:00Z'] },
    };
    expect(slotsOf(occurrence, '2025-04-01T00:00:00Z', '2025-06-01T00:00:00Z')).toEqual([
      ['2025-05-01T10:00:00.000Z', '2025-05-01T10:00:00.000Z', 1],
      ['2025-05-03T10:00:00.000Z', '2025-05-03T10:00:00.000Z', 1],
    ]);
    expect(slotsOf(occurrence, '2025-05-02T00:00:00Z', '2025-06-01T00:00:00Z')).toHaveLength(1);
  });

  it('calls a Timing with only a code ad hoc, and one with nothing readable unresolved', () => {
    expect(
      resolveTiming(request({ occurrenceTiming: { code: { text: 'efter behov' } } })).kind,
    ).toBe('adhoc');
    expect(resolveTiming(request({ occurrenceTiming: { event: ['x'] } })).kind).toBe('unresolved');
    expect(resolveTiming(request({ occurrenceTiming: {} })).kind).toBe('unresolved');
  });
});

describe('repeating regimes', () => {
  const daily = { boundsPeriod: { start: '2025-03-01T00:00:00Z' }, frequency: 1, period: 1 };

  it.each([
    ['min', 15, '2025-03-01T00:15:00.000Z'],
    ['h', 6, '2025-03-01T06:00:00.000Z'],
    ['d', 2, '2025-03-03T00:00:00.000Z'],
    ['wk', 1, '2025-03-08T00:00:00.000Z'],
    ['mo', 1, '2025-04-01T00:00:00.000Z'],
    ['a', 1, '2026-03-01T00:00:00.000Z'],
  ] as const)('a period of %s × %i: the second window starts at %s', (unit, period, second) => {
    const slots = slotsOf(
      repeat({ ...daily, period, periodUnit: unit }),
      '2025-03-01T00:00:00Z',
      second,
    );
    expect(slots[0]?.[0]).toBe('2025-03-01T00:00:00.000Z');
    expect(slots[1]?.[0]).toBe(second);
    expect(slots[0]?.[1]).toBe(new Date(at(second) - 1).toISOString());
  });

  it('moves months and years by the calendar at the bounds offset, not by 30 or 365 days', () => {
    const monthly = repeat({
      boundsPeriod: { start: '2025-01-31T00:00:00+01:00' },
      frequency: 1,
      period: 1,
      periodUnit: 'mo',
    });
    // 31 January local → 3 March local (February has 28 days) → local midnight is 23:00 UTC.
    const slots = slotsOf(monthly, '2025-01-30T00:00:00Z', '2025-03-05T00:00:00Z');
    expect(slots.map((s) => s[0])).toEqual([
      '2025-01-30T23:00:00.000Z',
      '2025-03-02T23:00:00.000Z',
    ]);
    const yearly = repeat({
      boundsPeriod: { start: '2024-02-29T00:00:00Z' },
      frequency: 1,
      period: 1,
      periodUnit: 'a',
    });
    expect(
      slotsOf(yearly, '2024-01-01T00:00:00Z', '2025-03-02T00:00:00Z').map((s) => s[0]),
    ).toEqual(['2024-02-29T00:00:00.000Z', '2025-03-01T00:00:00.000Z']);
  });

  it('starts no window before the bounds start, and gives only windows that overlap [from, to]', () => {
    const regime = repeat({ ...daily, periodUnit: 'd', frequency: 3 });
    expect(slotsOf(regime, '2025-02-01T00:00:00Z', '2025-03-01T00:00:00Z')).toEqual([
      ['2025-03-01T00:00:00.000Z', '2025-03-01T23:59:59.999Z', 3],
    ]);
    expect(slotsOf(regime, '2025-02-01T00:00:00Z', '2025-02-28T23:59:59Z')).toEqual([]);
    // A window ending exactly at `from` overlaps it; one ending just before does not.
    expect(slotsOf(regime, '2025-03-10T23:59:59.999Z', '2025-03-10T23:59:59.999Z')).toEqual([
      ['2025-03-10T00:00:00.000Z', '2025-03-10T23:59:59.999Z', 3],
    ]);
    expect(slotsOf(regime, '2025-03-11T00:00:00Z', '2025-03-11T00:00:00Z')[0]?.[0]).toBe(
      '2025-03-11T00:00:00.000Z',
    );
  });

  it('finds the window far after the start without walking from it, for every period length', () => {
    for (const period of [1, 2, 3, 7]) {
      const regime = repeat({ ...daily, period, periodUnit: 'd' });
      const slots = slotsOf(regime, '2030-06-15T12:00:00Z', '2030-06-15T12:00:00Z');
      expect(slots).toHaveLength(1);
      const [start, end] = slots[0]!;
      expect(at(start as string)).toBeLessThanOrEqual(at('2030-06-15T12:00:00Z'));
      expect(at(end as string)).toBeGreaterThanOrEqual(at('2030-06-15T12:00:00Z'));
      expect(at(end as string) + 1 - at(start as string)).toBe(period * 86_400_000);
      expect((at(start as string) - at('2025-03-01T00:00:00Z')) % (period * 86_400_000)).toBe(0);
    }
  });

  it.each([
    ['no period unit', { ...daily }],
    ['an unknown period unit', { ...daily, periodUnit: 's' as const }],
    ['period 0', { ...daily, period: 0, periodUnit: 'd' as const }],
    ['a negative period', { ...daily, period: -1, periodUnit: 'd' as const }],
    ['no frequency', { boundsPeriod: daily.boundsPeriod, period: 1, periodUnit: 'd' as const }],
    [
      'a bounds start it cannot read',
      { ...daily, boundsPeriod: { start: 'x' }, periodUnit: 'd' as const },
    ],
    ['no bounds', { frequency: 1, period: 1, periodUnit: 'd' as const }],
  ])('calls a repeat with %s unresolved', (_case, r) => {
    expect(resolveTiming(request(repeat(r))).kind).toBe('unresolved');
  });

  it('does not run away on a tiny period over a long window', () => {
    const regime = repeat({ ...daily, period: 1, periodUnit: 'min' });
    expect(slotsOf(regime, '2025-03-01T00:00:00Z', '2026-03-01T00:00:00Z')).toHaveLength(20_000);
  });
});

describe('dayOfWeek regimes', () => {
  const weekly = (
    dayOfWeek: ('mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun')[],
    end?: string,
  ) =>
    repeat({
      boundsPeriod: { start: '2025-03-04T10:00:00+01:00', ...(end ? { end } : {}) },
      frequency: 2,
      dayOfWeek,
    });

  it('gives the first day from the bounds start, not its local midnight, and whole local days after', () => {
    // Tuesday 4 March 10:00 local; then Tuesday 11 March from local midnight.
    expect(slotsOf(weekly(['tue']), '2025-03-01T00:00:00Z', '2025-03-12T00:00:00Z')).toEqual([
      ['2025-03-04T09:00:00.000Z', '2025-03-04T22:59:59.999Z', 2],
      ['2025-03-10T23:00:00.000Z', '2025-03-11T22:59:59.999Z', 2],
    ]);
  });

  it('ends the last day at the bounds end and gives none after it', () => {
    const slots = slotsOf(
      weekly(['wed', 'thu'], '2025-03-06T12:00:00+01:00'),
      '2025-03-01T00:00:00Z',
      '2025-03-31T00:00:00Z',
    );
    expect(slots).toEqual([
      ['2025-03-04T23:00:00.000Z', '2025-03-05T22:59:59.999Z', 2],
      ['2025-03-05T23:00:00.000Z', '2025-03-06T11:00:00.000Z', 2],
    ]);
  });

  it('gives the day holding `from` when asked mid-day, and the day starting exactly at `to`', () => {
    const slots = slotsOf(weekly(['wed', 'thu']), '2025-03-05T12:00:00Z', '2025-03-05T23:00:00Z');
    expect(slots.map((s) => s[0])).toEqual([
      '2025-03-04T23:00:00.000Z',
      '2025-03-05T23:00:00.000Z',
    ]);
  });

  it('with an empty dayOfWeek falls back to the period, and without one is unresolved', () => {
    expect(
      resolveTiming(
        request(
          repeat({
            boundsPeriod: { start: '2025-03-04T10:00:00+01:00' },
            frequency: 1,
            dayOfWeek: [],
          }),
        ),
      ).kind,
    ).toBe('unresolved');
  });
});

describe('dayOfWeek regimes at their limits', () => {
  const everyDay = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
  const regime = (start: string, end?: string) =>
    repeat({
      boundsPeriod: { start, ...(end ? { end } : {}) },
      frequency: 1,
      dayOfWeek: [...everyDay],
    });

  it('calls one with a bounds start it cannot read unresolved', () => {
    expect(resolveTiming(request(regime('mandag'))).kind).toBe('unresolved');
  });

  it('gives nothing when the bounds end before they start, and one instant when they end as they start', () => {
    expect(
      slotsOf(
        regime('2025-03-04T10:00:00Z', '2025-03-04T09:00:00Z'),
        '2025-03-01T00:00:00Z',
        '2025-03-31T00:00:00Z',
      ),
    ).toEqual([]);
    expect(
      slotsOf(
        regime('2025-03-04T10:00:00Z', '2025-03-04T10:00:00Z'),
        '2025-03-01T00:00:00Z',
        '2025-03-31T00:00:00Z',
      ),
    ).toEqual([['2025-03-04T10:00:00.000Z', '2025-03-04T10:00:00.000Z', 1]]);
  });

  it('does not run away over a window of many decades', () => {
    const slots = slotsOf(
      regime('2000-01-01T00:00:00Z'),
      '2000-01-01T00:00:00Z',
      '2069-12-31T00:00:00Z',
    );
    expect(slots).toHaveLength(20_000);
  });
});

describe('slotAt', () => {
  it('has no slot for an ad hoc or unresolved regime', () => {
    expect(slotAt(resolveTiming(request({})), at('2025-03-01T00:00:00Z'))).toBeUndefined();
    expect(
      slotAt(resolveTiming(request({ occurrenceDateTime: 'x' })), at('2025-03-01T00:00:00Z')),
    ).toBeUndefined();
  });
});
