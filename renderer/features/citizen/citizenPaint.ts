import { useLayoutEffect, useRef } from 'react';

/** The performance mark benchmarks and tests wait for: banner, latest values and charts painted. */
export const CITIZEN_RENDERED_MARK = 'citizen-rendered';

/**
 * Marks `citizen-rendered` once per citizen, after the first paint that
 * shows the citizen's data: a layout effect runs right after React commits,
 * before the browser paints (a plain effect may run only after that paint,
 * and the mark would then wait a frame longer than the user does); the
 * animation frame comes before the paint, and the task after it runs once
 * that paint is done. Also sets `data-citizen-rendered` on the document
 * element to the number of citizens painted, for tests to wait on.
 */
export function useCitizenRenderedMark(patientId: string, ready: boolean): void {
  const marked = useRef<string | null>(null);
  useLayoutEffect(() => {
    if (!ready || marked.current === patientId) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        if (cancelled) return;
        // Noted only once marked: an effect cleaned up before its paint (StrictMode) marks again.
        marked.current = patientId;
        performance.mark(CITIZEN_RENDERED_MARK);
        const root = document.documentElement;
        root.dataset.citizenRendered = String(Number(root.dataset.citizenRendered ?? '0') + 1);
      }, 0);
    });
    return () => {
      cancelled = true;
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [patientId, ready]);
}
