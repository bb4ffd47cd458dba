import type { ExtractResource, Resource, ResourceType } from '@medplum/fhirtypes';
import { z } from 'zod/mini';
import { FhirError, unreadable } from './fhir-error.ts';
import {
  expectResource,
  isIdentifiedResourceOf,
  isResource,
  isResourceOf,
  parseSearchPage,
  type FhirResource,
  type SearchPage,
} from './fhir-parse.ts';

/** The gateway's path on the app's own origin, in Electron and in the harness alike. */
export const FHIR_BASE = '/fhir';

const OperationOutcomeSchema = z.looseObject({
  resourceType: z.literal('OperationOutcome'),
  issue: z.optional(
    z.array(
      z.looseObject({
        diagnostics: z.optional(z.string()),
        details: z.optional(z.looseObject({ text: z.optional(z.string()) })),
      }),
    ),
  ),
});

export type FhirFetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface SearchOptions {
  readonly signal?: AbortSignal;
  /** More pages than this is a server that does not stop: an invalid response. */
  readonly maxPages?: number;
}

/** Every page of a search: the matches, all of the type searched, and what `_include` brought. */
export interface SearchResult<K extends ResourceType> {
  readonly matches: FhirResource<K>[];
  /** Included resources of any type, each with an id. */
  readonly included: FhirResource[];
}

export interface FhirClient {
  /** GET `type/id`: the resource, checked to be of `type` with an id. */
  read<K extends ResourceType>(type: K, id: string, signal?: AbortSignal): Promise<FhirResource<K>>;
  /** GET `type/id/_history/versionId`. */
  readVersion<K extends ResourceType>(
    type: K,
    id: string,
    versionId: string,
    signal?: AbortSignal,
  ): Promise<FhirResource<K>>;
  /**
   * `type?query`, following `next` links through the gateway: every match
   * must be a `type` with an id (anything else is an invalid response).
   */
  search<K extends ResourceType>(
    type: K,
    query: string,
    options?: SearchOptions,
  ): Promise<SearchResult<K>>;
  /**
   * One page of a search (`path` relative to the gateway, e.g. a first page or
   * a `next` link with the base cut off), for callers that page themselves.
   * Its `next` is given only when it points back into the gateway.
   */
  searchPage(path: string, signal?: AbortSignal): Promise<SearchPage>;
  /** GET an operation (`Patient/1/$get-patient-procedures?…`), expecting a resource of `answer` type. */
  operation<K extends ResourceType>(
    path: string,
    answer: K,
    signal?: AbortSignal,
  ): Promise<ExtractResource<K>>;
  /**
   * A write through the gateway (`Task/1`, `$submit-measurement`): the body is
   * sent as JSON (FHIR JSON unless `contentType` says otherwise) with the
   * headers the gateway forwards. Fails like `read`; the caller decides what a
   * failure means for a write (the gateway never retries one).
   */
  send(method: FhirWriteMethod, path: string, request: FhirWriteRequest): Promise<FhirWriteAnswer>;
}

export type FhirWriteMethod = 'POST' | 'PUT' | 'PATCH';

/** The request headers the gateway forwards for writes. */
export interface FhirWriteHeaders {
  readonly 'if-match'?: string;
  readonly 'if-none-exist'?: string;
  readonly prefer?: string;
  readonly 'x-request-id'?: string;
}

export interface FhirWriteRequest {
  readonly body: unknown;
  /** Default `application/fhir+json`; JSON Patch is `application/json-patch+json`. */
  readonly contentType?: string;
  readonly headers?: FhirWriteHeaders;
  readonly signal?: AbortSignal;
}

export interface FhirWriteAnswer {
  readonly status: number;
  /** The written version's ETag (`W/"4"`), when the server sent one. */
  readonly etag: string | null;
  /** The answer's resource, or null when the server sent no body. */
  readonly resource: Resource | null;
}

const DEFAULT_MAX_PAGES = 200;

/**
 * Plain `fetch` to the gateway: the renderer never sees a token or a back-end
 * host. Every failure becomes a `FhirError` with a clear kind, and every body
 * is checked to be what was asked for before a caller sees it.
 */
export function createFhirClient(
  doFetch: FhirFetch = (input, init) => fetch(input, init),
): FhirClient {
  async function get(path: string, signal?: AbortSignal): Promise<FhirWriteAnswer> {
    return exchange(
      `${FHIR_BASE}/${path}`,
      { headers: { accept: 'application/fhir+json' } },
      signal,
    );
  }

  async function exchange(
    url: string,
    init: RequestInit,
    signal?: AbortSignal,
  ): Promise<FhirWriteAnswer> {
    let response: Response;
    try {
      // Never from or into the HTTP cache: clinical data stays out of it (docs/adr/0003).
      const request: RequestInit & { readonly cache?: 'no-store' } = {
        ...init,
        cache: 'no-store',
        signal,
      };
      response = await doFetch(url, request);
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new FhirError('unreachable', 0, 'The FHIR server cannot be reached.');
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text.length > 0 ? JSON.parse(text) : null;
    } catch {
      body = undefined;
    }
    if (!response.ok) throw refusal(response.status, body);
    const etag = response.headers.get('etag');
    if (text.length === 0) return { status: response.status, etag, resource: null };
    if (!isResource(body)) throw unreadable(response.status);
    return { status: response.status, etag, resource: body };
  }

  async function searchPage(path: string, signal?: AbortSignal): Promise<SearchPage> {
    const answer = await get(path, signal);
    const page = parseSearchPage(answer.resource, answer.status);
    // The gateway has rewritten every followable link to its own path; anything else is not followed.
    const inGateway = page.next !== null && page.next.startsWith(`${FHIR_BASE}/`);
    return {
      ...page,
      next: inGateway && page.next !== null ? page.next.slice(FHIR_BASE.length + 1) : null,
      leavesGateway: page.next !== null && !inGateway,
    };
  }

  return {
    read: async (type, id, signal) => {
      const answer = await get(`${type}/${encodeURIComponent(id)}`, signal);
      return expectResource(answer.resource, type, answer.status);
    },
    readVersion: async (type, id, versionId, signal) => {
      const path = `${type}/${encodeURIComponent(id)}/_history/${encodeURIComponent(versionId)}`;
      const answer = await get(path, signal);
      return expectResource(answer.resource, type, answer.status);
    },
    search: async (type, query, options = {}) => {
      const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
      const matches: FhirResource<typeof type>[] = [];
      const included: FhirResource[] = [];
      const visited = new Set<string>();
      let next: string | null = query.length > 0 ? `${type}?${query}` : type;
      for (let page = 0; next !== null; page++) {
        if (page >= maxPages || visited.has(next))
          throw new FhirError(
            'invalid-response',
            200,
            'The FHIR server kept sending more pages than expected.',
          );
        visited.add(next);
        const answer = await searchPage(next, options.signal);
        for (const resource of answer.matches) {
          if (!isIdentifiedResourceOf(resource, type))
            throw unreadable(200, `a ${type} search found a ${resource.resourceType} or no id`);
          matches.push(resource);
        }
        for (const resource of answer.included)
          if (typeof resource.id === 'string' && resource.id.length > 0)
            included.push({ ...resource, id: resource.id });
        next = answer.next;
      }
      return { matches, included };
    },
    searchPage,
    operation: async (path, answerType, signal) => {
      const answer = await get(path, signal);
      if (!isResourceOf(answer.resource, answerType))
        throw unreadable(answer.status, `expected a ${answerType}`);
      return answer.resource;
    },
    send: (method, path, request) =>
      exchange(
        `${FHIR_BASE}/${path}`,
        {
          method,
          headers: {
            accept: 'application/fhir+json',
            'content-type': request.contentType ?? 'application/fhir+json',
            ...request.headers,
          },
          body: JSON.stringify(request.body),
        },
        request.signal,
      ),
  };
}

/** An error answer as a FhirError, with the OperationOutcome's words where there are any. */
function refusal(status: number, body: unknown): FhirError {
  const outcome = OperationOutcomeSchema.safeParse(body);
  const diagnostics = outcome.success
    ? (outcome.data.issue
        ?.map((issue) => issue.diagnostics ?? issue.details?.text)
        .filter(Boolean)
        .join(' ') ?? null)
    : null;
  if (status === 503 || status === 504)
    return new FhirError('unreachable', status, 'The FHIR server cannot be reached.', diagnostics);
  if (status === 502)
    return new FhirError(
      'invalid-response',
      502,
      'The FHIR server sent an answer the workbench cannot read.',
      diagnostics,
    );
  return new FhirError(
    'server',
    status,
    `The FHIR server refused the request (HTTP ${status}).`,
    diagnostics,
  );
}
