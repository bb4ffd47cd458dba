import { writeActionOf, type AppAction } from '../../shared/domain/roles.ts';
import { normaliseBody, normaliseReference } from './normalise.ts';
import { operationOutcome } from './operation-outcome.ts';
import { resolveTarget } from './resolve-target.ts';
import type { FhirServiceMap } from './service-map.ts';

/** A request as it reaches the gateway from the renderer (custom protocol or harness route). */
export interface GatewayRequest {
  readonly method: string;
  /** Path and query below the app origin, e.g. `/fhir/EpisodeOfCare?team=CareTeam/1`. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
}

export interface GatewayResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface GatewayOptions {
  readonly serviceMap: () => FhirServiceMap | null;
  /** The bearer token for the signed-in user; null while signed out (the demo back end needs none). */
  readonly accessToken?: () => Promise<string | null>;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  /** Extra attempts for idempotent reads after a network error or 502/503/504. */
  readonly readRetries?: number;
  readonly retryDelayMs?: (attempt: number) => number;
  readonly log?: (message: string) => void;
  /**
   * Whether the signed-in user's roles allow a write (docs/adr/0006): main
   * refuses what the role cannot do before it reaches the server, which
   * refuses it too. Absent: every write goes on (tests of other parts).
   */
  readonly mayWrite?: (action: AppAction) => boolean;
}

export interface FhirGateway {
  handle(request: GatewayRequest): Promise<GatewayResponse>;
  /** Cuts the back end off (offline tests) or restores it. */
  setReachable(reachable: boolean): void;
  readonly reachable: boolean;
}

const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'content-type',
  'if-match',
  'if-none-exist',
  'if-none-match',
  'prefer',
  'x-request-id',
];
const FORWARDED_RESPONSE_HEADERS = ['etag', 'last-modified'];
const ALLOWED_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH']);
const MAX_REQUEST_BYTES = 5 * 1024 * 1024;

/** Marks answers the gateway gives because the back end could not be reached. */
export const UNREACHABLE_HEADER = 'x-workbench-upstream';

/**
 * The only path from the renderer to the FHIR back end. It routes
 * `/fhir/<Type>…`, `/fhir/$<operation>` and `/fhir/<service>/…` to the
 * service that holds them, adds the bearer token, times out and retries
 * reads, normalises references and links (a link to another host is
 * dropped, never followed), and marks every answer `no-store` and `nosniff`.
 */
export function createFhirGateway(options: GatewayOptions): FhirGateway {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const readRetries = options.readRetries ?? 2;
  const retryDelay = options.retryDelayMs ?? ((attempt: number) => 200 * 2 ** attempt);
  const log = options.log ?? (() => undefined);
  let reachable = true;

  async function handle(request: GatewayRequest): Promise<GatewayResponse> {
    const method = request.method.toUpperCase();
    if (!ALLOWED_METHODS.has(method))
      return answer(
        405,
        operationOutcome('not-supported', `${method} is not used by the workbench.`),
      );
    if ((request.body?.length ?? 0) > MAX_REQUEST_BYTES)
      return answer(413, operationOutcome('too-costly', 'The request is too large.'));
    const map = options.serviceMap();
    if (!map) return unreachable('No FHIR server is configured or started yet.');
    const target = resolveTarget(request.path, map);
    if ('error' in target)
      return answer(target.status, operationOutcome('not-found', target.error));
    const action = writeOf(method, request.path);
    if (action && options.mayWrite && !options.mayWrite(action)) {
      return answer(
        403,
        operationOutcome('forbidden', `The user's role does not allow this (${action}).`),
      );
    }
    if (!reachable) return unreachable('The FHIR server cannot be reached (offline).');

    const headers: Record<string, string> = { accept: 'application/fhir+json' };
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = request.headers[name];
      if (value !== undefined && value.length <= 4096) headers[name] = value;
    }
    const token = await options.accessToken?.();
    if (token) headers.authorization = `Bearer ${token}`;

    const idempotent = method === 'GET';
    for (let attempt = 0; ; attempt++) {
      const outcome = await attemptOnce(target.url, method, headers, request.body);
      const retry =
        idempotent &&
        attempt < readRetries &&
        (outcome.kind === 'network' || [502, 503, 504].includes(outcome.status));
      if (!retry)
        return outcome.kind === 'network' ? unreachable(outcome.message) : finish(outcome, map);
      // The path only: a search's query names the citizen (an identifier, a name, a birth date).
      log(`gateway: retrying ${method} ${target.url.split('?')[0]} (attempt ${attempt + 2})`);
      await new Promise((resolve) => setTimeout(resolve, retryDelay(attempt)));
    }
  }

  type Attempt =
    | { kind: 'answer'; status: number; headers: Headers; text: string }
    | { kind: 'network'; message: string; status: 0 };

  async function attemptOnce(
    url: string,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
  ): Promise<Attempt> {
    try {
      const response = await doFetch(url, {
        method,
        headers,
        body: method === 'GET' ? undefined : body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      return {
        kind: 'answer',
        status: response.status,
        headers: response.headers,
        text: await response.text(),
      };
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      return {
        kind: 'network',
        status: 0,
        message: timedOut
          ? `The FHIR server did not answer within ${timeoutMs / 1000} s.`
          : 'The FHIR server cannot be reached.',
      };
    }
  }

  function finish(
    outcome: Extract<Attempt, { kind: 'answer' }>,
    map: FhirServiceMap,
  ): GatewayResponse {
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_RESPONSE_HEADERS) {
      const value = outcome.headers.get(name);
      if (value) headers[name] = value;
    }
    const location = outcome.headers.get('location') ?? outcome.headers.get('content-location');
    if (location) headers.location = normaliseReference(location, map);
    if (outcome.status >= 300 && outcome.status < 400) {
      return answer(
        502,
        operationOutcome(
          'exception',
          'The FHIR server answered with a redirect, which the workbench does not follow.',
        ),
      );
    }
    if (outcome.text.length === 0) return answer(outcome.status, '', headers);
    let json: unknown;
    try {
      json = JSON.parse(outcome.text);
    } catch {
      return answer(
        502,
        operationOutcome(
          'exception',
          `The FHIR server sent a response that is not valid JSON (HTTP ${outcome.status}).`,
        ),
      );
    }
    if (
      typeof json !== 'object' ||
      json === null ||
      typeof (json as { resourceType?: unknown }).resourceType !== 'string'
    ) {
      return answer(
        502,
        operationOutcome(
          'exception',
          `The FHIR server sent JSON that is not a FHIR resource (HTTP ${outcome.status}).`,
        ),
      );
    }
    const report = normaliseBody(json, map);
    if (report.refusedLinks.length > 0) {
      log(
        `gateway: dropped ${report.refusedLinks.length} link(s) to hosts that are not configured FHIR services`,
      );
      headers['x-workbench-refused-links'] = String(report.refusedLinks.length);
    }
    return answer(outcome.status, JSON.stringify(json), headers);
  }

  return {
    handle: (request) =>
      handle(request).catch((error: unknown) => {
        log(`gateway: failed: ${error instanceof Error ? error.message : String(error)}`);
        return answer(
          500,
          operationOutcome('exception', 'The workbench could not pass the request on.'),
        );
      }),
    setReachable: (value) => {
      reachable = value;
    },
    get reachable() {
      return reachable;
    },
  };
}

function answer(
  status: number,
  body: string,
  headers: Record<string, string> = {},
): GatewayResponse {
  return {
    status,
    headers: {
      ...headers,
      'content-type': 'application/fhir+json; charset=utf-8',
      'cache-control': 'no-store',
      // Both servers pass these headers on as they are: no path may sniff a body into HTML.
      'x-content-type-options': 'nosniff',
    },
    body,
  };
}

/** The answer to a caller that is not the app (see `gatewayCallerAllowed`). */
export function callerRefused(): GatewayResponse {
  return answer(
    403,
    operationOutcome('forbidden', 'Only the workbench itself may use its FHIR gateway.'),
  );
}

function unreachable(message: string): GatewayResponse {
  const response = answer(503, operationOutcome('transient', message));
  return { ...response, headers: { ...response.headers, [UNREACHABLE_HEADER]: 'unreachable' } };
}

/**
 * The action a gateway request is, or null for a read: GET, a POST search
 * (`_search`), or an operation that only reads. Judged on the path as the
 * renderer sent it (`/fhir/[service/]Type[/id][/$op]`, `/fhir/$op`).
 */
export function writeOf(method: string, path: string): AppAction | null {
  if (method === 'GET') return null;
  const pathOnly = path.split('?')[0] ?? '';
  const segments = pathOnly.split('/').filter(Boolean).slice(1);
  const operation = segments.find((segment) => segment.startsWith('$'));
  if (operation) return writeActionOf({ operation: operation.slice(1) });
  if (segments.at(-1) === '_search') return null;
  const type = segments.find((segment) => /^[A-Z][A-Za-z]+$/.test(segment)) ?? '';
  return writeActionOf({ type });
}
