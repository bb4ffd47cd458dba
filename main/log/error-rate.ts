/**
 * How many page errors main writes per window: a page stuck in a render loop
 * throws thousands a second, and the log must not fill (and rotate away
 * what came before) because of one. Per window, per minute from its first
 * error in that minute; what is dropped is counted and said once the minute
 * is over.
 */
export function createErrorRate(limit = 30, windowMs = 60_000, now: () => number = Date.now) {
  const windows = new Map<number, { start: number; written: number; dropped: number }>();
  return {
    /** Whether to write this error; `droppedBefore` > 0: say that many were dropped first. */
    admit(windowId: number): { readonly write: boolean; readonly droppedBefore: number } {
      const time = now();
      let state = windows.get(windowId);
      let droppedBefore = 0;
      if (!state || time - state.start >= windowMs) {
        droppedBefore = state?.dropped ?? 0;
        state = { start: time, written: 0, dropped: 0 };
        windows.set(windowId, state);
      }
      if (state.written >= limit) {
        state.dropped += 1;
        return { write: false, droppedBefore };
      }
      state.written += 1;
      return { write: true, droppedBefore };
    },
  };
}
