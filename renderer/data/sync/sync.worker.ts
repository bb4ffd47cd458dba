import { attachSyncWorker } from './sync-worker-main.ts';

/**
 * The dedicated module worker that syncs the offline cache (docs/adr/0003).
 * Started by sync-controller.ts with
 * `new Worker(new URL('./sync.worker.ts', import.meta.url), { type: 'module' })`.
 */
// The worker's global scope is its message endpoint (typed here with the DOM lib's globalThis).
attachSyncWorker(globalThis);
