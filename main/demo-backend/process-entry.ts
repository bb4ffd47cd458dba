import { loadDataset } from './dataset.ts';
import { personaRecords } from './persona-records.ts';
import { StartMessageSchema, StopMessageSchema, type ChildMessage } from './process-messages.ts';
import { startDemoBackend, type DemoBackend } from './start-server.ts';

/**
 * Entry of the demo back end's own process: a Node child process (`fork`, IPC
 * channel) in the browser harness, an Electron utility process in the app
 * (`process.parentPort`). The parent sends `{ type: 'start', options }`; we
 * answer `{ type: 'ready', origin, serviceBaseUrls, adminToken, personas }` or
 * `{ type: 'error', message }`, forward log entries as `{ type: 'log', entry }`,
 * and stop on `{ type: 'stop' }` or when the parent goes away.
 */

/** Electron's utility-process port, described here so this file never imports electron. */
interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

interface Channel {
  send(message: ChildMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  onParentGone(listener: () => void): void;
}

function parentChannel(): Channel {
  const parentPort = (process as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
      onParentGone: () => undefined,
    };
  }
  const send = process.send?.bind(process);
  if (!send)
    throw new Error(
      'process-entry must run as a child process with an IPC channel or as an Electron utility process.',
    );
  return {
    send: (message) => void send(message),
    onMessage: (listener) => process.on('message', listener),
    onParentGone: (listener) => process.on('disconnect', listener),
  };
}

function main(): void {
  const channel = parentChannel();
  let backend: DemoBackend | undefined;
  let starting = false;
  const stop = async (code: number): Promise<void> => {
    await backend?.close();
    channel.send({ type: 'stopped' });
    process.exit(code);
  };
  channel.onParentGone(() => void stop(0));
  channel.onMessage((message) => {
    if (StopMessageSchema.safeParse(message).success) {
      void stop(0);
      return;
    }
    const start = StartMessageSchema.safeParse(message);
    if (!start.success || starting) {
      const isStart = (message as { type?: unknown } | null)?.type === 'start';
      const reason = starting
        ? 'Already started.'
        : isStart && !start.success
          ? `Invalid start message: ${start.error.issues
              .slice(0, 5)
              .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
              .join('; ')}`
          : 'Unknown message.';
      channel.send({ type: 'error', message: reason });
      return;
    }
    starting = true;
    const { dataset, ...options } = start.data.options;
    loadDataset(dataset)
      .then(async ({ resources, personas }) => {
        // Resolve names before seeding: the server takes over the resource objects.
        const records = personaRecords(personas ?? [], resources);
        const started = await startDemoBackend({
          ...options,
          resources,
          log: (entry) => channel.send({ type: 'log', entry }),
        });
        return { started, records };
      })
      .then(({ started, records }) => {
        backend = started;
        channel.send({
          type: 'ready',
          origin: started.origin,
          serviceBaseUrls: started.serviceBaseUrls,
          adminToken: started.adminToken,
          personas: records,
        });
      })
      .catch((error: unknown) => {
        channel.send({
          type: 'error',
          message: error instanceof Error ? error.message : String(error),
        });
        process.exit(1);
      });
  });
  process.on('uncaughtException', (error) => {
    channel.send({ type: 'error', message: `Uncaught: ${error.message}` });
    process.exit(1);
  });
}

main();
