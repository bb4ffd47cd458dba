import type { AppInfo, CacheUnlock, HealthCheck } from '../../shared/ipc/schemas.ts';
import { cacheUserKeyOf, type KeyStore } from '../keystore/key-store.ts';
import {
  AlreadySignedInError,
  UnknownPersonaError,
  type SessionManager,
} from '../session/session-manager.ts';
import { SettingsRefusedError, type SettingsStore } from '../settings/settings-store.ts';
import type { LaunchInbox } from '../launch/launch-inbox.ts';
import type { AppLog } from '../log/app-log.ts';
import { createErrorRate } from '../log/error-rate.ts';
import type { QuitGuard } from '../window/quit-guard.ts';
import { UserFacingError, type IpcCallContext, type IpcHandlers } from './dispatcher.ts';

/** What the handlers need from the process they run in: the Electron app or the web harness. */
export interface MainServices {
  readonly appInfo: AppInfo;
  readonly settings: SettingsStore;
  readonly sessions: SessionManager;
  /** The per-user data keys of the encrypted offline cache. */
  readonly keyStore: KeyStore;
  /** Milliseconds since an arbitrary origin; used for uptime. */
  readonly now: () => number;
  readonly startedAt: number;
  /** Further checks added by services that main depends on (the FHIR back end, …). */
  readonly healthChecks?: () => Promise<HealthCheck['checks']>;
  /** Asks a window with unsent entries before quitting or closing it (main/window/quit-guard.ts). */
  readonly quitGuard: QuitGuard;
  /** Context launches from practice systems, waiting for the signed-in page. */
  readonly launches: LaunchInbox;
  /** Main's log on disk (scrubbed); page errors are written to it too. */
  readonly appLog: Pick<AppLog, 'error' | 'recentErrors'>;
}

export function createHandlers(services: MainServices): IpcHandlers {
  const errorRate = createErrorRate();
  return {
    'app-info': () => Promise.resolve(services.appInfo),
    'settings-read': () => services.settings.read(),
    'settings-update': (change) =>
      services.settings.update(change).catch((error: unknown) => {
        if (error instanceof SettingsRefusedError)
          throw new UserFacingError(error.message, { reason: error.reason, cause: error });
        throw error;
      }),
    'session-personas': () => Promise.resolve(services.sessions.personas()),
    'session-sign-in': ({ personaId }) => {
      try {
        return Promise.resolve(services.sessions.signIn(personaId));
      } catch (error) {
        if (error instanceof UnknownPersonaError) {
          throw new UserFacingError(error.message, { reason: 'unknown-persona', cause: error });
        }
        if (error instanceof AlreadySignedInError) {
          throw new UserFacingError(error.message, { reason: 'signed-in', cause: error });
        }
        throw error;
      }
    },
    'session-current': () => Promise.resolve({ session: services.sessions.current() }),
    'session-sign-out': () => {
      services.sessions.signOut();
      return Promise.resolve({});
    },
    'cache-unlock': async () => {
      const userKey = signedInUserKey(services.sessions);
      const unlocked = await services.keyStore.unlock(userKey).catch((error: unknown) => {
        // Keyring refused, folder unwritable, …: details go to main's log, the page gets a reason.
        throw new UserFacingError(
          'The key for the offline cache could not be read or stored. Details are in the log.',
          { reason: 'cache-key-unavailable', cause: error },
        );
      });
      try {
        const answer: CacheUnlock = {
          key: Buffer.from(unlocked.key).toString('base64'),
          keyId: unlocked.keyId,
          persistent: unlocked.persistent,
          backend: unlocked.backend,
          replaced: unlocked.replaced?.reason ?? null,
        };
        return answer;
      } finally {
        // Main keeps no copy of a key it has handed over (the store returns a fresh one each time).
        unlocked.key.fill(0);
      }
    },
    'cache-forget': async () => {
      await services.keyStore.forget(signedInUserKey(services.sessions));
      return {};
    },
    'outbox-unsent': ({ count }, context) => {
      services.quitGuard.reportUnsent(callingWindow(context), count);
      return Promise.resolve({});
    },
    // A launch waits for a sign-in: only a signed-in page may take it.
    'launch-take': () =>
      Promise.resolve({
        launch: services.sessions.current() ? services.launches.take() : null,
      }),
    'log-renderer-error': ({ message, source }, context) => {
      const windowId = callingWindow(context);
      const { write, droppedBefore } = errorRate.admit(windowId);
      if (droppedBefore > 0)
        services.appLog.error(
          `renderer (window ${windowId}): ${droppedBefore} more errors dropped`,
        );
      if (write)
        services.appLog.error(
          `renderer (window ${windowId}): ${message}${source ? ` at ${source}` : ''}`,
        );
      return Promise.resolve({});
    },
    'diagnostics-read': async () => ({
      appInfo: services.appInfo,
      settings: await services.settings.read(),
      recentErrors: [...services.appLog.recentErrors()],
    }),
    'quit-answer': ({ requestId, answer }, context) => {
      services.quitGuard.answer(callingWindow(context), requestId, answer);
      return Promise.resolve({});
    },
    'health-check': async () => {
      const settingsCheck = await services.settings
        .read()
        .then(({ problems }) => ({
          name: 'settings',
          // A bad entry is skipped, not fatal: the settings page names it.
          ok: true,
          detail:
            problems.length === 0 ? 'readable' : `readable; ${problems.length} entries skipped`,
        }))
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

/** Whose cache key a call is about: only ever the signed-in user's, never one the page names. */
function signedInUserKey(sessions: SessionManager): string {
  const session = sessions.current();
  if (!session)
    throw new UserFacingError('Nobody is signed in, so there is no cache to open.', {
      reason: 'not-signed-in',
    });
  return cacheUserKeyOf(session);
}

/** The window a call about its own outbox or quit question came from; refused when main cannot tell. */
function callingWindow(context: IpcCallContext): number {
  if (context.contentsId === null)
    throw new UserFacingError('This call must come from an app window.', { reason: 'no-window' });
  return context.contentsId;
}
