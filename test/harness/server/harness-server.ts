import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { copenhagenDate } from '../../../shared/format/datetime.ts';
import { ipcFail } from '../../../shared/ipc/result.ts';
import { QuitRequestSchema } from '../../../shared/ipc/schemas.ts';
import { adjustableClock, type AdjustableClock } from '../../../shared/time/clock.ts';
import { loadAppAsset } from '../../../main/protocol/app-assets.ts';
import {
  launchDemoBackend,
  type DemoDatasetRequest,
  type RunningDemoBackend,
} from '../../../main/backend/demo-backend-launcher.ts';
import { loadFutRouting } from '../../../main/backend/fut-routing.ts';
import { callerRefused, type GatewayResponse } from '../../../main/fhir-gateway/fhir-gateway.ts';
import { gatewayCallerAllowed } from '../../../main/security/gateway-caller.ts';
import { createMainRuntime, type MainRuntime } from '../../../main/runtime.ts';
import { machineSettingsPaths } from '../../../main/settings/settings-paths.ts';
import { forkDemoBackend } from './demo-backend-child.ts';
import { createHarnessKeyStore } from './harness-key-store.ts';
import { createAppLog } from '../../../main/log/app-log.ts';
import {
  cookieValue,
  hostAllowed,
  readBody,
  SECRET_COOKIE,
  SECRET_PARAM,
  secretMatches,
} from './request-guard.ts';

const ROOT = join(import.meta.dirname, '../../..');
/** The demo data's seed unless a test asks for another: same seed, same citizens. */
export const DEMO_SEED = 20260310;
const MAX_BODY_BYTES = 1024 * 1024;

export interface HarnessOptions {
  /** 0 picks a free port. */
  readonly port?: number;
  readonly userDataDir: string;
  /** Where the administrator defaults and machine override files are read (default `<userDataDir>/machine`). */
  readonly machineSettingsDir?: string;
  readonly rendererDir?: string;
  readonly bridgeScript?: string;
  readonly log?: (message: string) => void;
  /** The run's clock (docs/adr/0004-time.md); a fresh adjustable one when not given. */
  readonly clock?: AdjustableClock;
  /** The embedded demo back end's data, or false for none (IPC-only tests). */
  readonly demoBackend?: (Partial<DemoDatasetRequest> & { readonly latencyMs?: number }) | false;
}

export interface Harness {
  /** Open this once: it carries the secret and sets the cookie that admits the page. */
  readonly url: string;
  readonly origin: string;
  readonly secret: string;
  readonly runtime: MainRuntime;
  /** Main's log folder for this run (as `app.getPath('logs')` in Electron). */
  readonly logDirectory: string;
  /**
   * The run's one clock: today's demo data is dated from it. Tests move it
   * (`set`, `advance`) to schedule across days; the page's time is moved
   * with Playwright's `page.clock`.
   */
  readonly clock: AdjustableClock;
  /** Moves the run's clock and the demo back end's with it (set first, then advance). */
  moveClock(change: { readonly set?: number; readonly advanceMs?: number }): Promise<void>;
  /** Settles when the demo back end is answering (or has failed, which the UI then shows). */
  readonly backendReady: Promise<RunningDemoBackend | null>;
  /**
   * Stands in for Electron's quit (there is none in a browser): runs main's
   * quit guard as `before-quit` does. 'quit' when nothing held it back
   * (counted in `quitCount`), 'asked' when the page was asked first; its
   * answer then lets the quit through (counted) or not.
   */
  requestQuit(): 'quit' | 'asked';
  /** How many times the harness would have quit: the guard let a quit (or a window close) through. */
  quitCount(): number;
  /** Pages listening for main's events (the bridge's EventSource at /__workbench/events). */
  eventListeners(): number;
  close(): Promise<void>;
}

/** The harness serves one app page; main's per-window state (the quit guard) names it 1. */
export const HARNESS_WINDOW_ID = 1;

/**
 * The web harness: the built renderer, the real main-process handlers behind
 * the same contract (over HTTP instead of IPC), on 127.0.0.1 only, behind a
 * per-run secret. A development and test tool; never packaged.
 */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  // Main's log as in Electron: a rotated, scrubbed file in this run's user-data folder (logs/).
  const appLog = createAppLog({
    directory: join(options.userDataDir, 'logs'),
    ...(options.log ? { echo: options.log } : {}),
  });
  const log = appLog.info;
  const clock = options.clock ?? adjustableClock();
  const rendererDir = options.rendererDir ?? join(ROOT, 'out/renderer');
  const bridgeScript = options.bridgeScript ?? join(ROOT, 'out/harness/bridge.js');
  const packageJson = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
    productName: string;
    version: string;
  };
  const secret = randomBytes(24).toString('base64url');

  // Listen first: the runtime needs the origin, which needs the port.
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const runtime = createMainRuntime({
    appInfo: {
      name: packageJson.productName,
      version: packageJson.version,
      mode: 'harness',
      platform: process.platform,
      electronVersion: null,
      chromeVersion: null,
    },
    appOrigin: origin,
    userDataDir: options.userDataDir,
    log,
    appLog,
    // No safeStorage in a browser: the harness-only stand-in (a file in this run's user-data folder).
    keyStore: createHarnessKeyStore(options.userDataDir, log),
    // The machine-wide folder of the real app, per run: tests put an administrator file here.
    machineSettings: machineSettingsPaths(
      process.platform,
      options.machineSettingsDir ?? join(options.userDataDir, 'machine'),
    ),
  });

  // Main → page events over server-sent events: the harness's stand-in for `webContents.send`.
  const eventStreams = new Set<ServerResponse>();
  runtime.services.launches.onReceived(() => {
    for (const stream of eventStreams) stream.write('event: launch-received\ndata: {}\n\n');
  });
  let quits = 0;
  const quitGuard = runtime.services.quitGuard;
  quitGuard.attach({
    ask: (windowId, request) => {
      if (windowId !== HARNESS_WINDOW_ID || eventStreams.size === 0) return false;
      const data = JSON.stringify(QuitRequestSchema.parse(request));
      for (const stream of eventStreams) stream.write(`event: quit-requested\ndata: ${data}\n\n`);
      return true;
    },
    // As Electron does: the real quit emits `before-quit` again, which the guard now lets through.
    quit: () => {
      if (quitGuard.beforeQuit()) quits += 1;
    },
    close: () => {
      if (quitGuard.windowClose(HARNESS_WINDOW_ID)) quits += 1;
    },
    log,
  });

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch((error: unknown) => {
      log(`harness request failed: ${String(error)}`);
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'Internal error');
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!hostAllowed(request, port))
      return send(response, 421, 'text/plain; charset=utf-8', 'Misdirected request');
    const url = new URL(request.url ?? '/', origin);
    if (url.searchParams.has(SECRET_PARAM)) {
      if (!secretMatches(url.searchParams.get(SECRET_PARAM) ?? undefined, secret))
        return send(response, 401, 'text/plain; charset=utf-8', 'Wrong harness secret');
      response.writeHead(303, {
        'Set-Cookie': `${SECRET_COOKIE}=${secret}; HttpOnly; SameSite=Strict; Path=/`,
        Location: '/',
        'Cache-Control': 'no-store',
      });
      response.end();
      return;
    }
    if (!secretMatches(cookieValue(request.headers.cookie, SECRET_COOKIE), secret)) {
      return send(
        response,
        401,
        'text/plain; charset=utf-8',
        'This harness needs its per-run secret: open the URL it printed.',
      );
    }
    if (url.pathname === '/fhir' || url.pathname.startsWith('/fhir/'))
      return fhir(request, response, url);
    if (url.pathname === '/__workbench/events') return events(request, response);
    if (url.pathname.startsWith('/__workbench/invoke/'))
      return invoke(request, response, url.pathname.slice('/__workbench/invoke/'.length));
    if (url.pathname === '/__harness/bridge.js') {
      return send(response, 200, 'text/javascript; charset=utf-8', await readFile(bridgeScript), {
        'Cache-Control': 'no-store',
      });
    }
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return send(response, 405, 'text/plain; charset=utf-8', 'Method not allowed');
    const asset = await loadAppAsset(url.pathname, rendererDir, {
      extraHeadHtml: (nonce) => `<script nonce="${nonce}" src="/__harness/bridge.js"></script>`,
    });
    response.writeHead(asset.status, asset.headers);
    response.end(request.method === 'HEAD' ? undefined : asset.body);
  }

  async function fhir(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(', ') : value,
      ]),
    );
    // The same rule as app:// in Electron: only the page itself.
    if (!gatewayCallerAllowed(headers, origin)) return reply(response, callerRefused());
    const body =
      request.method === 'GET' || request.method === 'HEAD'
        ? undefined
        : await readBody(request, 5 * MAX_BODY_BYTES);
    if (body === null) return send(response, 413, 'text/plain; charset=utf-8', 'Request too large');
    const answer = await runtime.gateway.handle({
      method: request.method ?? 'GET',
      path: `${url.pathname}${url.search}`,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    reply(response, answer);
  }

  function events(request: IncomingMessage, response: ServerResponse): void {
    // EventSource cannot send the bridge header: the page's own origin, by Sec-Fetch-Site, only.
    if (request.method !== 'GET' || request.headers['sec-fetch-site'] !== 'same-origin')
      return send(response, 403, 'text/plain; charset=utf-8', 'Forbidden');
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    response.write(': listening\n\n');
    eventStreams.add(response);
    request.on('close', () => eventStreams.delete(response));
  }

  async function invoke(
    request: IncomingMessage,
    response: ServerResponse,
    channel: string,
  ): Promise<void> {
    if (request.method !== 'POST')
      return send(response, 405, 'text/plain; charset=utf-8', 'Method not allowed');
    // The page's own fetch sends its Origin and the bridge header; anything else is not the app.
    const fromApp =
      request.headers.origin === origin && request.headers['x-workbench-bridge'] === '1';
    const body = await readBody(request, MAX_BODY_BYTES);
    let result;
    if (body === null) {
      result = ipcFail('invalid-payload', `The request is larger than ${MAX_BODY_BYTES} bytes.`);
    } else {
      let payload: unknown;
      try {
        payload = body.length === 0 ? undefined : JSON.parse(body);
      } catch {
        payload = Symbol('unparseable');
      }
      result =
        typeof payload === 'symbol'
          ? ipcFail('invalid-payload', 'The request is not JSON.')
          : await runtime.dispatch(
              decodeURIComponentSafe(channel),
              fromApp ? { url: `${origin}/`, isMainFrame: true } : null,
              payload,
              { contentsId: fromApp ? HARNESS_WINDOW_ID : null },
            );
    }
    send(response, 200, 'application/json; charset=utf-8', JSON.stringify(result), {
      'Cache-Control': 'no-store',
    });
  }

  const backendReady = startDemoBackend();

  async function startDemoBackend(): Promise<RunningDemoBackend | null> {
    if (options.demoBackend === false) {
      runtime.backend.failed('No FHIR back end in this harness.');
      return null;
    }
    const demo = options.demoBackend ?? {};
    try {
      const [running, routing] = await Promise.all([
        launchDemoBackend(forkDemoBackend(), {
          dataset: {
            seed: demo.seed ?? DEMO_SEED,
            anchor: demo.anchor ?? copenhagenDate(new Date(clock.now())),
            ...(demo.citizens ? { citizens: demo.citizens } : {}),
          },
          ...(demo.latencyMs === undefined ? {} : { latencyMs: demo.latencyMs }),
          log,
        }),
        loadFutRouting(join(ROOT, 'resources/fut-ig')),
      ]);
      runtime.backend.ready(
        'demo',
        running.origin,
        { services: running.serviceBaseUrls, ...routing },
        running.personas,
      );
      if (clock.offset() !== 0) await setBackendClock(running, clock.now());
      return running;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`demo back end failed: ${message}`);
      runtime.backend.failed(message);
      return null;
    }
  }

  return {
    backendReady,
    url: `${origin}/?${SECRET_PARAM}=${secret}`,
    origin,
    secret,
    runtime,
    logDirectory: dirname(appLog.file),
    clock,
    moveClock: async (change) => {
      if (change.set !== undefined) clock.set(change.set);
      if (change.advanceMs !== undefined) clock.advance(change.advanceMs);
      const running = await backendReady;
      if (running) await setBackendClock(running, clock.now());
    },
    requestQuit: () => {
      if (!quitGuard.beforeQuit()) return 'asked';
      quits += 1;
      return 'quit';
    },
    quitCount: () => quits,
    eventListeners: () => eventStreams.size,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await (await backendReady)?.stop();
    },
  };
}

/** The demo back end runs in its own process: its clock follows the run's through its admin endpoint. */
async function setBackendClock(running: RunningDemoBackend, epochMs: number): Promise<void> {
  const response = await fetch(`${running.origin}/__admin/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-admin-token': running.adminToken },
    body: JSON.stringify({ set: new Date(epochMs).toISOString() }),
  });
  if (!response.ok) throw new Error(`The demo back end refused the clock (${response.status}).`);
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function reply(response: ServerResponse, answer: GatewayResponse): void {
  response.writeHead(answer.status, answer.headers);
  response.end(answer.body);
}

function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'Content-Type': contentType,
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  response.end(body);
}
