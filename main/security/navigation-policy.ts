import { isOnOrigin } from './origins.ts';

export type PolicyDecision =
  { readonly allow: true } | { readonly allow: false; readonly reason: string };

const ALLOW: PolicyDecision = { allow: true };

/**
 * Whether a frame may navigate or be redirected to `targetUrl`. Only the
 * origins the window was opened for are allowed; everything else (other
 * hosts, `file:`, `javascript:`, `data:`, malformed URLs) is refused.
 */
export function decideNavigation(
  targetUrl: unknown,
  allowedOrigins: readonly string[],
): PolicyDecision {
  if (isOnOrigin(targetUrl, allowedOrigins)) return ALLOW;
  return { allow: false, reason: `navigation to ${describe(targetUrl)} is not allowed` };
}

/**
 * `window.open` and `target=_blank` never create an Electron window: the app
 * makes its windows itself. A safe link is handed to the external-link gate.
 */
export function decideWindowOpen(targetUrl: unknown): {
  readonly action: 'deny';
  readonly openExternally: boolean;
} {
  return {
    action: 'deny',
    openExternally: typeof targetUrl === 'string' && isSafeExternalUrl(targetUrl),
  };
}

const MAX_EXTERNAL_URL_LENGTH = 2048;

/** Only plain `https:` links to a named host, without credentials, leave the app. */
export function isSafeExternalUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_EXTERNAL_URL_LENGTH) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.hostname.length > 0 && !url.username && !url.password;
}

/**
 * The one gate for opening links in the system browser. `open` is
 * `shell.openExternal` in the app; anything but a safe https URL is refused.
 */
export async function openExternalUrl(
  value: unknown,
  open: (url: string) => Promise<void>,
): Promise<PolicyDecision> {
  if (!isSafeExternalUrl(value)) {
    return {
      allow: false,
      reason: `only https links open outside the app, not ${describe(value)}`,
    };
  }
  await open(new URL(value).href);
  return ALLOW;
}

function describe(value: unknown): string {
  if (typeof value !== 'string') return `a ${typeof value}`;
  return value.length > 80 ? `${JSON.stringify(value.slice(0, 80))}…` : JSON.stringify(value);
}
