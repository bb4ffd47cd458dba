import { randomBytes } from 'node:crypto';

/**
 * The one Content-Security-Policy, sent as a header with every app document
 * (custom protocol in Electron, the harness in the browser). Scripts only
 * from the app itself; styles from the app or carrying this response's nonce
 * (the component library and ag-grid inject theirs with it); data only from
 * the app's own origin, where the FHIR gateway lives.
 */
export function contentSecurityPolicy(nonce: string): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(nonce))
    throw new Error('CSP nonce must be at least 16 base64 characters');
  const directives: Record<string, string> = {
    'default-src': "'none'",
    'script-src': "'self'",
    'style-src': `'self' 'nonce-${nonce}'`,
    'img-src': "'self' data: blob:",
    'font-src': "'self' data:",
    'connect-src': "'self'",
    'worker-src': "'self'",
    'manifest-src': "'none'",
    'media-src': "'none'",
    'frame-src': "'none'",
    'object-src': "'none'",
    'base-uri': "'none'",
    'form-action': "'none'",
    'frame-ancestors': "'none'",
  };
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}

/** 128 random bits, fresh for every document. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/** Placeholder Vite writes into the built index.html (`html.cspNonce`). */
export const NONCE_PLACEHOLDER = 'CSP_NONCE_PLACEHOLDER';
