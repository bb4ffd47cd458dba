/**
 * What a FHIR request asks for, as the router found it from method and path
 * alone: the service, the interaction and its type, id, version or operation.
 * Faults and operations read it; `http/route-request.ts` produces it.
 */

export type Interaction =
  | 'capabilities'
  | 'page'
  | 'search-system'
  | 'batch'
  | 'search-type'
  | 'create'
  | 'read'
  | 'vread'
  | 'update'
  | 'patch'
  | 'delete'
  | 'history-type'
  | 'history-instance'
  | 'operation';

export interface FhirRoute {
  readonly kind: 'fhir';
  readonly service: string;
  readonly interaction: Interaction;
  readonly type?: string;
  readonly id?: string;
  readonly versionId?: string;
  /** Operation name without `$`. */
  readonly operation?: string;
  /** Search by POST (`/<Type>/_search`). */
  readonly searchByPost?: boolean;
  /** PUT/PATCH/DELETE on the type itself (conditional). */
  readonly conditional?: boolean;
}
