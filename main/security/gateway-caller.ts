/**
 * Whether a request to the FHIR gateway comes from the app itself: the
 * gateway adds the user's token, so no other page may reach it. A browser
 * sends `Sec-Fetch-Site` on every fetch, and `Origin` on writes and
 * cross-origin reads; a request from main sends neither. So: the page's own
 * (`same-origin`) or no fetch metadata at all, and an Origin, when sent, that
 * is exactly the app's. Header names are lower case, as both servers give them.
 */
export function gatewayCallerAllowed(
  headers: Readonly<Record<string, string | undefined>>,
  appOrigin: string,
): boolean {
  const site = headers['sec-fetch-site'];
  const origin = headers.origin;
  return (
    (site === undefined || site === 'same-origin') && (origin === undefined || origin === appOrigin)
  );
}
