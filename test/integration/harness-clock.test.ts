import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../harness/server/harness-server.ts';
import { adjustableClock } from '../../shared/time/clock.ts';

const DAY_MS = 86_400_000;

describe('the harness run has one clock, the demo back end follows it', () => {
  let harness: Harness;
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'harness-clock-'));
    await mkdir(join(folder, 'renderer'));
    await writeFile(join(folder, 'renderer', 'index.html'), '<html><body></body></html>');
    await writeFile(join(folder, 'bridge.js'), '/* bridge */');
    const clock = adjustableClock();
    clock.advance(3 * DAY_MS);
    harness = await startHarness({
      userDataDir: join(folder, 'user-data'),
      rendererDir: join(folder, 'renderer'),
      bridgeScript: join(folder, 'bridge.js'),
      demoBackend: { citizens: 4 },
      clock,
    });
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
    await rm(folder, { recursive: true, force: true });
  });

  async function backendNow(): Promise<number> {
    const running = await harness.backendReady;
    if (!running) throw new Error('no demo back end');
    const response = await fetch(`${running.origin}/__admin/clock`, {
      headers: { 'x-admin-token': running.adminToken },
    });
    const body = (await response.json()) as { now: string };
    return Date.parse(body.now);
  }

  it('starts the back end at the run clock, not the machine clock', async () => {
    const now = await backendNow();
    expect(Math.abs(now - harness.clock.now())).toBeLessThan(60_000);
    expect(now - Date.now()).toBeGreaterThan(2 * DAY_MS);
  });

  it('moves both when a test moves the clock', async () => {
    const target = Date.UTC(2027, 2, 28, 0, 30);
    await harness.moveClock({ set: target });
    expect(Math.abs(harness.clock.now() - target)).toBeLessThan(60_000);
    expect(Math.abs((await backendNow()) - target)).toBeLessThan(60_000);
    await harness.moveClock({ advanceMs: 2 * 3_600_000 });
    expect(Math.abs((await backendNow()) - (target + 2 * 3_600_000))).toBeLessThan(60_000);
  });
});
