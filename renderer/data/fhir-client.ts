import { z } from 'zod/mini';

/** The gateway's path on the app's own origin, in Electron and in the harness alike. */
export const FHIR_BASE = '/fhir';

export type FhirErrorKind =
  /** The back end cannot be reached (offline, down, timed out). */
  | 'unreachable'
  /** The server answered with an error (4xx/5xx) and usually an OperationOutcome. */
  | 'server'
  /** The server's answer is not what FHIR promises (bad JSON, wrong resource type, broken bundle). */
  | 'invalid-response';

/** A failed FHIR call, with a message fit to show and the server's own words where it gave them. */
export class FhirError extends Error {
  readonly kind: FhirErrorKind;
  readonly status: number;
  readonly diagnostics: string | null;
  constructor(
    kind: FhirErrorKind,
    status: number,
    message: string,
    diagnostics: string | null = null,
  ) {
    super(message);
    this.name = 'FhirError';
    this.kind = kind;
    this.status = status;
    this.diagnostics = diagnostics;
  }
}

// zod/mini: the same checks as zod with a fraction of its weight in the start-up bundle.
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

const BundleSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  link: z.optional(z.array(z.looseObject({ relation: z.string(), url: z.string() }))),
  entry: z.optional(
    z.array(
      z.looseObject({
        resource: z.optional(
          z.looseObject({ resourceType: z.string(), id: z.optional(z.string()) }),
        ),
        search: z.optional(z.looseObject({ mode: z.optional(z.string()) })),
      }),
    ),
  ),
});

export type FhirFetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface FhirClient {
  /** GET a resource or bundle through the gateway; `path` starts with the resource type, e.g. `Patient/1`. */
  read(path: string, signal?: AbortSignal): Promise<Record<string, unknown>>;
  /** A search, following `next` links through the gateway, returning every matched resource. */
  searchAll(
    path: string,
    options?: { signal?: AbortSignal; maxPages?: number },
  ): Promise<Record<string, unknown>[]>;
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
  readonly resource: Record<string, unknown> | null;
}

/**
 * Plain `fetch` to the gateway: the renderer never sees a token or a back-end
 * host. Every failure becomes a `FhirError` with a clear kind.
 */
export function createFhirClient(
  doFetch: FhirFetch = (input, init) => fetch(input, init),
): FhirClient {
  async function getJson(url: string, signal?: AbortSignal): Promise<Record<string, unknown>> {
    const answer = await exchange(url, { headers: { accept: 'application/fhir+json' } }, signal);
    if (answer.resource === null) throw unreadable(answer.status);
    return answer.resource;
  }

  async function exchange(
    url: string,
    init: RequestInit,
    signal?: AbortSignal,
  ): Promise<FhirWriteAnswer> {
    let response: Response;
    try {
      response = await doFetch(url, { ...init, cache: 'no-store', signal });
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
    if (!response.ok) {
      const outcome = OperationOutcomeSchema.safeParse(body);
      const diagnostics = outcome.success
        ? (outcome.data.issue
            ?.map((issue) => issue.diagnostics ?? issue.details?.text)
            .filter(Boolean)
            .join(' ') ?? null)
        : null;
      if (response.status === 503 || response.status === 504) {
        throw new FhirError(
          'unreachable',
          response.status,
          'The FHIR server cannot be reached.',
          diagnostics,
        );
      }
      if (response.status === 502)
        throw new FhirError(
          'invalid-response',
          502,
          'The FHIR server sent an answer the workbench cannot read.',
          diagnostics,
        );
      throw new FhirError(
        'server',
        response.status,
        `The FHIR server refused the request (HTTP ${response.status}).`,
        diagnostics,
      );
    }
    const etag = response.headers.get('etag');
    if (text.length === 0) return { status: response.status, etag, resource: null };
    if (
      typeof body !== 'object' ||
      body === null ||
      Array.isArray(body) ||
      typeof (body as { resourceType?: unknown }).resourceType !== 'string'
    ) {
      throw unreadable(response.status);
    }
    return { status: response.status, etag, resource: body as Record<string, unknown> };
  }

  return {
    read: (path, signal) => getJson(`${FHIR_BASE}/${path}`, signal),
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
    searchAll: async (path, options = {}) => {
      const maxPages = options.maxPages ?? 200;
      const resources: Record<string, unknown>[] = [];
      let next: string | null = `${FHIR_BASE}/${path}`;
      const visited = new Set<string>();
      for (let page = 0; next !== null; page++) {
        if (page >= maxPages || visited.has(next)) {
          throw new FhirError(
            'invalid-response',
            200,
            'The FHIR server kept sending more pages than expected.',
          );
        }
        visited.add(next);
        const parsed = BundleSchema.safeParse(await getJson(next, options.signal));
        if (!parsed.success)
          throw new FhirError(
            'invalid-response',
            200,
            'The FHIR server sent a search result that is not a valid Bundle.',
          );
        for (const entry of parsed.data.entry ?? []) {
          if (entry.resource && entry.search?.mode !== 'outcome') resources.push(entry.resource);
        }
        const link =
          parsed.data.link?.find((candidate) => candidate.relation === 'next')?.url ?? null;
        // The gateway has rewritten every followable link to its own path; anything else is not followed.
        next = link !== null && link.startsWith(`${FHIR_BASE}/`) ? link : null;
      }
      return resources;
    },
  };
}

function unreadable(status: number): FhirError {
  return new FhirError(
    'invalid-response',
    status,
    'The FHIR server sent an answer the workbench cannot read.',
  );
}
