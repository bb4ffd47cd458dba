import { z } from 'zod';
import { PersonaRecordSchema, type PersonaRecord } from '../../shared/domain/persona-record.ts';

/**
 * The parent's side of the demo back end's process: an Electron utility
 * process in the app, a Node child process in the web harness. Both look
 * like this to the launcher.
 */
export interface ChildHandle {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export interface DemoDatasetRequest {
  readonly seed: number;
  /** yyyy-mm-dd: the "today" of the data. */
  readonly anchor: string;
  readonly citizens?: number;
}

export interface LaunchOptions {
  readonly dataset: DemoDatasetRequest;
  readonly latencyMs?: number;
  readonly igDirectory?: string;
  readonly timeoutMs?: number;
  readonly log?: (message: string) => void;
}

export interface RunningDemoBackend {
  readonly origin: string;
  readonly serviceBaseUrls: Readonly<Record<string, string>>;
  readonly adminToken: string;
  readonly personas: readonly PersonaRecord[];
  stop(): Promise<void>;
}

const ChildMessageSchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('ready'),
    origin: z.url(),
    serviceBaseUrls: z.record(z.string(), z.url()),
    adminToken: z.string().min(8),
    personas: z.array(PersonaRecordSchema).max(20).default([]),
  }),
  z.looseObject({ type: z.literal('error'), message: z.string() }),
  z.looseObject({ type: z.literal('log'), entry: z.unknown() }),
  z.looseObject({ type: z.literal('stopped') }),
]);

/** Starts the demo back end in `child` and resolves once it is answering, or rejects with its reason. */
export function launchDemoBackend(
  child: ChildHandle,
  options: LaunchOptions,
): Promise<RunningDemoBackend> {
  const log = options.log ?? (() => undefined);
  return new Promise<RunningDemoBackend>((resolve, reject) => {
    let settled = false;
    let exited = false;
    const timer = setTimeout(
      () =>
        fail(
          new Error(
            `The demo back end did not start within ${(options.timeoutMs ?? 120_000) / 1000} s.`,
          ),
        ),
      options.timeoutMs ?? 120_000,
    );
    function fail(error: Error): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill();
      reject(error);
    }
    child.onExit((code) => {
      exited = true;
      fail(
        new Error(
          `The demo back end's process ended (exit code ${code ?? 'none'}) before it was ready.`,
        ),
      );
    });
    child.onMessage((raw) => {
      const message = ChildMessageSchema.safeParse(raw);
      if (!message.success) {
        log('demo back end sent an unreadable message');
        return;
      }
      switch (message.data.type) {
        case 'log':
          log(`demo back end: ${JSON.stringify(message.data.entry).slice(0, 500)}`);
          return;
        case 'error':
          fail(new Error(`The demo back end could not start: ${message.data.message}`));
          return;
        case 'stopped':
          return;
        case 'ready': {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const ready = message.data;
          resolve({
            origin: ready.origin,
            serviceBaseUrls: ready.serviceBaseUrls,
            adminToken: ready.adminToken,
            personas: ready.personas,
            stop: () =>
              new Promise<void>((done) => {
                if (exited) return done();
                const force = setTimeout(() => {
                  child.kill();
                  done();
                }, 5_000);
                child.onExit(() => {
                  clearTimeout(force);
                  done();
                });
                child.send({ type: 'stop' });
              }),
          });
        }
      }
    });
    child.send({
      type: 'start',
      options: {
        ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
        ...(options.igDirectory === undefined ? {} : { igDirectory: options.igDirectory }),
        dataset: { kind: 'generated', ...options.dataset },
      },
    });
  });
}
