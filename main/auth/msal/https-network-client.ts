import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { request } from 'node:https';
import { rootCertificates } from 'node:tls';

/** How long one request to the provider may take before it counts as unreachable. */
export const PROVIDER_REQUEST_TIMEOUT_MS = 15_000;
/** Discovery documents, keys and token responses are small; anything bigger is not a provider. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface HttpsNetworkClientOptions {
  /**
   * A CA to trust besides Node's own roots (PEM): a region's own CA in front of
   * its provider, or a test's throwaway CA. Node reads `NODE_EXTRA_CA_CERTS`
   * only when the process starts, so this is how a running app (or a test)
   * trusts one more CA.
   */
  readonly extraCaPem?: string;
  readonly timeoutMs?: number;
}

/** Raised for a request that got no HTTP answer (refused, reset, timed out, bad certificate). */
export class ProviderUnreachableError extends Error {
  override readonly name = 'ProviderUnreachableError';
}

/**
 * msal-node's network module over `node:https`: every request msal makes
 * (discovery, keys, token) and the app's own discovery read for sign-out,
 * with one timeout and the CA the app was told to trust. msal-node 7's own
 * client uses `fetch`, which has no per-call CA option.
 */
export function createHttpsNetworkClient(options: HttpsNetworkClientOptions = {}): INetworkModule {
  const ca = options.extraCaPem ? [...rootCertificates, options.extraCaPem] : undefined;
  const timeoutMs = options.timeoutMs ?? PROVIDER_REQUEST_TIMEOUT_MS;
  const send = <T>(
    method: 'GET' | 'POST',
    url: string,
    init: NetworkRequestOptions | undefined,
    timeout: number,
  ): Promise<NetworkResponse<T>> =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      if (target.protocol !== 'https:') {
        reject(new ProviderUnreachableError(`refused a non-https provider URL (${target.origin})`));
        return;
      }
      const body = method === 'POST' ? (init?.body ?? '') : undefined;
      const headers: Record<string, string | number> = { ...init?.headers };
      if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
      const outgoing = request(target, { method, headers, ...(ca ? { ca } : {}) }, (incoming) => {
        const chunks: Buffer[] = [];
        let received = 0;
        incoming.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > MAX_RESPONSE_BYTES) outgoing.destroy(new Error('response too large'));
          else chunks.push(chunk);
        });
        incoming.on('error', (error) => reject(new ProviderUnreachableError(error.message)));
        incoming.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const responseHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries(incoming.headers))
            if (value !== undefined) responseHeaders[name] = String(value);
          resolve({
            headers: responseHeaders,
            body: parseBody(text) as T,
            status: incoming.statusCode ?? 0,
          });
        });
      });
      outgoing.setTimeout(timeout, () => outgoing.destroy(new Error(`no answer in ${timeout} ms`)));
      outgoing.on('error', (error) => reject(new ProviderUnreachableError(error.message)));
      outgoing.end(body);
    });
  return {
    sendGetRequestAsync: (url, init, timeout) =>
      send('GET', url, init, Math.min(timeout ?? timeoutMs, timeoutMs)),
    sendPostRequestAsync: (url, init) => send('POST', url, init, timeoutMs),
  };
}

/** msal reads error responses from the body too, so a non-JSON body becomes an empty object. */
function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return {};
  }
}
