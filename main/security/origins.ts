/**
 * Origin comparison that works for custom schemes too: Node's URL reports the
 * origin of `app://workbench` as "null", so scheme, host and port are
 * compared instead.
 */
export function parseUrl(value: unknown): URL | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 8192) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

export function originKey(url: URL): string {
  return `${url.protocol}//${url.host}`.toLowerCase();
}

/** True when `value` is a URL on one of `allowedOrigins` (each written like `https://host:port`). */
export function isOnOrigin(value: unknown, allowedOrigins: readonly string[]): boolean {
  const url = parseUrl(value);
  if (!url || url.username || url.password) return false;
  const key = originKey(url);
  return allowedOrigins.some((origin) => {
    const allowed = parseUrl(origin);
    return allowed !== null && originKey(allowed) === key;
  });
}
