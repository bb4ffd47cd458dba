import type { Resource } from '@medplum/fhirtypes';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  adjustableClock,
  systemClock,
  type AdjustableClock,
  type Clock,
} from '../../shared/time/clock.ts';
import type { BackendContext } from './backend-context.ts';
import { createBackendCore, DEFAULT_IG_DIRECTORY, routeSeeds } from './backend-core.ts';
import { FaultController } from './faults/fault-controller.ts';
import { DemoHttpServer, type RequestLogEntry } from './http/http-server.ts';
import { WireReferences } from './wire/wire-references.ts';
import { CursorStore } from './search/paging.ts';
import { AuditLog } from './access/audit-log.ts';
import { createTrustVerifier, type TrustedIssuer } from './access/verify-token.ts';

/**
 * The embedded demo FHIR back end that behaves like FUT: one loopback server,
 * FUT's services under `http://127.0.0.1:<port>/<service>/fhir`, each allowing
 * what its CapabilityStatement lists. Electron-free: it runs in a Node child
 * process, an Electron utility process, or a test.
 */

export type DemoBackendLogEntry =
  | ({ readonly kind: 'request' } & RequestLogEntry)
  | {
      readonly kind: 'event';
      readonly level: 'info' | 'error';
      readonly message: string;
      readonly detail?: string;
    };

export interface DemoBackendOptions {
  /** Port on 127.0.0.1; 0 or absent: any free port. */
  readonly port?: number;
  /**
   * The dataset: every resource with an id, references relative, dependencies
   * first. The server takes the objects over (their `meta` is stamped in place).
   */
  readonly resources: readonly Resource[];
  /** Delay added to every FHIR request (the latency knob; faults can add more). */
  readonly latencyMs?: number;
  /** Receives one entry per request (method, path without query, status, ms) and start-up events. */
  readonly log?: (entry: DemoBackendLogEntry) => void;
  /** Folder with the FUT IG JSON; default: `resources/fut-ig` of the repository. */
  readonly igDirectory?: string;
  /** Largest request body accepted (default 32 MiB: measurement bundles may carry photos). */
  readonly maxBodyBytes?: number;
  /**
   * Tests only: false stores a submission whose client identifier is already
   * stored (a server that does not de-duplicate), so a client's own
   * idempotency can be tested alone. Default true.
   */
  readonly uniqueIdentifiers?: boolean;
  /**
   * The wall clock writes are stamped and cursors expire by (default: the
   * system's). The server runs it through an adjustable clock at offset 0, so
   * tests can move it, in process or through `/__admin/clock`.
   */
  readonly clock?: Clock;
  /**
   * The providers whose access tokens the server accepts (FUT's rules:
   * docs/adr/0006). With them, every FHIR request needs a valid bearer token
   * whose context care team reaches the citizen, and each look-up is audited
   * (`audit`, and `GET /audit/fhir/AuditEvent?patient=` for the audit
   * privilege). Without them the server answers any request, as before.
   */
  readonly trustedIssuers?: readonly TrustedIssuer[];
}

export interface DemoBackend {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Service name → base URL (`http://127.0.0.1:<port>/careplan/fhir`). */
  readonly serviceBaseUrls: Readonly<Record<string, string>>;
  /** Injects faults; also reachable at `/__admin/faults` with `adminToken`. */
  readonly faults: FaultController;
  /** Per-run secret for the admin endpoint. */
  readonly adminToken: string;
  /** The server's time; also movable at `/__admin/clock` with `adminToken`. */
  readonly clock: AdjustableClock;
  /**
   * Tests only (not reachable over HTTP): deletes a resource as if it had
   * vanished on the server (FUT offers no delete for most types), so sync's
   * removal by reconciliation can be tested.
   */
  deleteForTest(type: string, id: string): Promise<void>;
  /** The audit log, when tokens are checked (`trustedIssuers`). */
  readonly audit: AuditLog | null;
  /** Stops listening and drops every open connection. */
  close(): Promise<void>;
}

export async function startDemoBackend(options: DemoBackendOptions): Promise<DemoBackend> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const igDirectory = options.igDirectory ?? DEFAULT_IG_DIRECTORY;
  const clock = adjustableClock(options.clock ?? systemClock);
  const core = await createBackendCore(igDirectory, clock);
  const { catalog, engine, writes } = core;
  const faults = new FaultController(options.latencyMs ?? 0);
  const adminToken = randomBytes(24).toString('base64url');

  const audit = options.trustedIssuers ? new AuditLog() : null;
  const http = new DemoHttpServer({
    ...(audit && options.trustedIssuers
      ? {
          auth: {
            verify: createTrustVerifier(options.trustedIssuers, () => clock.now()),
            audit,
          },
        }
      : {}),
    faults,
    adminToken,
    clock,
    maxBodyBytes: options.maxBodyBytes ?? 32 * 1024 * 1024,
    logRequest: (entry) => log({ kind: 'request', ...entry }),
    logError: (message, error) =>
      log({
        kind: 'event',
        level: 'error',
        message,
        detail: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  });
  const port = await listen(http, options.port ?? 0);
  const origin = `http://127.0.0.1:${port}`;
  try {
    const seeded = await writes.seed(routeSeeds(options.resources, catalog));
    const context: BackendContext = {
      ...core,
      wire: new WireReferences(origin, catalog, core.store),
      cursors: new CursorStore({ clock }),
      newId: randomUUID,
      uniqueIdentifiers: options.uniqueIdentifiers ?? true,
    };
    http.attach(context, port);
    log({
      kind: 'event',
      level: 'info',
      message:
        `demo back end on ${origin}: ${seeded} resources in ${Math.round(performance.now() - started)} ms` +
        (engine.sharesStorage ? '' : ' (engine storage copied: slower seeding)'),
    });
  } catch (error) {
    await closeServer(http);
    throw error;
  }
  const serviceBaseUrls = Object.fromEntries(
    [...catalog.services.keys()].map((name) => [name, `${origin}/${name}/fhir`]),
  );
  return {
    origin,
    serviceBaseUrls,
    faults,
    adminToken,
    clock,
    audit,
    deleteForTest: (type, id) =>
      writes.transact(() => ({ ops: [{ kind: 'delete', type, id }], result: () => undefined })),
    close: () => closeServer(http),
  };
}

function listen(http: DemoHttpServer, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    http.server.once('error', reject);
    http.server.listen(port, '127.0.0.1', () => {
      http.server.off('error', reject);
      resolve((http.server.address() as AddressInfo).port);
    });
  });
}

function closeServer(http: DemoHttpServer): Promise<void> {
  return new Promise((resolve) => {
    http.server.close(() => resolve());
    http.server.closeAllConnections();
  });
}
