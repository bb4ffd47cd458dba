import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../../../main/security/ipc-sender.ts';

const APP = 'app://workbench';

describe('IPC sender check', () => {
  it('trusts the main frame of a page on the app origin', () => {
    expect(isTrustedSender({ url: 'app://workbench/', isMainFrame: true }, APP)).toBe(true);
    expect(isTrustedSender({ url: 'app://workbench/citizen/1#x', isMainFrame: true }, APP)).toBe(
      true,
    );
  });

  it('trusts the harness page on its loopback origin when that is the app origin', () => {
    const harness = 'http://127.0.0.1:41234';
    expect(isTrustedSender({ url: `${harness}/`, isMainFrame: true }, harness)).toBe(true);
    expect(isTrustedSender({ url: 'http://127.0.0.1:41235/', isMainFrame: true }, harness)).toBe(
      false,
    );
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
  ])('refuses a %s frame (navigated away or destroyed mid-call)', (_what, sender) => {
    expect(isTrustedSender(sender, APP)).toBe(false);
  });

  it('refuses a sub-frame, even one on the app origin', () => {
    expect(isTrustedSender({ url: 'app://workbench/', isMainFrame: false }, APP)).toBe(false);
  });

  it.each([
    'https://evil.example/',
    'app://workbench.evil/',
    'app://user:pw@workbench/',
    'http://127.0.0.1:5173/',
    'file:///app/index.html',
    'about:blank',
    'data:text/html,hi',
    '',
    'garbage',
  ])('refuses a main frame on %j', (url) => {
    expect(isTrustedSender({ url, isMainFrame: true }, APP)).toBe(false);
  });
});
