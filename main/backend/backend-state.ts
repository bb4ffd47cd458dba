import type { FhirServiceMap } from '../fhir-gateway/service-map.ts';
import type { PersonaRecord } from '../../shared/domain/persona-record.ts';

export type BackendStatus =
  | { readonly kind: 'starting' }
  | { readonly kind: 'ready'; readonly source: 'demo' | 'configured'; readonly origin: string }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * Which FHIR back end main talks to, and how far it has come: the embedded
 * demo back end starts in the background, so its service map and personas
 * arrive after the window is open.
 */
export interface BackendState {
  status(): BackendStatus;
  serviceMap(): FhirServiceMap | null;
  /** Demo personas; null while the demo back end is starting. */
  personas(): readonly PersonaRecord[] | null;
  ready(
    source: 'demo' | 'configured',
    origin: string,
    map: FhirServiceMap,
    personas: readonly PersonaRecord[],
  ): void;
  failed(message: string): void;
}

export function createBackendState(): BackendState {
  let status: BackendStatus = { kind: 'starting' };
  let map: FhirServiceMap | null = null;
  let personas: readonly PersonaRecord[] | null = null;
  return {
    status: () => status,
    serviceMap: () => map,
    personas: () => (status.kind === 'starting' ? null : (personas ?? [])),
    ready: (source, origin, serviceMap, records) => {
      status = { kind: 'ready', source, origin };
      map = serviceMap;
      personas = records;
    },
    failed: (message) => {
      status = { kind: 'failed', message };
      map = null;
      personas = [];
    },
  };
}
