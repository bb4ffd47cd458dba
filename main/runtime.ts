import { join } from 'node:path';
import type { AppInfo } from '../shared/ipc/schemas.ts';
import { createIpcDispatcher, type IpcDispatch } from './ipc/dispatcher.ts';
import { createHandlers, type MainServices } from './ipc/handlers.ts';
import { createBackendState, type BackendState } from './backend/backend-state.ts';
import { createFhirGateway, type FhirGateway } from './fhir-gateway/fhir-gateway.ts';
import { createSessionManager } from './session/session-manager.ts';
import { createSettingsStore } from './settings/settings-store.ts';

export interface MainRuntimeOptions {
  readonly appInfo: AppInfo;
  /** The origin IPC callers must be on: `app://workbench` in Electron, the harness's loopback origin in the browser. */
  readonly appOrigin: string;
  readonly userDataDir: string;
  readonly log: (message: string) => void;
  /** Where the FHIR back end stands; the caller starts the demo back end or configures a server. */
  readonly backend?: BackendState;
}

export interface MainRuntime {
  readonly dispatch: IpcDispatch;
  readonly services: MainServices;
  readonly backend: BackendState;
  /** The renderer's only path to FHIR; served at `/fhir` on the app's origin. */
  readonly gateway: FhirGateway;
}

/**
 * The main-process services and their IPC dispatcher, built the same way for
 * the Electron app and for the web harness; only the transport differs.
 */
export function createMainRuntime(options: MainRuntimeOptions): MainRuntime {
  const startedAt = performance.now();
  const backend = options.backend ?? createBackendState();
  const gateway = createFhirGateway({ serviceMap: () => backend.serviceMap(), log: options.log });
  const services: MainServices = {
    appInfo: options.appInfo,
    settings: createSettingsStore(join(options.userDataDir, 'settings.json'), options.log),
    sessions: createSessionManager(
      () => backend.personas(),
      () => new Date(),
      () => {
        const status = backend.status();
        return status.kind === 'failed' ? status.message : null;
      },
    ),
    healthChecks: () => Promise.resolve([fhirHealth(backend, gateway)]),
    now: () => performance.now(),
    startedAt,
  };
  const dispatch = createIpcDispatcher(createHandlers(services), {
    appOrigin: options.appOrigin,
    reportFailure: (channel, error) =>
      options.log(`${channel} failed: ${error instanceof Error ? error.message : String(error)}`),
  });
  return { dispatch, services, backend, gateway };
}

function fhirHealth(
  backend: BackendState,
  gateway: FhirGateway,
): { name: string; ok: boolean; detail: string } {
  const status = backend.status();
  switch (status.kind) {
    case 'starting':
      return { name: 'fhir', ok: false, detail: 'starting' };
    case 'failed':
      return { name: 'fhir', ok: false, detail: status.message.slice(0, 400) };
    case 'ready':
      return gateway.reachable
        ? { name: 'fhir', ok: true, detail: `${status.source} back end at ${status.origin}` }
        : { name: 'fhir', ok: false, detail: 'cut off (offline)' };
  }
}
