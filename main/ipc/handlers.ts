import type { AppInfo, HealthCheck } from '../../shared/ipc/schemas.ts';
import { UnknownPersonaError, type SessionManager } from '../session/session-manager.ts';
import type { SettingsStore } from '../settings/settings-store.ts';
import { UserFacingError, type IpcHandlers } from './dispatcher.ts';

/** What the handlers need from the process they run in: the Electron app or the web harness. */
export interface MainServices {
  readonly appInfo: AppInfo;
  readonly settings: SettingsStore;
  readonly sessions: SessionManager;
  /** Milliseconds since an arbitrary origin; used for uptime. */
  readonly now: () => number;
  readonly startedAt: number;
  /** Further checks added by services that main depends on (the FHIR back end, …). */
  readonly healthChecks?: () => Promise<HealthCheck['checks']>;
}

export function createHandlers(services: MainServices): IpcHandlers {
  return {
    'app-info': () => Promise.resolve(services.appInfo),
    'settings-read': () => services.settings.read(),
    'settings-update': (change) => services.settings.update(change),
    'session-personas': () => Promise.resolve(services.sessions.personas()),
    'session-sign-in': ({ personaId }) => {
      try {
        return Promise.resolve(services.sessions.signIn(personaId));
      } catch (error) {
        if (error instanceof UnknownPersonaError) {
          throw new UserFacingError(error.message, { reason: 'unknown-persona', cause: error });
        }
        throw error;
      }
    },
    'session-current': () => Promise.resolve({ session: services.sessions.current() }),
    'session-sign-out': () => {
      services.sessions.signOut();
      return Promise.resolve({});
    },
    'health-check': async () => {
      const settingsCheck = await services.settings
        .read()
        .then(() => ({ name: 'settings', ok: true, detail: 'readable' }))
        .catch((error: unknown) => ({
          name: 'settings',
          ok: false,
          detail: String(error).slice(0, 200),
        }));
      const checks = [settingsCheck, ...((await services.healthChecks?.()) ?? [])];
      return {
        status: checks.every((check) => check.ok) ? 'ok' : 'degraded',
        uptimeSeconds: Math.max(0, (services.now() - services.startedAt) / 1000),
        checks,
      };
    },
  };
}
