import { describe, expect, it } from 'vitest';
import {
  decideNavigation,
  decideWindowOpen,
  isSafeExternalUrl,
  openExternalUrl,
} from '../../../../main/security/navigation-policy.ts';
import { isOnOrigin } from '../../../../main/security/origins.ts';

const APP = 'app://workbench';
const HARNESS = 'http://127.0.0.1:5173';
const ALLOWED = [APP, HARNESS];

describe('navigation gate: the app may only show its own origins', () => {
  it.each([
    'app://workbench/',
    'app://workbench',
    'app://workbench/index.html',
    'app://workbench/citizen/0101801234?tab=plan#trend',
    // Chromium lowercases the host of a standard scheme, so this is the same origin.
    'APP://WORKBENCH/',
    'http://127.0.0.1:5173/',
    'http://127.0.0.1:5173/assets/index.js',
    `app://workbench/${'a'.repeat(2000)}`,
  ])('allows %s', (url) => {
    expect(decideNavigation(url, ALLOWED)).toEqual({ allow: true });
  });

  it.each([
    // other hosts and look-alikes
    ['look-alike suffix', 'app://workbench.evil/'],
    ['look-alike prefix', 'app://evil.workbench/'],
    ['trailing dot', 'app://workbench./'],
    ['space in host', 'app://workbenc h/'],
    ['encoded dot in host', 'app://workbench%2eevil/'],
    ['IDN look-alike', 'app://wörkbench/'],
    ['punycode look-alike', 'app://xn--wrkbench-n4a/'],
    ['userinfo trick', 'app://workbench@evil/'],
    ['credentials on the app origin', 'app://user:pw@workbench/'],
    ['username on the app origin', 'app://user@workbench/'],
    ['credentials on the harness origin', 'http://user:pw@127.0.0.1:5173/'],
    ['no authority', 'app:workbench/'],
    ['empty authority', 'app:///workbench/'],
    ['other port on the app scheme', 'app://workbench:8080/'],
    // the harness origin, nearly
    ['other port', 'http://127.0.0.1:5174/'],
    ['default port', 'http://127.0.0.1/'],
    ['https instead of http', 'https://127.0.0.1:5173/'],
    ['localhost instead of 127.0.0.1', 'http://localhost:5173/'],
    ['other loopback address', 'http://127.0.0.2:5173/'],
    ['IPv6 loopback', 'http://[::1]:5173/'],
    // scheme confusion
    ['https with the app host', 'https://workbench/'],
    ['http with the app host', 'http://workbench/'],
    ['file', 'file:///etc/passwd'],
    ['file with the app host', 'file://workbench/index.html'],
    ['javascript', 'javascript:alert(1)'],
    ['javascript, mixed case', 'JaVaScRiPt:alert(1)'],
    ['data', 'data:text/html,<script>alert(1)</script>'],
    ['about:blank', 'about:blank'],
    ['about:srcdoc', 'about:srcdoc'],
    ['blob of the app origin', 'blob:app://workbench/4b0c6f7e'],
    ['view-source', 'view-source:app://workbench/'],
    ['chrome', 'chrome://settings'],
    ['devtools', 'devtools://devtools/bundled/inspector.html'],
    ['external https', 'https://www.sundhed.dk/'],
    // malformed
    ['empty', ''],
    ['relative path', '/citizen/1'],
    ['scheme-relative', '//workbench/'],
    ['plain words', 'not a url'],
    ['bare scheme', 'app://'],
    ['unterminated IPv6', 'http://[::1'],
    ['backslash in host', 'app://workbench\\evil/'],
    ['very long', `app://workbench/${'a'.repeat(1024 * 1024)}`],
  ])('refuses %s', (_what, url) => {
    const decision = decideNavigation(url, ALLOWED);
    expect(decision.allow).toBe(false);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['an object', {}],
    ['an array holding the app URL', ['app://workbench/']],
    ['a URL object', new URL('app://workbench/')],
    ['an object whose toString is the app URL', { toString: () => 'app://workbench/' }],
  ])('refuses %s', (_what, value) => {
    expect(decideNavigation(value, ALLOWED).allow).toBe(false);
  });

  it('refuses everything when no origin is allowed, or the allowed origins are not URLs', () => {
    expect(decideNavigation('app://workbench/', []).allow).toBe(false);
    expect(decideNavigation('app://workbench/', ['workbench', '', 'null']).allow).toBe(false);
  });

  it('keeps the reason short, so a hostile URL cannot flood the log', () => {
    const decision = decideNavigation(`https://evil.example/${'x'.repeat(100_000)}`, ALLOWED);
    expect(decision.allow).toBe(false);
    if (!decision.allow) expect(decision.reason.length).toBeLessThan(200);
  });

  it('compares origins, not string prefixes', () => {
    expect(isOnOrigin('app://workbench.evil/', ['app://workbench'])).toBe(false);
    expect(isOnOrigin('http://127.0.0.1:51730/', ['http://127.0.0.1:5173'])).toBe(false);
    expect(isOnOrigin('app://workbench/x', ['app://workbench/some/path'])).toBe(true);
  });
});

describe('window.open: never a new Electron window', () => {
  it.each([
    ['https link', 'https://www.sundhed.dk/', true],
    ['app page', 'app://workbench/', false],
    ['harness page', 'http://127.0.0.1:5173/', false],
    ['http link', 'http://example.com/', false],
    ['javascript', 'javascript:alert(1)', false],
    ['about:blank', 'about:blank', false],
    ['not a string', { url: 'https://example.com/' }, false],
  ])('denies %s (hands it to the browser: %s)', (_what, url, openExternally) => {
    expect(decideWindowOpen(url)).toEqual({ action: 'deny', openExternally });
  });
});

describe('external-link gate: only https leaves the app', () => {
  async function attempt(value: unknown): Promise<{ allowed: boolean; opened: string[] }> {
    const opened: string[] = [];
    const decision = await openExternalUrl(value, (url) => {
      opened.push(url);
      return Promise.resolve();
    });
    return { allowed: decision.allow, opened };
  }

  it('opens an https link, exactly as given', async () => {
    expect(await attempt('https://www.sundhed.dk/borger/?q=kol#top')).toEqual({
      allowed: true,
      opened: ['https://www.sundhed.dk/borger/?q=kol#top'],
    });
  });

  it('opens the normalised form, not the raw text', async () => {
    expect(await attempt('HTTPS://WWW.Sundhed.DK/a b')).toEqual({
      allowed: true,
      opened: ['https://www.sundhed.dk/a%20b'],
    });
  });

  it.each([
    'http://www.sundhed.dk/',
    'file:///C:/Windows/System32/calc.exe',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<h1>x</h1>',
    'about:blank',
    'mailto:someone@example.com',
    'smb://fileserver/share',
    'ms-msdt:/id PCWDiagnostic',
    'app://workbench/',
    'https://user:pw@www.sundhed.dk/',
    'https://user@www.sundhed.dk/',
    'https://:pw@www.sundhed.dk/',
    'https://',
    'https//www.sundhed.dk',
    'www.sundhed.dk',
    '',
    `https://www.sundhed.dk/${'a'.repeat(4096)}`,
  ])('refuses %s and opens nothing', async (url) => {
    expect(await attempt(url)).toEqual({ allowed: false, opened: [] });
  });

  it.each([undefined, null, 1, {}, ['https://example.com/'], new URL('https://example.com/')])(
    'refuses the non-string %s and opens nothing',
    async (value) => {
      expect(await attempt(value)).toEqual({ allowed: false, opened: [] });
    },
  );

  it('agrees with the predicate the window-open handler uses', () => {
    expect(isSafeExternalUrl('https://example.com/')).toBe(true);
    expect(isSafeExternalUrl('http://example.com/')).toBe(false);
  });
});
