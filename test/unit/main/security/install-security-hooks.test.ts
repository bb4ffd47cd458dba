import type { App, Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => {
  class BrowserWindow {
    readonly webContents = fakeContents();
    once(): this {
      return this;
    }
  }
  return { BrowserWindow, default: { BrowserWindow } };
});

const { installPermissionHandlers, installWebContentsHook } =
  await import('../../../../main/security/install-security-hooks.ts');
const { createWindow } = await import('../../../../main/window/create-window.ts');

type Listener = (event: { url: string; preventDefault(): void }) => void;
type OpenHandler = (details: { url: string }) => { action: string };

interface FakeContents {
  readonly listeners: Map<string, Listener>;
  openHandler: OpenHandler | null;
  on(event: string, listener: Listener): void;
  setWindowOpenHandler(handler: OpenHandler): void;
}

function fakeContents(): FakeContents {
  return {
    listeners: new Map(),
    openHandler: null,
    on(event, listener) {
      this.listeners.set(event, listener);
    },
    setWindowOpenHandler(handler) {
      this.openHandler = handler;
    },
  };
}

const VIDEO_ORIGIN = 'https://video.rn.dk';

function setUp(): {
  attach: (contents: FakeContents) => void;
  opened: string[];
  log: string[];
} {
  const opened: string[] = [];
  const log: string[] = [];
  let created: ((event: unknown, contents: FakeContents) => void) | null = null;
  const app = {
    on: (_event: string, listener: typeof created) => {
      created = listener;
    },
  } as unknown as App;
  installWebContentsHook(app, {
    appOrigin: 'app://workbench',
    videoOrigins: [VIDEO_ORIGIN],
    openExternal: (url) => {
      opened.push(url);
      return Promise.resolve();
    },
    log: (message) => log.push(message),
  });
  return { attach: (contents) => created?.({}, contents), opened, log };
}

/** Fires a navigation-type event and reports whether the hook stopped it. */
function fire(contents: FakeContents, event: string, url: string): 'blocked' | 'allowed' {
  let prevented = false;
  contents.listeners.get(event)?.({ url, preventDefault: () => (prevented = true) });
  return prevented ? 'blocked' : 'allowed';
}

const NAVIGATIONS = ['will-navigate', 'will-frame-navigate', 'will-redirect'];

describe('the web-contents hook', () => {
  it.each(NAVIGATIONS)('lets a page %s within the app origin', (event) => {
    const { attach } = setUp();
    const contents = fakeContents();
    attach(contents);
    expect(fire(contents, event, 'app://workbench/citizen/1')).toBe('allowed');
  });

  it.each(NAVIGATIONS)('stops a page that would %s off the app origin', (event) => {
    const { attach, log } = setUp();
    const contents = fakeContents();
    attach(contents);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://workbench.evil/']) {
      expect(fire(contents, event, url)).toBe('blocked');
    }
    expect(log).toHaveLength(3);
  });

  it('holds the video window to its own origins, not the app origin', () => {
    const { attach } = setUp();
    const window = createWindow({
      kind: 'video',
      preloadPath: '/unused',
      partition: 'persist:workbench',
      allowedOrigins: [VIDEO_ORIGIN],
    });
    const contents = window.webContents as unknown as FakeContents;
    attach(contents);
    expect(fire(contents, 'will-navigate', `${VIDEO_ORIGIN}/room/1`)).toBe('allowed');
    expect(fire(contents, 'will-navigate', 'app://workbench/')).toBe('blocked');
  });

  it('refuses every webview', () => {
    const { attach } = setUp();
    const contents = fakeContents();
    attach(contents);
    expect(fire(contents, 'will-attach-webview', 'app://workbench/')).toBe('blocked');
  });

  it('never opens a window; an https link goes to the system browser', () => {
    const { attach, opened } = setUp();
    const contents = fakeContents();
    attach(contents);
    expect(contents.openHandler?.({ url: 'https://www.sundhed.dk/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'app://workbench/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'http://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'file:///C:/x.exe' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://www.sundhed.dk/']);
  });
});

describe('the permission handlers on the app session', () => {
  type RequestHandler = (
    contents: WebContents,
    permission: string,
    callback: (granted: boolean) => void,
    details: { requestingUrl: string; mediaTypes?: string[] },
  ) => void;
  type CheckHandler = (
    contents: WebContents | null,
    permission: string,
    origin: string,
    details: { mediaType?: string },
  ) => boolean;

  function install(): {
    request: (contents: WebContents, permission: string, url: string, types?: string[]) => boolean;
    check: (
      contents: WebContents | null,
      permission: string,
      origin: string,
      type?: string,
    ) => boolean;
    device: () => boolean;
    displayMedia: () => unknown;
  } {
    const handlers: Record<string, unknown> = {};
    const keep =
      (name: string) =>
      (handler: unknown): void => {
        handlers[name] = handler;
      };
    // Only the four setters the hooks call; the rest of Electron's Session does not exist here.
    const session = {
      setPermissionRequestHandler: keep('setPermissionRequestHandler'),
      setPermissionCheckHandler: keep('setPermissionCheckHandler'),
      setDevicePermissionHandler: keep('setDevicePermissionHandler'),
      setDisplayMediaRequestHandler: keep('setDisplayMediaRequestHandler'),
    } as unknown as Session;
    installPermissionHandlers(session, {
      appOrigin: 'app://workbench',
      videoOrigins: [VIDEO_ORIGIN],
      openExternal: () => Promise.resolve(),
      log: () => undefined,
    });
    return {
      request: (contents, permission, requestingUrl, mediaTypes) => {
        let granted: boolean | null = null;
        (handlers.setPermissionRequestHandler as RequestHandler)(
          contents,
          permission,
          (answer) => (granted = answer),
          mediaTypes ? { requestingUrl, mediaTypes } : { requestingUrl },
        );
        if (granted === null) throw new Error('the request handler never answered');
        return granted;
      },
      check: (contents, permission, origin, mediaType) =>
        (handlers.setPermissionCheckHandler as CheckHandler)(
          contents,
          permission,
          origin,
          mediaType ? { mediaType } : {},
        ),
      device: () => (handlers.setDevicePermissionHandler as () => boolean)(),
      displayMedia: () => {
        let answer: unknown = null;
        (handlers.setDisplayMediaRequestHandler as (r: unknown, cb: (a: unknown) => void) => void)(
          {},
          (a) => (answer = a),
        );
        return answer;
      },
    };
  }

  const videoContents = (): WebContents =>
    createWindow({
      kind: 'video',
      preloadPath: '/unused',
      partition: 'persist:workbench',
      allowedOrigins: [VIDEO_ORIGIN],
    }).webContents;
  const appContents = (): WebContents =>
    createWindow({
      kind: 'main',
      preloadPath: '/unused',
      partition: 'persist:workbench',
      allowedOrigins: ['app://workbench'],
    }).webContents;

  it('grants camera and microphone to the video window on its origin only', () => {
    const { request } = install();
    expect(request(videoContents(), 'media', `${VIDEO_ORIGIN}/room`, ['audio', 'video'])).toBe(
      true,
    );
    expect(request(appContents(), 'media', 'app://workbench/', ['audio', 'video'])).toBe(false);
    expect(request(videoContents(), 'media', 'https://evil.example/', ['video'])).toBe(false);
    expect(request(videoContents(), 'media', `${VIDEO_ORIGIN}/room`)).toBe(false);
    expect(request(videoContents(), 'media', `${VIDEO_ORIGIN}/room`, [])).toBe(false);
    expect(request(videoContents(), 'geolocation', `${VIDEO_ORIGIN}/room`)).toBe(false);
  });

  it('answers permission checks the same way, by the media type Electron names', () => {
    const { check } = install();
    expect(check(videoContents(), 'media', VIDEO_ORIGIN, 'video')).toBe(true);
    expect(check(videoContents(), 'media', VIDEO_ORIGIN, 'unknown')).toBe(false);
    expect(check(videoContents(), 'media', VIDEO_ORIGIN)).toBe(false);
    expect(check(appContents(), 'media', 'app://workbench', 'audio')).toBe(false);
    expect(check(null, 'media', VIDEO_ORIGIN, 'audio')).toBe(false);
    expect(check(videoContents(), 'notifications', VIDEO_ORIGIN)).toBe(false);
  });

  it('refuses every device and every screen share', () => {
    const { device, displayMedia } = install();
    expect(device()).toBe(false);
    expect(displayMedia()).toEqual({});
  });
});
