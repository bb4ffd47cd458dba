import { join } from 'node:path';
import type { AppInfo } from '../shared/ipc/schemas.ts';
import { createIpcDispatcher, type IpcDispatch } from './ipc/dispatcher.ts';
import { createHandlers, type MainServices } from './ipc/handlers.ts';
import { createSessionManager, type PersonaDirectory } from './session/session-manager.ts';
import { createSettingsStore } from './settings/settings-store.ts';

export interface MainRuntimeOptions {
  readonly appInfo: AppInfo;
  /** The origin IPC callers must be on: `app://workbench` in Electron, the harness's loopback origin in the browser. */
  readonly appOrigin: string;
  readonly userDataDir: string;
  readonly log: (message: string) => void;
  /** Demo personas (from the demo back end's dataset); omitted where none exist. */
  readonly personas?: PersonaDirectory;
}

export interface MainRuntime {
  readonly dispatch: IpcDispatch;
  readonly services: MainServices;
}

/**
 * The main-process services and their IPC dispatcher, built the same way for
 * the Electron app and for the web harness; only the transport differs.
 */
export function createMainRuntime(options: MainRuntimeOptions): MainRuntime {
  const startedAt = performance.now();
  const services: MainServices = {
    appInfo: options.appInfo,
    settings: createSettingsStore(join(options.userDataDir, 'settings.json'), options.log),
    sessions: createSessionManager(options.personas ?? (() => [])),
    now: () => performance.now(),
    startedAt,
  };
  const dispatch = createIpcDispatcher(createHandlers(services), {
    appOrigin: options.appOrigin,
    reportFailure: (channel, error) =>
      options.log(`${channel} failed: ${error instanceof Error ? error.message : String(error)}`),
  });
  return { dispatch, services };
}
