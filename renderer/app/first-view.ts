import type { Session } from '../../shared/ipc/schemas.ts';
import type { SourceRequest } from '../data/prefetch.ts';
import { caseloadRequest } from '../features/caseload/queries.ts';
import { CITIZEN_RENDERED_MARK } from '../features/citizen/citizenPaint.ts';
import { appNow } from './clock.ts';

/** The marks a page sets once its data is on screen (the caseload's rows, the citizen view). */
export const VIEW_RENDERED_MARKS: readonly string[] = ['caseload-rendered', CITIZEN_RENDERED_MARK];

/** How long background work waits for the first view at most (a page without such a mark). */
export const FIRST_VIEW_MAX_WAIT_MS = 2500;

/**
 * Resolves once the first view the user opened has painted its data, or
 * after `maxWaitMs`, whichever comes first; never when `signal` aborts
 * first. Background work that competes for the CPU and the back end (the
 * first sync after start-up) waits on it: what the user asked for comes first.
 */
export function firstViewPainted(
  signal: AbortSignal,
  maxWaitMs: number = FIRST_VIEW_MAX_WAIT_MS,
): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) return;
    let observer: PerformanceObserver | null = null;
    const done = () => {
      clearTimeout(timer);
      observer?.disconnect();
      signal.removeEventListener('abort', cancel);
    };
    const cancel = () => done();
    const timer = setTimeout(() => {
      done();
      resolve();
    }, maxWaitMs);
    signal.addEventListener('abort', cancel, { once: true });
    const painted = (names: readonly string[]) =>
      names.some((n) => VIEW_RENDERED_MARKS.includes(n));
    if (painted(performance.getEntriesByType('mark').map((entry) => entry.name))) {
      done();
      resolve();
      return;
    }
    observer = new PerformanceObserver((list) => {
      if (!painted(list.getEntries().map((entry) => entry.name))) return;
      done();
      resolve();
    });
    observer.observe({ type: 'mark' });
  });
}

/**
 * The query of the view a signed-in user lands on, given the location's
 * hash when their session starts: the caseload (at the root, on it, or
 * just signed in); null for any other view, which asks for itself. It is
 * started while the view's code loads (`OfflineProvider`).
 */
export function firstViewRequest(
  session: Session | null,
  hash: string = window.location.hash,
): SourceRequest<unknown> | null {
  if (/^#?\/?(caseload|sign-in)?(\?.*)?$/.test(hash)) return caseloadRequest(session, appNow);
  return null;
}
