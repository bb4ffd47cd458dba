import { existsSync, readFileSync } from 'node:fs';
import type { Logger } from 'electron-updater';
import { installationOf } from './installation.ts';
import { describeUpdatePlan, updatePlan, type UpdatePlan } from './update-plan.ts';

/** The part of electron-updater's `autoUpdater` this module uses (a fake in tests). */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  disableWebInstaller: boolean;
  logger: Logger | null;
  setFeedURL(options: { readonly provider: 'generic'; readonly url: string }): void;
  checkForUpdates(): Promise<{ readonly downloadPromise?: Promise<unknown> | null } | null>;
}

/**
 * Loaded only when the plan is to check: with updates off, electron-updater is never loaded.
 * It is CommonJS and `autoUpdater` is a getter Node's ESM loader cannot see as a named export,
 * so it is read from the default export. Reading it creates the platform's updater.
 */
async function loadElectronUpdater(): Promise<Updater> {
  const { default: electronUpdater } = await import('electron-updater');
  return electronUpdater.autoUpdater;
}

/** This process's plan: the machine setting, whether it is packaged, how it was installed. */
export function thisAppUpdatePlan(updateUrl: unknown, isPackaged: boolean): UpdatePlan {
  const installation = installationOf({
    platform: process.platform,
    execPath: process.execPath,
    // Electron sets it; plain Node (unit tests) does not.
    resourcesPath: process.resourcesPath ?? '',
    appImage: process.env.APPIMAGE,
    exists: existsSync,
    readText: (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return null;
      }
    },
  });
  return updatePlan({ updateUrl, isPackaged, installation });
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Starts the plan: for `check`, electron-updater's generic provider at the plan's URL, a first
 * check after start-up and then one every few hours, each found update downloaded in the
 * background and installed silently when the app quits (never `quitAndInstall`, never a restart
 * under a clinician's hands, and not relaunched after that quit). Every failure (offline, 404, a
 * bad download) goes to the log only. Returns a function that stops the checks.
 *
 * The feed set here is the whole provider: electron-updater then never reads the provider from
 * resources/app-update.yml. It still reads that file for its download cache folder (and, on
 * Windows, the publisher to check the installer's signature against), so the build writes it
 * (`publish` in electron-builder.yml); without it a check works but every download fails.
 */
export function startAutoUpdate(
  plan: UpdatePlan,
  log: (message: string) => void,
  loadUpdater: () => Promise<Updater> = loadElectronUpdater,
): () => void {
  log(describeUpdatePlan(plan));
  if (plan.kind === 'off') return () => undefined;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const checkThenWait = async (updater: Updater) => {
    try {
      const result = await updater.checkForUpdates();
      await result?.downloadPromise;
    } catch (error) {
      log(`update: check or download failed: ${messageOf(error)}`);
    }
    // The next check waits for this one's download: never two at once.
    if (!stopped) timer = setTimeout(() => void checkThenWait(updater), plan.checkEveryMs);
  };
  void loadUpdater()
    .then((updater) => {
      if (stopped) return;
      updater.logger = {
        info: (message: unknown) => log(`update: ${String(message)}`),
        warn: (message: unknown) => log(`update: ${String(message)}`),
        error: (message: unknown) => log(`update: ${String(message)}`),
      };
      updater.autoDownload = true;
      updater.autoInstallOnAppQuit = true;
      // No web installer is built; refuse one a feed might name.
      updater.disableWebInstaller = true;
      updater.setFeedURL(plan.feed);
      timer = setTimeout(() => void checkThenWait(updater), plan.firstCheckAfterMs);
    })
    .catch((error: unknown) => log(`update: automatic updates unavailable: ${messageOf(error)}`));
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
