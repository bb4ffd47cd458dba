import { protocol, type Session } from 'electron';
import { APP_HOST, APP_SCHEME } from '../app-origin.ts';
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

/** Serves the built renderer on the app's own session only. */
export function handleAppProtocol(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    const asset = await loadAppAsset(url.pathname, rendererDir);
    const body = typeof asset.body === 'string' ? asset.body : new Uint8Array(asset.body);
    return new Response(body, { status: asset.status, headers: asset.headers });
  });
}
