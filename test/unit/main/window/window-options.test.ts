import { describe, expect, it } from 'vitest';
import {
  secureWebPreferences,
  windowOptions,
  type WindowKind,
} from '../../../../main/window/window-options.ts';

const KINDS = ['main', 'video'] as const satisfies readonly WindowKind[];
const PRELOAD = '/app/out/preload/index.cjs';
const PARTITION = 'persist:workbench';

/** The baseline of DESIGN §8, as Electron reads it. */
const BASELINE = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
} as const;

describe('secure web preferences', () => {
  it.each([PRELOAD, null])('hold the baseline with preload %s', (preload) => {
    const preferences = secureWebPreferences(preload, PARTITION);
    expect(preferences).toMatchObject(BASELINE);
    expect(preferences.partition).toBe(PARTITION);
    expect(preferences.enableBlinkFeatures ?? '').toBe('');
  });

  it('carry no preload key at all when there is none', () => {
    expect(Object.hasOwn(secureWebPreferences(null, PARTITION), 'preload')).toBe(false);
    expect(Object.hasOwn(secureWebPreferences('', PARTITION), 'preload')).toBe(false);
  });
});

describe('window options', () => {
  it.each(KINDS)('the %s window holds the baseline and starts hidden', (kind) => {
    const options = windowOptions(kind, PRELOAD, PARTITION);
    expect(options.webPreferences).toMatchObject(BASELINE);
    expect(options.webPreferences?.partition).toBe(PARTITION);
    expect(options.show).toBe(false);
  });

  it('gives the main window the preload', () => {
    expect(windowOptions('main', PRELOAD, PARTITION).webPreferences?.preload).toBe(PRELOAD);
  });

  it('gives the video window no preload, so a meeting page has no bridge to main', () => {
    const preferences = windowOptions('video', PRELOAD, PARTITION).webPreferences ?? {};
    expect(Object.hasOwn(preferences, 'preload')).toBe(false);
  });
});
