/**
 * `npm run harness [-- --port N] [--user-data DIR] [--settings-dir DIR]`: the whole app in a
 * browser, for development and tests. Prints the URL to open (it carries the
 * per-run secret). Builds first unless `--no-build` is given.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startHarness } from '../test/harness/server/harness-server.ts';

function fail(message: string): never {
  console.error(`harness: ${message}`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'user-data': { type: 'string' },
      'settings-dir': { type: 'string' },
      'no-build': { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  }).values;
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

const port = Number(args.port);
if (!/^\d{1,5}$/.test(args.port) || port > 65535)
  fail(`--port must be a number from 0 to 65535, not ${JSON.stringify(args.port)}`);

if (!args['no-build']) {
  execFileSync('npm', ['run', '--silent', 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    cwd: join(import.meta.dirname, '..'),
  });
}

const userDataDir = args['user-data'] ?? mkdtempSync(join(tmpdir(), 'workbench-harness-'));
const harness = await startHarness({
  port,
  userDataDir,
  ...(args['settings-dir'] ? { machineSettingsDir: args['settings-dir'] } : {}),
  log: (message) => console.log(`[harness] ${message}`),
}).catch((error: unknown) =>
  fail(`could not start: ${error instanceof Error ? error.message : String(error)}`),
);

console.log(`Nordjysk eSundhed Workbench (browser harness) on ${harness.origin}`);
console.log(`Open: ${harness.url}`);
console.log(`User data: ${userDataDir}`);
console.log(`Machine settings: ${args['settings-dir'] ?? join(userDataDir, 'machine')}`);
void harness.backendReady.then((backend) => {
  console.log(
    backend
      ? `Demo FHIR back end ready on ${backend.origin} (${backend.personas.length} demo personas; synthetic data).`
      : 'The demo FHIR back end did not start; the app shows why.',
  );
});

const stop = () => {
  void harness.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
