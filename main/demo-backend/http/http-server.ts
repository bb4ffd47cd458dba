import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { BackendContext } from '../backend-context.ts';
import type { RequestData } from '../fhir/request-data.ts';
import type { AdjustableClock } from '../../../shared/time/clock.ts';
import type { FaultController, FaultDecision } from '../faults/fault-controller.ts';
import { handleAdmin } from './admin-endpoint.ts';
import { dispatch } from './dispatch.ts';
import { FhirHttpError, operationOutcome } from '../fhir/fhir-error.ts';
import { routeRequest } from './route-request.ts';
import { type FhirRoute } from '../fhir/fhir-route.ts';
import { failureReply, outcomeReply, type HttpReply } from '../fhir/replies.ts';
import { admitRequest, answerAuditLog, type AccessChecks } from '../access/request-gate.ts';
import { auditRequest } from '../access/request-audit.ts';

/**
 * The loopback HTTP front: reads the body (size-limited), checks the Host header,
 * routes, applies faults, dispatches, and writes the answer. Nothing a client
 * sends can make it throw out of a request; every refusal is an OperationOutcome.
 */

export interface RequestLogEntry {
  readonly method: string;
  /** Path only: queries may hold CPR numbers, which never go to logs. */
  readonly path: string;
  readonly status: number | 'dropped' | 'held';
  readonly ms: number;
  readonly fault?: string;
}

export interface HttpServerParts {
  /**
   * Bearer-token checks (access/request-access.ts): with them every FHIR request
   * needs a valid token, is held to FUT's access rule and role checks, and is
   * audited. Without them (tests of other parts) the server answers anyone.
   */
  readonly auth?: AccessChecks;
  readonly faults: FaultController;
  readonly adminToken: string;
  /** The server's wall clock, which the admin endpoint may move. */
  readonly clock: AdjustableClock;
  readonly maxBodyBytes: number;
  readonly logRequest: (entry: RequestLogEntry) => void;
  readonly logError: (message: string, error: unknown) => void;
}

class BodyTooLarge extends Error {}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? '0');
  if (declared > limit) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        reject(new BodyTooLarge());
      } else {
        chunks.push(chunk);
      }
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, reply: HttpReply, close = false): void {
  if (response.headersSent || response.destroyed) return;
  // Bytes: a string body would be measured, then joined to the header block and
  // encoded by the socket, each a full copy of a page of 1,000 resources.
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
  response.writeHead(reply.status, {
    ...reply.headers,
    'Content-Length': String(body?.length ?? 0),
    ...(close ? { Connection: 'close' } : {}),
  });
  response.end(body);
}

/** No Accept header, or one that takes JSON (FHIR JSON, plain JSON, any type). */
function acceptsJson(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept
    .split(',')
    .some((part) => /^\s*(\*\/\*|application\/\*|application\/(fhir\+)?json)\s*(;|$)/i.test(part));
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A truncated body: the start of the real JSON, cut so it cannot parse. */
function malformed(reply: HttpReply): HttpReply {
  const text = reply.body?.toString('utf8') ?? '{"resourceType":"OperationOutcome"}';
  return { ...reply, body: `${text.slice(0, Math.max(1, Math.floor(text.length / 2)))}\u0000` };
}

export class DemoHttpServer {
  readonly server: Server;
  readonly #parts: HttpServerParts;
  #context: BackendContext | undefined;
  #allowedHosts: ReadonlySet<string> = new Set();

  constructor(parts: HttpServerParts) {
    this.#parts = parts;
    this.server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        parts.logError('request handling failed', error);
        send(response, failureReply(error).reply, true);
      });
    });
    this.server.on('clientError', (_error, socket) => {
      if (socket.writable)
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      else socket.destroy();
    });
  }

  /** Starts answering FHIR requests (until then: 503). */
  attach(context: BackendContext, port: number): void {
    this.#context = context;
    this.#allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = request.method ?? 'GET';
    const rawUrl = request.url ?? '/';
    const pathname = rawUrl.split('?')[0] ?? '/';
    const log = (status: RequestLogEntry['status'], fault?: string): void =>
      this.#parts.logRequest({
        method,
        path: pathname,
        status,
        ms: Math.round(performance.now() - started),
        ...(fault ? { fault } : {}),
      });
    const context = this.#context;
    if (!context) {
      send(
        response,
        outcomeReply(
          503,
          operationOutcome('error', 'transient', 'The demo back end is still starting.'),
        ),
      );
      return log(503);
    }
    if (!this.#allowedHosts.has(request.headers.host ?? '')) {
      // Only loopback names: a page on another origin cannot reach us through DNS rebinding.
      send(
        response,
        outcomeReply(403, operationOutcome('error', 'forbidden', 'Unexpected Host header.')),
        true,
      );
      return log(403);
    }
    let body: Buffer;
    try {
      body = await readBody(request, this.#parts.maxBodyBytes);
    } catch (error) {
      const tooLarge = error instanceof BodyTooLarge;
      const text = tooLarge
        ? `The body exceeds ${this.#parts.maxBodyBytes} bytes.`
        : 'The body could not be read.';
      send(
        response,
        outcomeReply(tooLarge ? 413 : 400, operationOutcome('error', 'too-long', text)),
        true,
      );
      return log(tooLarge ? 413 : 400);
    }
    const url = new URL(rawUrl.startsWith('/') ? rawUrl : '/', context.wire.origin);
    const data: RequestData = {
      method,
      pathname: url.pathname,
      query: [...url.searchParams],
      selfUrl: `${context.wire.origin}${rawUrl}`,
      headers: Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [
          name,
          Array.isArray(value) ? value.join(', ') : value,
        ]),
      ),
      body,
    };
    if (url.pathname.startsWith('/audit/fhir/AuditEvent') && this.#parts.auth) {
      // The region's audit log: not a FUT service, no faults; a privacy officer reads a trail.
      const reply = await answerAuditLog(this.#parts.auth, data, context);
      send(response, reply);
      return log(reply.status);
    }
    const route = routeRequest(method, url.pathname, new Set(context.catalog.services.keys()));
    if (route.kind === 'admin') {
      send(response, handleAdmin(data, this.#parts.adminToken, this.#parts));
      return log(response.statusCode);
    }
    if (route.kind === 'unknown') {
      send(
        response,
        outcomeReply(route.status, operationOutcome('error', 'not-supported', route.text)),
      );
      return log(route.status);
    }
    if (!acceptsJson(data.headers.accept)) {
      send(
        response,
        outcomeReply(
          406,
          operationOutcome(
            'error',
            'not-supported',
            'This server answers in application/fhir+json only.',
          ),
        ),
      );
      return log(406);
    }
    let requestContext = context;
    const auth = this.#parts.auth;
    if (auth && route.interaction !== 'capabilities') {
      const admitted = await admitRequest(auth, route, data, context);
      if ('refused' in admitted) {
        send(response, admitted.refused);
        return log(admitted.refused.status);
      }
      requestContext = admitted.context;
    }
    const decision = this.#parts.faults.decide({ method, url: rawUrl, route });
    await this.#answer(route, data, decision, requestContext, request, response, log);
    if (auth && requestContext.access) auditRequest(auth.audit, route, data, requestContext);
  }

  async #answer(
    route: FhirRoute,
    data: RequestData,
    decision: FaultDecision,
    context: BackendContext,
    request: IncomingMessage,
    response: ServerResponse,
    log: (status: RequestLogEntry['status'], fault?: string) => void,
  ): Promise<void> {
    if (decision.latencyMs > 0) await wait(decision.latencyMs);
    const fault = decision.action;
    switch (fault) {
      case 'drop-connection':
        request.socket.destroy();
        return log('dropped', fault);
      case 'timeout':
        // Never answered; the socket is closed by the client or by close().
        return log('held', fault);
      case 'http-500':
        send(
          response,
          outcomeReply(500, operationOutcome('error', 'exception', 'Injected fault: HTTP 500.')),
        );
        return log(500, fault);
      case 'malformed-body':
      case 'duplicate-delivery':
      case 'commit-then-drop':
      case undefined:
        break;
    }
    let reply = await this.#dispatchSafely(route, data, context);
    if (fault === 'duplicate-delivery') reply = await this.#dispatchSafely(route, data, context);
    if (fault === 'commit-then-drop') {
      request.socket.destroy();
      return log('dropped', fault);
    }
    if (fault === 'malformed-body') reply = malformed(reply);
    send(response, reply);
    log(reply.status, fault);
  }

  async #dispatchSafely(
    route: FhirRoute,
    data: RequestData,
    context: BackendContext,
  ): Promise<HttpReply> {
    try {
      return await dispatch(route, data, context);
    } catch (error) {
      const { reply, internal } = failureReply(error);
      if (internal && !(error instanceof FhirHttpError))
        this.#parts.logError(`${data.method} ${data.pathname} failed`, error);
      return reply;
    }
  }
}
