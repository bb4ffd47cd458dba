import { join } from 'node:path';
import type { AppInfo } from '../shared/ipc/schemas.ts';
import { createIpcDispatcher, type IpcDispatch } from './ipc/dispatcher.ts';
import { createHandlers, type MainServices } from './ipc/handlers.ts';
import { createBackendState, type BackendState } from './backend/backend-state.ts';
import { createFhirGateway, type FhirGateway } from './fhir-gateway/fhir-gateway.ts';
import type { KeyStore } from './keystore/key-store.ts';
import { createMemoryKeyStore } from './keystore/memory-key-store.ts';
import { createSessionManager } from './session/session-manager.ts';
import { roleAllows } from '../shared/domain/roles.ts';
import { createSettingsStore } from './settings/settings-store.ts';
import type { MachineSettingsPaths } from './settings/settings-paths.ts';
import { createLaunchInbox, type LaunchInbox } from './launch/launch-inbox.ts';
import type { AppLog } from './log/app-log.ts';
import { createQuitGuard } from './window/quit-guard.ts';

export interface MainRuntimeOptions {
  readonly appInfo: AppInfo;
  /** The origin IPC callers must be on: `app://workbench` in Electron, the harness's loopback origin in the browser. */
  readonly appOrigin: string;
  readonly userDataDir: string;
  readonly log: (message: string) => void;
  /** Where the FHIR back end stands; the caller starts the demo back end or configures a server. */
  readonly backend?: BackendState;
  /**
   * Where the cache's per-user data keys are kept: Electron passes the
   * `safeStorage` store (main/keystore/electron-key-store.ts), the web harness
   * its harness-only store. Without one, keys live in memory for the run and
   * the renderer is told not to persist the cache.
   */
  readonly keyStore?: KeyStore;
  /** Context launches; Electron makes it before `ready`, as the first launch arrives with the process. */
  readonly launches?: LaunchInbox;
  /** Main's log on disk; without one (unit tests), errors go to `log` and none are kept. */
  readonly appLog?: Pick<AppLog, 'error' | 'recentErrors'>;
  /**
   * The machine-wide settings files (main/settings/settings-paths.ts); without
   * them (unit tests) only the built-in defaults and the user's file count.
   */
  readonly machineSettings?: MachineSettingsPaths;
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
  const keyStore = options.keyStore ?? createMemoryKeyStore();
  const sessions = createSessionManager(
    () => backend.personas(),
    () => new Date(),
    () => {
      const status = backend.status();
      return status.kind === 'failed' ? status.message : null;
    },
  );
  const gateway = createFhirGateway({
    serviceMap: () => backend.serviceMap(),
    log: options.log,
    // Main refuses a write no role of the user allows (the server refuses it too).
    mayWrite: (action) =>
      (sessions.current()?.persona.careTeams ?? []).some((team) => roleAllows(team.role, action)),
  });
  const services: MainServices = {
    appInfo: options.appInfo,
    settings: createSettingsStore(
      {
        administrator: options.machineSettings?.administrator ?? null,
        machine: options.machineSettings?.machine ?? null,
        user: join(options.userDataDir, 'settings.json'),
      },
      options.log,
    ),
    sessions,
    keyStore,
    healthChecks: async () => [fhirHealth(backend, gateway), await cacheKeyHealth(keyStore)],
    now: () => performance.now(),
    startedAt,
    // Asks nothing until a host is attached (Electron's windows in main/index.ts, the harness's page).
    quitGuard: createQuitGuard(),
    launches: options.launches ?? createLaunchInbox(options.log),
    appLog: options.appLog ?? { error: options.log, recentErrors: () => [] },
  };
  const dispatch = createIpcDispatcher(createHandlers(services), {
    appOrigin: options.appOrigin,
    reportFailure: (channel, error) =>
      options.log(`${channel} failed: ${error instanceof Error ? error.message : String(error)}`),
  });
  return { dispatch, services, backend, gateway };
}

/** Memory-only keys are a working mode, not a fault: the check says so rather than failing. */
async function cacheKeyHealth(
  keyStore: KeyStore,
): Promise<{ name: string; ok: boolean; detail: string }> {
  try {
    const { backend, persistent } = await keyStore.status();
    return {
      name: 'cache-keys',
      ok: true,
      detail: persistent ? `kept by ${backend}` : `${backend}: in memory for this run only`,
    };
  } catch (error) {
    return { name: 'cache-keys', ok: false, detail: String(error).slice(0, 200) };
  }
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
