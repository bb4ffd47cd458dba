import { protocol, type Session } from 'electron';
import { APP_HOST, APP_ORIGIN, APP_SCHEME } from '../app-origin.ts';
import {
  callerRefused,
  type FhirGateway,
  type GatewayResponse,
} from '../fhir-gateway/fhir-gateway.ts';
import { GATEWAY_PATH } from '../fhir-gateway/normalise.ts';
import { gatewayCallerAllowed } from '../security/gateway-caller.ts';
import { loadAppAsset } from './app-assets.ts';

/** Must run before `app.whenReady()`: makes `app://` a standard, secure scheme with fetch and CORS. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: true,
        corsEnabled: true,
        stream: true,
      },
    },
  ]);
}

/**
 * Serves the built renderer, and the FHIR gateway at `/fhir`, on the app's own
 * session only: the renderer's fetch to `/fhir/…` never leaves the app, only
 * the app's own page may make it, and only main adds the token.
 */
export function handleAppProtocol(
  session: Session,
  rendererDir: string,
  gateway: FhirGateway,
): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    if (url.pathname === GATEWAY_PATH || url.pathname.startsWith(`${GATEWAY_PATH}/`)) {
      const headers = Object.fromEntries(request.headers.entries());
      // Refused before its body is read: only the app's own page may use the gateway.
      const answer = gatewayCallerAllowed(headers, APP_ORIGIN)
        ? await passToGateway(request, url, headers, gateway)
        : callerRefused();
      return new Response(answer.body.length > 0 ? answer.body : null, {
        status: answer.status,
        headers: answer.headers,
      });
    }
    const asset = await loadAppAsset(url.pathname, rendererDir);
    const body = typeof asset.body === 'string' ? asset.body : new Uint8Array(asset.body);
    return new Response(body, { status: asset.status, headers: asset.headers });
  });
}

async function passToGateway(
  request: Request,
  url: URL,
  headers: Record<string, string>,
  gateway: FhirGateway,
): Promise<GatewayResponse> {
  const body =
    request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text();
  return gateway.handle({
    method: request.method,
    path: `${url.pathname}${url.search}`,
    headers,
    ...(body === undefined ? {} : { body }),
  });
}
