import { createContext, useContext } from 'react';

/** This document's CSP nonce, for libraries that inject style elements (ag-grid). */
export const CspNonceContext = createContext<string | undefined>(undefined);

export function useCspNonce(): string | undefined {
  return useContext(CspNonceContext);
}
