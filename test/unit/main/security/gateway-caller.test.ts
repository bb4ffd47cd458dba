import { describe, expect, it } from 'vitest';
import { gatewayCallerAllowed } from '../../../../main/security/gateway-caller.ts';

const APP = 'app://workbench';

describe('who may call the FHIR gateway', () => {
  it.each([
    ['the page itself (same-origin, no Origin on a GET)', { 'sec-fetch-site': 'same-origin' }],
    [
      'the page itself (same-origin, its own Origin on a POST)',
      { 'sec-fetch-site': 'same-origin', origin: APP },
    ],
    ['main itself (no fetch metadata at all)', {}],
    ['a caller with no Sec-Fetch-Site but the app’s Origin', { origin: APP }],
  ])('admits %s', (_who, headers) => {
    expect(gatewayCallerAllowed(headers, APP)).toBe(true);
  });

  it.each([
    ['a cross-site page', { 'sec-fetch-site': 'cross-site' }],
    ['a same-site page on another origin', { 'sec-fetch-site': 'same-site' }],
    ['a navigation typed or bookmarked by the user', { 'sec-fetch-site': 'none' }],
    ['an unknown Sec-Fetch-Site value', { 'sec-fetch-site': 'Same-Origin' }],
    ['an empty Sec-Fetch-Site', { 'sec-fetch-site': '' }],
    [
      'same-origin claimed with another Origin',
      { 'sec-fetch-site': 'same-origin', origin: 'https://evil.example' },
    ],
    ['same-origin claimed with a null Origin', { 'sec-fetch-site': 'same-origin', origin: 'null' }],
    ['a null Origin alone (sandboxed frame, data: URL)', { origin: 'null' }],
    ['another Origin alone', { origin: 'app://workbench.evil' }],
    ['the app’s Origin with a trailing slash', { origin: `${APP}/` }],
    ['an empty Origin', { origin: '' }],
    [
      'a cross-site page that names the app as Origin',
      { 'sec-fetch-site': 'cross-site', origin: APP },
    ],
  ])('refuses %s', (_who, headers) => {
    expect(gatewayCallerAllowed(headers, APP)).toBe(false);
  });

  it('compares against the origin it is given (the harness’s loopback origin)', () => {
    const harness = 'http://127.0.0.1:41234';
    expect(
      gatewayCallerAllowed({ 'sec-fetch-site': 'same-origin', origin: harness }, harness),
    ).toBe(true);
    expect(
      gatewayCallerAllowed(
        { 'sec-fetch-site': 'same-origin', origin: 'http://127.0.0.1:41235' },
        harness,
      ),
    ).toBe(false);
  });
});
