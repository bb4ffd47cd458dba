/**
 * `npm start`: the Electron app where its binary is available; otherwise one
 * line saying why, and the browser harness instead (printing its URL).
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findElectronBinary } from './electron-binary.ts';

const root = join(import.meta.dirname, '..');

const build = spawnSync('npm', ['run', '--silent', 'build'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) {
  console.error('npm start: the build failed (see above).');
  process.exit(build.status ?? 1);
}

const electron = findElectronBinary(root);
const child =
  'path' in electron
    ? spawn(electron.path, ['.'], { cwd: root, stdio: 'inherit' })
    : (console.log(
        `Electron binary not available here (${electron.missing}); starting the browser harness instead.`,
      ),
      spawn(
        process.execPath,
        [join(root, 'scripts/harness.ts'), '--no-build', ...process.argv.slice(2)],
        { cwd: root, stdio: 'inherit' },
      ));

child.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
