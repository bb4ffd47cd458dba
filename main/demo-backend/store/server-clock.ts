import { systemClock, type Clock } from '../../../shared/time/clock.ts';

/**
 * Server time for `meta.lastUpdated`, strictly increasing across writes, so a
 * `_lastUpdated` checkpoint taken from a search answer (`Bundle.meta.lastUpdated`,
 * from `readMark`) never hides a later write: every write after the mark is
 * stamped after it, even within the same millisecond.
 */
export class ServerClock {
  #last = 0;
  readonly #clock: Clock;

  constructor(clock: Clock = systemClock) {
    this.#clock = clock;
  }

  /** The wall clock's time, for times that need no ordering (e.g. `Provenance.recorded`). */
  now(): number {
    return this.#clock.now();
  }

  /** A fresh write time, later than every earlier stamp and mark. */
  stamp(): number {
    this.#last = Math.max(this.#clock.now(), this.#last + 1);
    return this.#last;
  }

  /** The time a read happened; later writes are stamped after it. */
  readMark(): number {
    this.#last = Math.max(this.#clock.now(), this.#last);
    return this.#last;
  }

  /** Makes later stamps follow `time` (seeded resources may carry their own times). */
  advanceTo(time: number): void {
    this.#last = Math.max(this.#last, time);
  }
}
