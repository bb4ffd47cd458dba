import { spawnSync } from 'node:child_process';

export type ElectronBinary = { readonly path: string } | { readonly missing: string };

/**
 * Resolves the Electron binary the way `require('electron')` does (which
 * downloads it on first use), in a child process so a failed download prints
 * one reason instead of a stack trace.
 */
export function findElectronBinary(cwd: string): ElectronBinary {
  const probe = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("electron"))'], {
    cwd,
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (probe.status === 0 && probe.stdout.length > 0) return { path: probe.stdout };
  const reason = probe.stderr
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.startsWith('Error: ') || line.startsWith('TypeError: '));
  return { missing: reason ?? `electron exited with ${probe.status ?? probe.signal}` };
}
