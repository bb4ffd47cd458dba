/**
 * The demo back end benchmarks' server process (forked by `startBenchBackend`):
 * like `main/demo-backend/process-entry.ts` it runs `startDemoBackend` in a
 * process of its own and forwards the request log, but it generates the
 * dataset itself (so the parent never holds it) and sends the parent the facts
 * its queries and checks need. Parent → child: `{ type: 'start', citizens }`,
 * `{ type: 'stop' }`. Child → parent: `ready`, `log`, `error`, `stopped`.
 */
import { startDemoBackend, type DemoBackend } from '../../../main/demo-backend/start-server.ts';
import { datasetFacts, prepareDataset, type ChildMessage } from './demo-backend.ts';

const send = (message: ChildMessage): void => {
  process.send?.(message);
};

let backend: DemoBackend | undefined;

async function start(citizens: number): Promise<void> {
  const dataset = prepareDataset(citizens);
  const facts = datasetFacts(dataset);
  // Pays the once-per-process indexing of Medplum's definitions, so the timed start is seeding.
  const warm = await startDemoBackend({ resources: [] });
  await warm.close();
  const started = performance.now();
  backend = await startDemoBackend({
    // Handed over, as the process entry does: the server stamps and keeps the objects.
    resources: dataset.resources.splice(0),
    log: (entry) => {
      if (entry.kind === 'request')
        send({ type: 'log', path: entry.path, status: entry.status, ms: entry.ms });
      else if (entry.level === 'error')
        send({ type: 'error', message: `${entry.message} ${entry.detail ?? ''}` });
    },
  });
  const startMs = performance.now() - started;
  send({ type: 'ready', serviceBaseUrls: backend.serviceBaseUrls, startMs, facts });
}

async function stop(): Promise<void> {
  await backend?.close();
  send({ type: 'stopped' });
  process.exit(0);
}

process.on('message', (message: { type?: string; citizens?: number }) => {
  if (message.type === 'stop') void stop();
  else if (message.type === 'start' && typeof message.citizens === 'number') {
    start(message.citizens).catch((error: unknown) => {
      send({
        type: 'error',
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      process.exit(1);
    });
  }
});
process.on('disconnect', () => void stop());
