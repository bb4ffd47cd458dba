/**
 * Deliberately insecure, and never imported: `npm run security` scans this
 * folder on its own and fails unless Electronegativity reports every check in
 * CANARY_CHECKS (scripts/security/electronegativity.ts), so a scanner that
 * silently finds nothing cannot pass the app scan. Kept out of lint and of the
 * app scan on purpose.
 */
import { app, BrowserWindow, session, shell } from 'electron';

process.env.ELECTRON_DISABLE_SECURITY_WARNINGS = 'true';
app.commandLine.appendSwitch('ignore-certificate-errors');

export function openInsecureWindow(untrustedUrl: string): BrowserWindow {
  const window = new BrowserWindow({
    webPreferences: {
      nodeIntegration: true,
      nodeIntegrationInWorker: true,
      contextIsolation: false,
      // `sandbox` is left out, not set to false: Electronegativity 1.10.3 drops its
      // nodeIntegration finding when `sandbox: false` is written out.
      webSecurity: false,
      allowRunningInsecureContent: true,
      experimentalFeatures: true,
      enableBlinkFeatures: 'ExecCommandInJavaScript',
      webviewTag: true,
    },
  });
  session.defaultSession.setCertificateVerifyProc((_request, callback) => callback(0));
  app.on('certificate-error', (event, _contents, _url, _error, _certificate, callback) => {
    event.preventDefault();
    callback(true);
  });
  void window.loadURL('http://insecure.example/');
  void shell.openExternal(untrustedUrl);
  return window;
}
