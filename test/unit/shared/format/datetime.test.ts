import { describe, expect, it } from 'vitest';
import {
  copenhagenDate,
  copenhagenParts,
  formatDate,
  formatDateTime,
  formatFhirDate,
  formatTime,
} from '../../../../shared/format/datetime.ts';

describe('Danish clinical date and time formats', () => {
  it('shows dd.mm.yyyy and a 24-hour clock in Danish time, whatever the machine zone', () => {
    // CI runs in UTC: 13:05 UTC in November is 14:05 in Copenhagen.
    expect(formatDate('2026-11-26T13:05:00Z')).toBe('26.11.2026');
    expect(formatTime('2026-11-26T13:05:00Z')).toBe('14:05');
    expect(formatDateTime('2026-11-26T23:30:00Z')).toBe('27.11.2026 00:30');
  });

  it('follows the spring daylight-saving change (02:00 → 03:00 on 29 March 2026)', () => {
    expect(formatDateTime('2026-03-29T00:59:00Z')).toBe('29.03.2026 01:59');
    expect(formatDateTime('2026-03-29T01:00:00Z')).toBe('29.03.2026 03:00');
  });

  it('follows the autumn change, where 02:30 happens twice (25 October 2026)', () => {
    expect(formatDateTime('2026-10-25T00:30:00Z')).toBe('25.10.2026 02:30');
    expect(formatDateTime('2026-10-25T01:30:00Z')).toBe('25.10.2026 02:30');
    expect(formatDateTime('2026-10-25T02:30:00Z')).toBe('25.10.2026 03:30');
  });

  it('uses 00–23 hours, never 24 or AM/PM', () => {
    expect(formatTime('2026-06-30T22:00:00Z')).toBe('00:00');
    expect(formatTime('2026-06-30T11:00:00Z')).toBe('13:00');
  });

  it('respects an offset written in the timestamp', () => {
    expect(formatDateTime('2026-07-01T08:15:00+02:00')).toBe('01.07.2026 08:15');
  });

  it('gives an empty string for an invalid instant rather than "Invalid Date"', () => {
    expect(formatDate('not a date')).toBe('');
    expect(formatTime(Number.NaN)).toBe('');
  });

  it('shows FHIR calendar dates as written, without shifting through a time zone', () => {
    expect(formatFhirDate('1948-03-01')).toBe('01.03.1948');
    expect(formatFhirDate('1948-03')).toBe('03.1948');
    expect(formatFhirDate('1948')).toBe('1948');
    expect(formatFhirDate('01-03-1948')).toBe('');
  });
});

describe('copenhagenParts', () => {
  it('answers every instant as Intl does, also once its memo has been filled and emptied', () => {
    const reference = new Intl.DateTimeFormat('da-DK', {
      timeZone: 'Europe/Copenhagen',
      dateStyle: 'short',
      timeStyle: 'short',
      hourCycle: 'h23',
    });
    const expected = (ms: number) => {
      const p = Object.fromEntries(reference.formatToParts(ms).map((x) => [x.type, x.value]));
      return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}`;
    };
    // Every 37 minutes over a year (both daylight-saving changes), twice: ~28,000 instants,
    // more than the memo holds, and each asked a second time after it may have been dropped.
    const start = Date.parse('2026-01-01T00:00:00Z');
    const instants = Array.from({ length: 14_200 }, (_, i) => start + i * 37 * 60_000);
    for (const round of [1, 2])
      for (const ms of instants) expect(formatDateTime(ms), `round ${round}`).toBe(expected(ms));
    const parts = copenhagenParts(start);
    expect(Object.isFrozen(parts)).toBe(true);
    expect(copenhagenParts('not a time')).toBeNull();
  });
});

describe('copenhagenDate', () => {
  it('is the Danish calendar date, which differs from UTC around midnight', () => {
    expect(copenhagenDate('2026-11-26T22:59:59Z')).toBe('2026-11-26');
    expect(copenhagenDate('2026-11-26T23:00:00Z')).toBe('2026-11-27');
    expect(copenhagenDate('2026-06-30T22:00:00Z')).toBe('2026-07-01');
    expect(copenhagenDate('garbage')).toBe('');
  });
});
