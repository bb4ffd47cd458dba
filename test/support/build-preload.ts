import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from 'electron-vite';
import { build } from 'vite';

const ROOT = join(import.meta.dirname, '../..');

/**
 * Builds the preload from the current sources with the project's own
 * electron-vite config, into a fresh temp folder (never out/, which other
 * runs may be reading), and returns the path of the bundle. ≈ 1 s.
 */
export async function buildPreload(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'wb-preload-'));
  // electron-vite sets these for a production build; put them back for the rest of the test run.
  const saved = { NODE_ENV: process.env.NODE_ENV, EV: process.env.NODE_ENV_ELECTRON_VITE };
  try {
    process.env.NODE_ENV_ELECTRON_VITE = 'production';
    const resolved = await resolveConfig({ root: ROOT, logLevel: 'silent' }, 'build', 'production');
    const preload = resolved.config?.preload;
    if (!preload) throw new Error('electron.vite.config.ts has no preload build');
    await build({ ...preload, logLevel: 'silent', build: { ...preload.build, outDir } });
  } finally {
    restore('NODE_ENV', saved.NODE_ENV);
    restore('NODE_ENV_ELECTRON_VITE', saved.EV);
  }
  return join(outDir, 'index.cjs');
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) Reflect.deleteProperty(process.env, name);
  else process.env[name] = value;
}
