import { app } from 'electron';
import { join } from 'node:path';
import { copenhagenDate } from '../../shared/format/datetime.ts';
import type { MainRuntime } from '../runtime.ts';
import { launchDemoBackend } from './demo-backend-launcher.ts';
import { loadFutRouting } from './fut-routing.ts';
import { forkUtilityBackend } from './utility-child.ts';

/** The demo data's seed: same seed, same citizens on every start. */
const DEMO_SEED = 20260310;

/** Where the FUT IG's JSON is: beside the app when packaged, in the repository in development. */
function igDirectory(): string {
  return app.isPackaged
    ? join(process.resourcesPath, 'fut-ig')
    : join(app.getAppPath(), 'resources/fut-ig');
}

/**
 * Starts the FHIR back end main talks to and points the gateway at it once it
 * answers. No FHIR server can be configured yet, so this is always the
 * embedded demo back end, in a utility process. The window opens at once; the
 * sign-in screen says the demo server is starting.
 */
export function startFhirBackend(runtime: MainRuntime, log: (message: string) => void): void {
  const directory = igDirectory();
  Promise.all([
    launchDemoBackend(forkUtilityBackend(join(import.meta.dirname, 'demo-backend.js')), {
      dataset: { seed: DEMO_SEED, anchor: copenhagenDate(new Date()) },
      igDirectory: directory,
      log,
    }),
    loadFutRouting(directory),
  ])
    .then(([running, routing]) => {
      runtime.backend.ready(
        'demo',
        running.origin,
        { services: running.serviceBaseUrls, ...routing },
        running.personas,
      );
      app.once('will-quit', () => void running.stop());
    })
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      log(`demo back end failed: ${message}`);
      runtime.backend.failed(message);
    });
}
