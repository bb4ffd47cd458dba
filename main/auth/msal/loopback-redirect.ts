import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignInError } from './sign-in-errors.ts';

/** The provider's answer as it arrived on the redirect address (form_post). */
export interface AuthorizeAnswer {
  readonly code: string | null;
  readonly state: string | null;
  readonly error: string | null;
  /** True when the answer carries exactly one `state`, equal to this sign-in's. */
  readonly stateMatches: boolean;
}

/** What the browser is shown once the sign-in has an outcome. */
export type RedirectPage = 'signed-in' | 'not-signed-in' | 'rejected';

/** What to do with one request on the redirect address. */
export type RedirectVerdict =
  /** Not an authorization response (a favicon, a stray request): answered, and the wait goes on. */
  | { readonly kind: 'ignore'; readonly status: 403 | 404 | 405 | 413 | 415 }
  /** The provider's answer: the sign-in continues with it, the browser waits for the outcome. */
  | { readonly kind: 'answer'; readonly answer: AuthorizeAnswer }
  /** An authorization response delivered the wrong way (in a URL, not a form post). */
  | { readonly kind: 'refuse' };

export interface RedirectRequest {
  readonly method: string;
  /** The request target: path and query. */
  readonly target: string;
  readonly host: string | undefined;
  readonly contentType: string | undefined;
  /** The request's body (a form for a POST; empty otherwise). */
  readonly body: string;
}

const MAX_BODY_BYTES = 64 * 1024;

/**
 * Judges one request on `http://127.0.0.1:<port>`. The provider answers by
 * form_post (the code never sits in a URL or the browser's history); the
 * Host header must be this very address, so a page that rebinds a DNS name
 * to 127.0.0.1 cannot reach it.
 */
export function readRedirect(
  request: RedirectRequest,
  ownHost: string,
  expectedState: string,
): RedirectVerdict {
  if (request.host !== ownHost) return { kind: 'ignore', status: 403 };
  const url = new URL(request.target, `http://${ownHost}`);
  if (url.pathname !== '/') return { kind: 'ignore', status: 404 };
  if (request.method === 'GET') {
    const carriesAnswer = url.searchParams.has('code') || url.searchParams.has('error');
    return carriesAnswer ? { kind: 'refuse' } : { kind: 'ignore', status: 404 };
  }
  if (request.method !== 'POST') return { kind: 'ignore', status: 405 };
  if (
    request.contentType?.split(';')[0]?.trim().toLowerCase() !== 'application/x-www-form-urlencoded'
  )
    return { kind: 'ignore', status: 415 };
  const form = new URLSearchParams(request.body);
  const code = single(form, 'code');
  const error = single(form, 'error');
  if (code === null && error === null) return { kind: 'ignore', status: 404 };
  const states = form.getAll('state');
  return {
    kind: 'answer',
    answer: {
      code,
      error,
      state: states.length === 1 ? (states[0] ?? null) : null,
      stateMatches: states.length === 1 && states[0] === expectedState,
    },
  };
}

function single(form: URLSearchParams, name: string): string | null {
  const values = form.getAll(name);
  return values.length === 1 && values[0] ? values[0] : null;
}

const PAGES: Readonly<Record<RedirectPage, { readonly status: number; readonly text: string }>> = {
  'signed-in': { status: 200, text: 'Du er logget ind. Du kan lukke dette vindue.' },
  'not-signed-in': {
    status: 200,
    text: 'Du blev ikke logget ind. Du kan lukke dette vindue og prøve igen fra Workbench.',
  },
  rejected: {
    status: 400,
    text: 'Svaret hørte ikke til en login fra Workbench og er afvist. Luk vinduet, og prøv igen fra Workbench.',
  },
};

function sendPage(response: ServerResponse, page: RedirectPage): void {
  const { status, text } = PAGES[page];
  if (response.headersSent) return;
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'",
    'referrer-policy': 'no-referrer',
    connection: 'close',
  });
  response.end(
    `<!doctype html><html lang="da"><meta charset="utf-8"><title>Nordjysk eSundhed Workbench</title><p>${text}</p></html>`,
  );
}

/** The provider's answer, and how to tell the browser the outcome once it is known. */
export interface ReceivedAnswer {
  readonly answer: AuthorizeAnswer;
  /** Shows the outcome in the browser tab (once; later calls do nothing). */
  readonly reply: (page: RedirectPage) => void;
}

export interface LoopbackRedirect {
  /** `http://127.0.0.1:<port>`: the redirect URI for this one sign-in. */
  readonly redirectUri: string;
  /**
   * Settles once: with the provider's answer, or a SignInError (`timeout`,
   * `cancelled`, `invalid-redirect`).
   */
  readonly received: Promise<ReceivedAnswer>;
  /** Stops listening; a browser still waiting is shown `not-signed-in`. */
  close(): void;
}

export interface LoopbackOptions {
  readonly expectedState: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/**
 * A redirect address for one sign-in, on 127.0.0.1 only (RFC 8252 §7.3, §8.3:
 * the loopback IP, never `localhost`, which a hosts file or DNS may point
 * elsewhere), on a port the OS picks. It takes one answer, then stops
 * listening.
 */
export async function listenForRedirect(options: LoopbackOptions): Promise<LoopbackRedirect> {
  const { expectedState } = options;
  let settle: { resolve(value: ReceivedAnswer): void; reject(error: SignInError): void };
  const received = new Promise<ReceivedAnswer>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Nobody may be awaiting yet when a timeout or an abort rejects it.
  received.catch(() => undefined);
  let settled = false;
  let pending: ServerResponse | null = null;
  const finish = (outcome: { answer: ReceivedAnswer } | { error: SignInError }): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    server.close();
    if ('answer' in outcome) settle.resolve(outcome.answer);
    else settle.reject(outcome.error);
  };

  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      if (body === null) return answerStatus(response, 413);
      if (settled) return answerStatus(response, 404);
      const verdict = readRedirect(
        {
          method: request.method ?? '',
          target: request.url ?? '/',
          host: request.headers.host,
          contentType: request.headers['content-type'],
          body,
        },
        ownHost,
        expectedState,
      );
      switch (verdict.kind) {
        case 'ignore':
          return answerStatus(response, verdict.status);
        case 'refuse':
          sendPage(response, 'rejected');
          return finish({
            error: new SignInError('invalid-redirect', 'an answer not sent as a form post'),
          });
        case 'answer': {
          pending = response;
          const reply = (page: RedirectPage): void => {
            if (pending === response) pending = null;
            sendPage(response, page);
          };
          return finish({ answer: { answer: verdict.answer, reply } });
        }
      }
    });
  });
  server.on('connection', (socket) => socket.unref());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.unref();
  const ownHost = `127.0.0.1:${(server.address() as AddressInfo).port}`;

  const timer = setTimeout(
    () => finish({ error: new SignInError('timeout', 'no answer from the browser in time') }),
    options.timeoutMs,
  );
  timer.unref();
  const onAbort = (): void =>
    finish({ error: new SignInError('cancelled', 'the app stopped waiting for the browser') });
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  return {
    redirectUri: `http://${ownHost}`,
    received,
    close: () => {
      finish({ error: new SignInError('cancelled', 'the sign-in was closed') });
      if (pending) sendPage(pending, 'not-signed-in');
      pending = null;
    },
  };
}

function answerStatus(response: ServerResponse, status: number): void {
  response.writeHead(status, { 'cache-control': 'no-store', connection: 'close' });
  response.end();
}

/** The request's body as text, or null when it is larger than any authorization response. */
function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () =>
      resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')),
    );
    request.on('error', () => resolve(null));
  });
}
