import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/**
 * The web preferences every window gets. A plain function so the security
 * baseline is tested without an Electron binary.
 */
export function secureWebPreferences(
  preloadPath: string | null,
  partition: string,
): WebPreferences {
  return {
    ...(preloadPath ? { preload: preloadPath } : {}),
    partition,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

export type WindowKind = 'main' | 'video';

export function windowOptions(
  kind: WindowKind,
  preloadPath: string,
  partition: string,
): BrowserWindowConstructorOptions {
  const common: BrowserWindowConstructorOptions = {
    show: false,
    backgroundColor: '#f5f5f5',
    autoHideMenuBar: true,
  };
  switch (kind) {
    case 'main':
      return {
        ...common,
        width: 1440,
        height: 900,
        minWidth: 1024,
        minHeight: 640,
        title: 'Nordjysk eSundhed',
        webPreferences: secureWebPreferences(preloadPath, partition),
      };
    case 'video':
      // The video window shows a third-party meeting page: it gets no preload, so no bridge to main.
      return {
        ...common,
        width: 1024,
        height: 768,
        title: 'Videokonsultation',
        webPreferences: secureWebPreferences(null, partition),
      };
  }
}
