import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness, type Harness } from '../harness/server/harness-server.ts';

/**
 * A harness over a renderer folder and bridge script of the test's own (an
 * empty page), so tests of the harness's HTTP behaviour need no build and no
 * demo back end. `dispose` closes it and removes its folder.
 */
export async function startBuildlessHarness(
  prefix: string,
): Promise<{ readonly harness: Harness; readonly dispose: () => Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), prefix));
  await mkdir(join(folder, 'renderer'));
  await writeFile(
    join(folder, 'renderer', 'index.html'),
    '<html><head></head><body></body></html>',
  );
  await writeFile(join(folder, 'bridge.js'), '/* bridge */');
  const harness = await startHarness({
    userDataDir: join(folder, 'user-data'),
    rendererDir: join(folder, 'renderer'),
    bridgeScript: join(folder, 'bridge.js'),
    demoBackend: false,
  });
  return {
    harness,
    dispose: async () => {
      await harness.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
