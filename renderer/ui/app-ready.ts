/**
 * The signal tests and benchmarks wait for: the shell has rendered with main's
 * answers in hand. A performance mark records when.
 */
export function markAppReady(doc: Document = document): void {
  if (doc.documentElement.dataset.appReady === 'true') return;
  performance.mark('app-ready');
  doc.documentElement.dataset.appReady = 'true';
}

/** Set instead of ready when start-up failed, so a test fails fast with the reason on screen. */
export function markAppFailed(doc: Document = document): void {
  doc.documentElement.dataset.appReady = 'failed';
}
