import type { INetworkModule, NetworkResponse } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { endSessionUrl, readDiscovery } from '../../../../../main/auth/msal/end-session.ts';

const request = { clientId: 'workbench', idTokenHint: 'id.token.hint' };

describe('the provider’s end-session address', () => {
  it('names the client and the user’s ID token on the discovered endpoint', () => {
    const url = new URL(
      endSessionUrl({ end_session_endpoint: 'https://login.example/session/end?ui=da' }, request)!,
    );
    expect(`${url.origin}${url.pathname}`).toBe('https://login.example/session/end');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      ui: 'da',
      client_id: 'workbench',
      id_token_hint: 'id.token.hint',
    });
  });

  it('goes without the hint when there is no ID token', () => {
    const url = new URL(
      endSessionUrl(
        { end_session_endpoint: 'https://login.example/logout' },
        { ...request, idTokenHint: null },
      )!,
    );
    expect(url.searchParams.has('id_token_hint')).toBe(false);
  });

  it('opens nothing that is not a plain https address', () => {
    for (const discovery of [
      null,
      'text',
      {},
      { end_session_endpoint: 42 },
      { end_session_endpoint: 'not a url' },
      { end_session_endpoint: 'http://login.example/logout' },
      { end_session_endpoint: 'javascript:alert(1)' },
      { end_session_endpoint: 'file:///etc/passwd' },
      { end_session_endpoint: 'https://user:pw@login.example/logout' },
      { end_session_endpoint: 'https://login.example/logout#x' },
    ])
      expect(endSessionUrl(discovery, request)).toBeNull();
  });
});

describe('reading the discovery document for sign-out', () => {
  const client = (answer: () => Promise<NetworkResponse<unknown>>): INetworkModule => ({
    sendGetRequestAsync: <T>() => answer() as Promise<NetworkResponse<T>>,
    sendPostRequestAsync: () => Promise.reject(new Error('no posts')),
  });

  it('gives the document on 200, and null otherwise: sign-out goes on either way', async () => {
    const document = { end_session_endpoint: 'https://login.example/logout' };
    await expect(
      readDiscovery(
        client(() => Promise.resolve({ status: 200, headers: {}, body: document })),
        'https://x',
      ),
    ).resolves.toEqual(document);
    await expect(
      readDiscovery(
        client(() => Promise.resolve({ status: 404, headers: {}, body: {} })),
        'https://x',
      ),
    ).resolves.toBeNull();
    await expect(
      readDiscovery(
        client(() => Promise.reject(new Error('offline'))),
        'https://x',
      ),
    ).resolves.toBeNull();
  });
});
