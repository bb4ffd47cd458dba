import type { BrowserWindowConstructorOptions, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';

interface FakeWindow {
  readonly options: BrowserWindowConstructorOptions;
  readonly webContents: WebContents;
  readonly shown: boolean;
}

const created: FakeWindow[] = [];

vi.mock('electron', () => {
  class BrowserWindow {
    readonly webContents = { id: created.length } as unknown as WebContents;
    shown = false;
    private readonly listeners = new Map<string, () => void>();
    readonly options: BrowserWindowConstructorOptions;
    constructor(options: BrowserWindowConstructorOptions) {
      this.options = options;
      created.push(this);
    }
    once(event: string, listener: () => void): this {
      this.listeners.set(event, listener);
      return this;
    }
    show(): void {
      this.shown = true;
    }
    emit(event: string): void {
      this.listeners.get(event)?.();
    }
  }
  return { BrowserWindow, default: { BrowserWindow } };
});

const { allowedOriginsFor, createWindow, isVideoWindow } =
  await import('../../../../main/window/create-window.ts');
const { windowOptions } = await import('../../../../main/window/window-options.ts');

const PRELOAD = '/app/out/preload/index.cjs';
const PARTITION = 'persist:workbench';

describe('createWindow', () => {
  it('builds the main window with exactly the secure options and registers its origins', () => {
    const window = createWindow({
      kind: 'main',
      preloadPath: PRELOAD,
      partition: PARTITION,
      allowedOrigins: ['app://workbench'],
    });
    const fake = created.at(-1)!;
    expect(fake).toBe(window);
    expect(fake.options).toEqual(windowOptions('main', PRELOAD, PARTITION));
    expect(fake.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: PRELOAD,
    });
    expect(allowedOriginsFor(fake.webContents, ['fallback://x'])).toEqual(['app://workbench']);
    expect(isVideoWindow(fake.webContents)).toBe(false);
  });

  it('builds the video window without a preload and marks it as the video window', () => {
    createWindow({
      kind: 'video',
      preloadPath: PRELOAD,
      partition: PARTITION,
      allowedOrigins: ['https://video.rn.dk'],
    });
    const fake = created.at(-1)!;
    expect(fake.options).toEqual(windowOptions('video', PRELOAD, PARTITION));
    expect(fake.options.webPreferences?.preload).toBeUndefined();
    expect(fake.options.webPreferences?.sandbox).toBe(true);
    expect(allowedOriginsFor(fake.webContents, [])).toEqual(['https://video.rn.dk']);
    expect(isVideoWindow(fake.webContents)).toBe(true);
  });

  it('shows a window only once it is ready', () => {
    createWindow({ kind: 'main', preloadPath: PRELOAD, partition: PARTITION, allowedOrigins: [] });
    const fake = created.at(-1)! as FakeWindow & { emit(event: string): void };
    expect(fake.shown).toBe(false);
    fake.emit('ready-to-show');
    expect(fake.shown).toBe(true);
  });

  it('falls back for web contents it did not create, and never calls them the video window', () => {
    const stranger = { id: -1 } as unknown as WebContents;
    expect(allowedOriginsFor(stranger, ['app://workbench'])).toEqual(['app://workbench']);
    expect(isVideoWindow(stranger)).toBe(false);
  });
});
