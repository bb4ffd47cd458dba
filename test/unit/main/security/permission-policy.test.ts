import type { Session } from 'electron';
import { describe, expect, it } from 'vitest';
import {
  decidePermission,
  type PermissionQuestion,
} from '../../../../main/security/permission-policy.ts';

type ElectronPermission = Parameters<
  NonNullable<Parameters<Session['setPermissionRequestHandler']>[0]>
>[1];

/** Every permission Electron 45 may ask about; the type check below fails when Electron adds one. */
const ELECTRON_PERMISSIONS = [
  'ar',
  'automatic-fullscreen',
  'background-fetch',
  'background-sync',
  'captured-surface-control',
  'clipboard-read',
  'clipboard-sanitized-write',
  'deprecated-sync-clipboard-read',
  'display-capture',
  'fileSystem',
  'fullscreen',
  'geolocation',
  'geolocation-approximate',
  'hand-tracking',
  'hid',
  'idle-detection',
  'keyboardLock',
  'local-fonts',
  'local-network',
  'local-network-access',
  'loopback-network',
  'media',
  'mediaKeySystem',
  'midi',
  'midiSysex',
  'nfc',
  'notifications',
  'openExternal',
  'payment-handler',
  'periodic-background-sync',
  'persistent-storage',
  'pointerLock',
  'screen-wake-lock',
  'sensors',
  'serial',
  'smart-card',
  'speaker-selection',
  'storage-access',
  'system-wake-lock',
  'top-level-storage-access',
  'usb',
  'vr',
  'web-app-installation',
  'web-printing',
  'window-management',
  'unknown',
] as const satisfies readonly ElectronPermission[];

// Compile-time: the list names every permission in Electron's type.
const listIsComplete: [Exclude<ElectronPermission, (typeof ELECTRON_PERMISSIONS)[number]>] extends [
  never,
]
  ? true
  : false = true;

const VIDEO_ORIGINS = ['https://video.rn.dk', 'https://meet.example.dk:8443'];
const MEETING = 'https://video.rn.dk/room/4711?pin=1234';

function ask(question: Partial<PermissionQuestion>): boolean {
  return decidePermission(
    {
      permission: 'media',
      requestingUrl: MEETING,
      isVideoWindow: true,
      mediaTypes: ['audio', 'video'],
      ...question,
    },
    VIDEO_ORIGINS,
  );
}

describe('permissions are denied by default', () => {
  it('names every Electron permission', () => {
    expect(listIsComplete).toBe(true);
  });

  const allButMedia = ELECTRON_PERMISSIONS.filter((permission) => permission !== 'media');
  const allButMediaAndStorage = allButMedia.filter(
    (permission) => permission !== 'persistent-storage',
  );

  it.each(allButMediaAndStorage)('denies %s to the app window', (permission) => {
    expect(ask({ permission, isVideoWindow: false, requestingUrl: 'app://workbench/' })).toBe(
      false,
    );
  });

  it.each(allButMedia)('denies %s even to the video window on its own origin', (permission) => {
    expect(ask({ permission })).toBe(false);
  });

  it.each(['camera', 'microphone', 'Media', 'MEDIA', ' media', '', 'media\0'])(
    'denies the unlisted name %j',
    (permission) => {
      expect(ask({ permission })).toBe(false);
    },
  );
});

describe('persistent storage for the app window on its own origin only', () => {
  // The encrypted cache holds unsent outbox entries: evictable storage could lose them.
  it.each(['app://workbench/', 'app://workbench', 'app://workbench/index.html#/caseload'])(
    'allows the app window on %s',
    (requestingUrl) => {
      expect(ask({ permission: 'persistent-storage', isVideoWindow: false, requestingUrl })).toBe(
        true,
      );
    },
  );

  it.each([
    ['another app host', 'app://evil/'],
    ['a look-alike host', 'app://workbench.evil/'],
    ['credentials in the URL', 'app://user@workbench/'],
    ['a web origin', 'https://video.rn.dk/'],
    ['a file', 'file:///C:/index.html'],
    ['an empty URL', ''],
    ['a malformed URL', 'app://'],
  ])('refuses the app window on %s', (_what, requestingUrl) => {
    expect(ask({ permission: 'persistent-storage', isVideoWindow: false, requestingUrl })).toBe(
      false,
    );
  });

  it('refuses the video window, even on the app origin', () => {
    expect(ask({ permission: 'persistent-storage', requestingUrl: 'app://workbench/' })).toBe(
      false,
    );
    expect(ask({ permission: 'persistent-storage' })).toBe(false);
  });
});

describe('camera and microphone for the video window only', () => {
  it.each([[['audio', 'video']], [['audio']], [['video']], [['video', 'audio']]])(
    'allows %j on a configured https video origin',
    (mediaTypes) => {
      expect(ask({ mediaTypes })).toBe(true);
      expect(ask({ mediaTypes, requestingUrl: 'https://meet.example.dk:8443/x' })).toBe(true);
    },
  );

  it('refuses the app window, even on the app origin or a video origin', () => {
    expect(ask({ isVideoWindow: false, requestingUrl: 'app://workbench/' })).toBe(false);
    expect(ask({ isVideoWindow: false })).toBe(false);
  });

  it.each([
    ['http', 'http://video.rn.dk/room/4711'],
    ['another host', 'https://evil.example/room'],
    ['a look-alike host', 'https://video.rn.dk.evil.example/room'],
    ['a parent domain', 'https://rn.dk/'],
    ['another port', 'https://video.rn.dk:8443/room'],
    ['the configured host without its port', 'https://meet.example.dk/x'],
    ['the app origin', 'app://workbench/'],
    ['a file', 'file:///C:/meeting.html'],
    ['a data URL', 'data:text/html,<video>'],
    ['about:blank', 'about:blank'],
    ['an empty URL', ''],
    ['a malformed URL', 'https://'],
  ])('refuses the video window on %s', (_what, requestingUrl) => {
    expect(ask({ requestingUrl })).toBe(false);
  });

  it('refuses display capture, even for the video window on its origin', () => {
    expect(ask({ permission: 'display-capture' })).toBe(false);
    expect(ask({ permission: 'display-capture', mediaTypes: ['video'] })).toBe(false);
  });

  it.each([
    ['screen', ['screen']],
    ['audio plus screen', ['audio', 'screen']],
    ['unknown', ['unknown']],
    ['desktop', ['desktop']],
    // A legacy desktop-capture getUserMedia reaches Electron as `media` with no device types.
    ['no types at all', []],
    ['types left out', undefined],
  ])('refuses media of type %s', (_what, mediaTypes) => {
    expect(ask({ mediaTypes })).toBe(false);
  });

  it('refuses everything when no video origin is configured', () => {
    expect(
      decidePermission(
        { permission: 'media', requestingUrl: MEETING, isVideoWindow: true, mediaTypes: ['audio'] },
        [],
      ),
    ).toBe(false);
  });

  it('ignores configured video origins that are not URLs', () => {
    expect(
      decidePermission(
        { permission: 'media', requestingUrl: MEETING, isVideoWindow: true, mediaTypes: ['audio'] },
        ['video.rn.dk', '', 'null'],
      ),
    ).toBe(false);
  });
});
