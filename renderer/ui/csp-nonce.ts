/**
 * The nonce the server put into this document's CSP. Vite writes a
 * `<meta property="csp-nonce">` into the built page; the browser hides the
 * attribute after parsing, but the `nonce` property keeps it.
 */
export function readCspNonce(doc: Document = document): string | undefined {
  const meta = doc.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]');
  const nonce = meta?.nonce || meta?.getAttribute('nonce') || '';
  return nonce && nonce !== 'CSP_NONCE_PLACEHOLDER' ? nonce : undefined;
}
