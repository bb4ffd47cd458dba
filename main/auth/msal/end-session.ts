import type { INetworkModule } from '@azure/msal-node';

/**
 * The provider's RP-initiated logout address for this user (OpenID Connect
 * RP-Initiated Logout 1.0), opened in the system browser so the provider
 * ends its session too: otherwise the next person at a shared workstation
 * would be let through on it. Null when the discovery document names no
 * https end-session endpoint (then only the app's own sign-out happens).
 * No `post_logout_redirect_uri`: the browser stays on the provider's page.
 */
export function endSessionUrl(
  discovery: unknown,
  request: { readonly clientId: string; readonly idTokenHint: string | null },
): string | null {
  if (typeof discovery !== 'object' || discovery === null) return null;
  const endpoint = (discovery as { end_session_endpoint?: unknown }).end_session_endpoint;
  if (typeof endpoint !== 'string') return null;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.hash) return null;
  url.searchParams.set('client_id', request.clientId);
  if (request.idTokenHint) url.searchParams.set('id_token_hint', request.idTokenHint);
  return url.href;
}

/** The provider's discovery document, or null when it cannot be had (sign-out goes on without it). */
export async function readDiscovery(networkClient: INetworkModule, url: string): Promise<unknown> {
  try {
    const response = await networkClient.sendGetRequestAsync<unknown>(url);
    return response.status === 200 ? response.body : null;
  } catch {
    return null;
  }
}
