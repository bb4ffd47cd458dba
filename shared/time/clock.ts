/**
 * The one clock of the app and of the demo back end. Everything that asks
 * "what time is it" for a clinical decision (a join window, a paused plan
 * coming back, a default period, a warning window) takes a `Clock`, so tests
 * can move time instead of waiting for it.
 */
export interface Clock {
  /** Now, in epoch milliseconds. */
  now(): number;
}

/** The machine's own time. */
export const systemClock: Clock = Object.freeze({ now: () => Date.now() });

/** A clock that runs with the system clock, shifted by an offset a test (or the harness) may change. */
export interface AdjustableClock extends Clock {
  /** Jumps to `epochMs` and keeps running from there. */
  set(epochMs: number): void;
  /** Moves forward (or back, with a negative value) by `ms`. */
  advance(ms: number): void;
  /** The current offset from the system clock, in ms. */
  offset(): number;
}

export function adjustableClock(base: Clock = systemClock): AdjustableClock {
  let offsetMs = 0;
  return {
    now: () => base.now() + offsetMs,
    set: (epochMs) => {
      if (!Number.isFinite(epochMs)) throw new RangeError(`Not a time: ${String(epochMs)}`);
      offsetMs = epochMs - base.now();
    },
    advance: (ms) => {
      if (!Number.isFinite(ms)) throw new RangeError(`Not a duration: ${String(ms)}`);
      offsetMs += ms;
    },
    offset: () => offsetMs,
  };
}

/** A clock that stands still at `epochMs` until moved (unit tests). */
export function fixedClock(epochMs: number): AdjustableClock {
  const clock = adjustableClock({ now: () => 0 });
  clock.set(epochMs);
  return clock;
}
