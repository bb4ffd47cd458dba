import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../../main/demo-backend/generator/random.ts';
import { createDataCalendar, isoInstant } from '../../../../../main/demo-backend/generator/time.ts';

describe('the generator’s calendar', () => {
  it('puts now at 08:00 Danish time on the anchor, across summer time', () => {
    expect(isoInstant(createDataCalendar('2026-03-10').now)).toBe('2026-03-10T07:00:00Z');
    expect(isoInstant(createDataCalendar('2026-07-01').now)).toBe('2026-07-01T06:00:00Z');
  });

  it('counts days in local time across the spring change (29 March 2026)', () => {
    const calendar = createDataCalendar('2026-03-30');
    expect(isoInstant(calendar.at(-1, 9))).toBe('2026-03-29T07:00:00Z');
    expect(isoInstant(calendar.at(-2, 9))).toBe('2026-03-28T08:00:00Z');
    expect(calendar.weekday(0)).toBe(0);
    expect(calendar.weekday(-1)).toBe(6);
  });

  it('refuses an anchor that is not a calendar date', () => {
    expect(() => createDataCalendar('2026-13-01')).toThrow();
    expect(() => createDataCalendar('10-03-2026')).toThrow();
  });
});

describe('the seeded random streams', () => {
  it('repeat for the same seed and labels and differ otherwise', () => {
    const draw = (seed: number, label: string) =>
      Array.from({ length: 5 }, createRng(seed, label).next);
    expect(draw(1, 'a')).toEqual(draw(1, 'a'));
    expect(draw(1, 'a')).not.toEqual(draw(1, 'b'));
    expect(draw(1, 'a')).not.toEqual(draw(2, 'a'));
  });

  it('forks are independent of how much the parent has drawn', () => {
    const a = createRng(5);
    const b = createRng(5);
    for (let i = 0; i < 10; i++) b.next();
    expect(a.fork('citizen', 3).uuid()).toBe(b.fork('citizen', 3).uuid());
  });

  it('makes version-4 UUIDs and stays in range', () => {
    const rng = createRng(9);
    for (let i = 0; i < 1000; i++) {
      expect(rng.uuid()).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      const n = rng.int(3, 7);
      expect(n >= 3 && n <= 7 && Number.isInteger(n)).toBe(true);
      const x = rng.normal(10, 2);
      expect(x >= 4 && x <= 16).toBe(true);
    }
  });
});
