import { describe, expect, it } from 'vitest';
import { adjustableClock, fixedClock } from '../../../../shared/time/clock.ts';

describe('clock', () => {
  it('a fixed clock stands still until moved', () => {
    const clock = fixedClock(Date.UTC(2026, 11, 7, 12));
    expect(clock.now()).toBe(Date.UTC(2026, 11, 7, 12));
    clock.advance(15 * 60_000);
    expect(clock.now()).toBe(Date.UTC(2026, 11, 7, 12, 15));
    clock.set(Date.UTC(2027, 0, 1));
    expect(clock.now()).toBe(Date.UTC(2027, 0, 1));
  });

  it('an adjustable clock runs with its base, shifted', () => {
    let base = 1_000;
    const clock = adjustableClock({ now: () => base });
    clock.advance(500);
    base = 2_000;
    expect(clock.now()).toBe(2_500);
    expect(clock.offset()).toBe(500);
    clock.set(10_000);
    base = 3_000;
    expect(clock.now()).toBe(11_000);
  });

  it('refuses a time or duration that is not a number', () => {
    const clock = fixedClock(0);
    expect(() => clock.set(Number.NaN)).toThrow(RangeError);
    expect(() => clock.advance(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
