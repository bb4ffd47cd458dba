import { BrowserWindow } from 'electron';
import { windowOptions, type WindowKind } from './window-options.ts';

/** Origins each window may show; read by the web-contents hook for every navigation. */
const allowedOriginsByContents = new WeakMap<Electron.WebContents, readonly string[]>();
const videoContents = new WeakSet<Electron.WebContents>();

export function allowedOriginsFor(
  contents: Electron.WebContents,
  fallback: readonly string[],
): readonly string[] {
  return allowedOriginsByContents.get(contents) ?? fallback;
}

export function isVideoWindow(contents: Electron.WebContents): boolean {
  return videoContents.has(contents);
}

export interface CreateWindowRequest {
  readonly kind: WindowKind;
  readonly preloadPath: string;
  readonly partition: string;
  readonly allowedOrigins: readonly string[];
}

/**
 * The only place a BrowserWindow is constructed (a lint rule enforces it), so
 * every window gets the same secure web preferences.
 */
export function createWindow(request: CreateWindowRequest): BrowserWindow {
  const window = new BrowserWindow(
    windowOptions(request.kind, request.preloadPath, request.partition),
  );
  allowedOriginsByContents.set(window.webContents, request.allowedOrigins);
  if (request.kind === 'video') videoContents.add(window.webContents);
  window.once('ready-to-show', () => window.show());
  return window;
}
