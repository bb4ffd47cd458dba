import { readFile, realpath } from 'node:fs/promises';
import { extname, normalize, resolve, sep } from 'node:path';
import { contentSecurityPolicy, createNonce, NONCE_PLACEHOLDER } from '../security/csp.ts';

export type AssetResolution =
  | {
      readonly kind: 'file';
      readonly filePath: string;
      readonly contentType: string;
      readonly isDocument: boolean;
    }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'forbidden'; readonly reason: string };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Maps a request path to a file under `rootDir`, refusing anything that could
 * leave it: encoded traversal, backslashes, NUL, malformed escapes. Unknown
 * file types are not served.
 */
export function resolveAppAsset(pathname: string, rootDir: string): AssetResolution {
  if (pathname.length > 1024) return { kind: 'forbidden', reason: 'path too long' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'forbidden', reason: 'malformed escape in path' };
  }
  if (decoded.includes('\0') || decoded.includes('\\'))
    return { kind: 'forbidden', reason: 'illegal character in path' };
  if (decoded.split('/').some((segment) => segment === '..'))
    return { kind: 'forbidden', reason: 'path traversal' };
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = resolve(rootDir);
  const filePath = resolve(root, normalize(relative));
  if (filePath !== root && !filePath.startsWith(root + sep))
    return { kind: 'forbidden', reason: 'path outside the app' };
  const extension = extname(filePath).toLowerCase();
  const contentType = CONTENT_TYPES[extension];
  if (!contentType) return { kind: 'not-found' };
  // Compared lower-cased like the type: on a case-insensitive disk `/INDEX.HTML` is the app page.
  return { kind: 'file', filePath, contentType, isDocument: extension === '.html' };
}

export interface AssetResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array | string;
}

const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
} as const;

function plain(status: number, text: string): AssetResponse {
  return {
    status,
    headers: { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
    body: text,
  };
}

/**
 * Serves one app file. Documents get a fresh CSP nonce, written into the
 * page for the style injectors and into the header that enforces it.
 * `extraHeadHtml` lets the web harness add its bridge script (with the nonce).
 */
export async function loadAppAsset(
  pathname: string,
  rootDir: string,
  options: { readonly extraHeadHtml?: (nonce: string) => string } = {},
): Promise<AssetResponse> {
  const resolution = resolveAppAsset(pathname, rootDir);
  if (resolution.kind === 'forbidden') return plain(403, 'Forbidden');
  if (resolution.kind === 'not-found') return plain(404, 'Not found');
  let content: Buffer;
  try {
    // A symlink may point anywhere: serve only what really lies inside the folder.
    const [realRoot, realFile] = await Promise.all([
      realpath(rootDir),
      realpath(resolution.filePath),
    ]);
    if (!realFile.startsWith(realRoot + sep)) return plain(404, 'Not found');
    content = await readFile(realFile);
  } catch {
    return plain(404, 'Not found');
  }
  if (!resolution.isDocument) {
    return {
      status: 200,
      headers: { ...COMMON_HEADERS, 'Content-Type': resolution.contentType },
      body: content,
    };
  }
  const nonce = createNonce();
  let html = content.toString('utf8').replaceAll(NONCE_PLACEHOLDER, nonce);
  const extra = options.extraHeadHtml?.(nonce);
  if (extra) html = html.replace('</head>', `${extra}</head>`);
  return {
    status: 200,
    headers: {
      ...COMMON_HEADERS,
      'Content-Type': resolution.contentType,
      'Content-Security-Policy': contentSecurityPolicy(nonce),
      'Cache-Control': 'no-store',
    },
    body: html,
  };
}
