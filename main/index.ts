import { app, ipcMain, session, shell } from 'electron';
import { join } from 'node:path';
import { APP_ORIGIN, APP_PARTITION } from './app-origin.ts';
import { registerIpc } from './ipc/register-ipc.ts';
import { createElectronKeyStore } from './keystore/electron-key-store.ts';
import { handleAppProtocol, registerAppScheme } from './protocol/register-app-protocol.ts';
import {
  installPermissionHandlers,
  installWebContentsHook,
} from './security/install-security-hooks.ts';
import { startFhirBackend } from './backend/start-fhir-backend.ts';
import { createMainRuntime } from './runtime.ts';
import { createWindow } from './window/create-window.ts';
import { installQuitGuard } from './window/install-quit-guard.ts';
import { createLaunchInbox } from './launch/launch-inbox.ts';
import { createAppLog } from './log/app-log.ts';
import { machineSettingsPaths } from './settings/settings-paths.ts';
import { startAutoUpdate, thisAppUpdatePlan } from './update/auto-update.ts';
import { LAUNCH_SCHEME, parseLaunchArgs, parseLaunchUrl } from './launch/launch-request.ts';

// Lifecycle only: each step lives in its own module.

// The user's log folder, rotated; every message scrubbed of CPRs, query strings and quoted text.
const appLog = createAppLog({
  directory: app.getPath('logs'),
  echo: (line) => console.log(`[main] ${line}`),
});
const log = appLog.info;
const securityOptions = {
  appOrigin: APP_ORIGIN,
  videoOrigins: [] as readonly string[],
  openExternal: (url: string) => shell.openExternal(url),
  log,
};
// IT's files in the machine-wide folder; a development run may point elsewhere (never a packaged one).
const machineSettings = machineSettingsPaths(
  process.platform,
  app.isPackaged ? null : (process.env.WORKBENCH_SETTINGS_DIR ?? null),
);

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // The running app gets this start's arguments (`second-instance`) and opens the citizen.
  app.quit();
} else {
  let mainWindow: Electron.BrowserWindow | null = null;
  const launches = createLaunchInbox(log);
  launches.receive(parseLaunchArgs(process.argv));
  // Installers register the protocol; a development run registers itself.
  if (!app.isPackaged) app.setAsDefaultProtocolClient(LAUNCH_SCHEME);
  const focus = () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  };

  app.on('second-instance', (_event, argv) => {
    launches.receive(parseLaunchArgs(argv));
    focus();
  });
  // macOS delivers protocol launches as events, not arguments.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    launches.receive(parseLaunchUrl(url));
    focus();
  });
  launches.onReceived(() => mainWindow?.webContents.send('launch-received', {}));

  installWebContentsHook(app, securityOptions);

  void app.whenReady().then(async () => {
    const runtime = createMainRuntime({
      appInfo: {
        name: app.getName(),
        version: app.getVersion(),
        mode: 'electron',
        platform: process.platform,
        electronVersion: process.versions.electron ?? null,
        chromeVersion: process.versions.chrome ?? null,
      },
      appOrigin: APP_ORIGIN,
      userDataDir: app.getPath('userData'),
      log,
      // After `ready`: only then does safeStorage know which keyring it has.
      keyStore: createElectronKeyStore(app.getPath('userData'), log),
      launches,
      appLog,
      machineSettings,
    });
    // The connection settings come before any window: meeting origins decide camera and microphone.
    const { connection } = await runtime.services.settings.read();
    const appSession = session.fromPartition(APP_PARTITION);
    installPermissionHandlers(appSession, {
      ...securityOptions,
      videoOrigins: connection.meetingOrigins,
    });
    // Off unless IT set updateUrl, and off for MSI, deb and development runs (main/update/).
    startAutoUpdate(thisAppUpdatePlan(connection.updateUrl, app.isPackaged), log);
    registerIpc(ipcMain, runtime.dispatch);
    // Quitting or closing a window with unsent entries asks its page first (never wipes silently).
    const quitGuard = installQuitGuard(app, runtime.services.quitGuard, log);
    handleAppProtocol(appSession, join(import.meta.dirname, '../renderer'), runtime.gateway);
    startFhirBackend(runtime, log);

    mainWindow = createWindow({
      kind: 'main',
      preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
      partition: APP_PARTITION,
      allowedOrigins: [APP_ORIGIN],
    });
    quitGuard.watch(mainWindow);
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
    void mainWindow.loadURL(`${APP_ORIGIN}/`);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
