import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpsNetworkClient,
  ProviderUnreachableError,
} from '../../../../../main/auth/msal/https-network-client.ts';
import { makeTestTls, type TestTls } from '../../../../support/oidc/test-ca.ts';

describe('msal’s network module over node:https', () => {
  let tls: TestTls;
  let server: Server;
  let origin: string;
  const seen: { method: string; url: string; body: string; type: string | undefined }[] = [];

  beforeAll(async () => {
    tls = await makeTestTls();
    server = createServer({ key: tls.key, cert: tls.cert }, (request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({
          method: request.method ?? '',
          url: request.url ?? '',
          body,
          type: request.headers['content-type'],
        });
        if (request.url === '/slow') return; // never answers
        if (request.url === '/text') return void response.end('<html>not json</html>');
        if (request.url === '/huge') return void response.end('x'.repeat(2 * 1024 * 1024));
        response.writeHead(request.url === '/missing' ? 404 : 200, { 'x-request-id': 'r-1' });
        response.end(JSON.stringify({ ok: true, method: request.method }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `https://localhost:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('trusts the CA it is given, and answers with status, headers and parsed body', async () => {
    const client = createHttpsNetworkClient({ extraCaPem: tls.caPem });
    const answer = await client.sendGetRequestAsync<{ ok: boolean }>(`${origin}/discovery`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ok: true, method: 'GET' });
    expect(answer.headers['x-request-id']).toBe('r-1');
    const missing = await client.sendGetRequestAsync(`${origin}/missing`);
    expect(missing.status).toBe(404);
  });

  it('posts msal’s form with its headers', async () => {
    const client = createHttpsNetworkClient({ extraCaPem: tls.caPem });
    const answer = await client.sendPostRequestAsync(`${origin}/token`, {
      body: 'grant_type=refresh_token&care_team_id=t',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
    });
    expect(answer.body).toEqual({ ok: true, method: 'POST' });
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      body: 'grant_type=refresh_token&care_team_id=t',
      type: 'application/x-www-form-urlencoded;charset=utf-8',
    });
  });

  it('does not trust a CA it was not given', async () => {
    await expect(createHttpsNetworkClient().sendGetRequestAsync(`${origin}/x`)).rejects.toThrow(
      ProviderUnreachableError,
    );
  });

  it('refuses plain http', async () => {
    await expect(
      createHttpsNetworkClient().sendGetRequestAsync('http://127.0.0.1:1/x'),
    ).rejects.toThrow(ProviderUnreachableError);
  });

  it('gives up on a provider that does not answer', async () => {
    const client = createHttpsNetworkClient({ extraCaPem: tls.caPem, timeoutMs: 100 });
    await expect(client.sendPostRequestAsync(`${origin}/slow`, { body: '' })).rejects.toThrow(
      /no answer in 100 ms/,
    );
  });

  it('reads a body that is not JSON as empty, and refuses one too large for a provider', async () => {
    const client = createHttpsNetworkClient({ extraCaPem: tls.caPem });
    await expect(client.sendGetRequestAsync(`${origin}/text`)).resolves.toMatchObject({ body: {} });
    await expect(client.sendGetRequestAsync(`${origin}/huge`)).rejects.toThrow(
      ProviderUnreachableError,
    );
  });
});
