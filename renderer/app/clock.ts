import { systemClock, type Clock } from '../../shared/time/clock.ts';

/**
 * The app's one notion of "now" (docs/adr/0004-time.md): views and data
 * sources that need the current time get it from here, or from a `now`
 * parameter filled from here, never from `Date` directly. It reads the
 * page's `Date`, so an end-to-end test moves it with Playwright's
 * `page.clock`; unit tests pass a `fixedClock` where a `now` is taken.
 */
export const appClock: Clock = systemClock;

/** Now as a `Date`, for the data layer's `now` parameters. */
export function appNow(): Date {
  return new Date(appClock.now());
}
