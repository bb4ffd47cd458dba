import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  startAutoUpdate,
  thisAppUpdatePlan,
  type Updater,
} from '../../../../main/update/auto-update.ts';
import { updatePlan, type UpdatePlan } from '../../../../main/update/update-plan.ts';

const FEED = 'https://updates.region.example.dk/workbench/';
const checking = updatePlan({ updateUrl: FEED, isPackaged: true, installation: 'nsis' });
if (checking.kind !== 'check') throw new Error('expected a checking plan');
const { firstCheckAfterMs, checkEveryMs } = checking;

type CheckResult = Awaited<ReturnType<Updater['checkForUpdates']>>;

/** electron-updater's autoUpdater as far as this module uses it; each check answers `next`. */
class FakeUpdater implements Updater {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  disableWebInstaller = false;
  logger: Updater['logger'] = null;
  feeds: unknown[] = [];
  checks = 0;
  next: () => Promise<CheckResult> = () => Promise.resolve(null);
  setFeedURL(options: { provider: 'generic'; url: string }): void {
    this.feeds.push(options);
  }
  checkForUpdates(): Promise<CheckResult> {
    this.checks += 1;
    return this.next();
  }
}

let lines: string[];
const log = (line: string) => lines.push(line);

beforeEach(() => {
  lines = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

/** Starts the plan with `updater` and lets the loading settle. */
async function start(plan: UpdatePlan, updater: Updater) {
  const load = vi.fn(() => Promise.resolve(updater));
  const stop = startAutoUpdate(plan, log, load);
  await vi.advanceTimersByTimeAsync(0);
  return { stop, load };
}

describe('automatic updates', () => {
  it('when off, loads and touches nothing, and says why in the log', async () => {
    const updater = new FakeUpdater();
    const { load, stop } = await start({ kind: 'off', reason: 'not-nsis' }, updater);
    await vi.advanceTimersByTimeAsync(checkEveryMs * 3);
    expect(load).not.toHaveBeenCalled();
    expect(updater).toMatchObject({ feeds: [], checks: 0, logger: null, autoDownload: false });
    expect(lines).toEqual([expect.stringMatching(/^update: automatic updates off: .*MSI/)]);
    expect(vi.getTimerCount()).toBe(0);
    stop();
  });

  it('sets the generic feed, downloads in the background and installs only when the app quits', async () => {
    const updater = new FakeUpdater();
    await start(checking, updater);
    expect(updater.feeds).toEqual([{ provider: 'generic', url: FEED }]);
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    expect(updater.disableWebInstaller).toBe(true);
    expect(lines).toEqual([`update: checking ${FEED} in 60 s, then every 4 h`]);
  });

  it("sends the updater's own log lines to the app's log", async () => {
    const updater = new FakeUpdater();
    await start(checking, updater);
    updater.logger?.info('Checking for update');
    updater.logger?.warn('disableWebInstaller is set to false');
    updater.logger?.error(new Error('net::ERR_INTERNET_DISCONNECTED'));
    expect(lines.slice(1)).toEqual([
      'update: Checking for update',
      'update: disableWebInstaller is set to false',
      'update: Error: net::ERR_INTERNET_DISCONNECTED',
    ]);
  });

  it('checks once after start-up, then every few hours', async () => {
    const updater = new FakeUpdater();
    await start(checking, updater);
    await vi.advanceTimersByTimeAsync(firstCheckAfterMs - 1);
    expect(updater.checks).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(updater.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(checkEveryMs);
    expect(updater.checks).toBe(2);
    await vi.advanceTimersByTimeAsync(checkEveryMs * 2);
    expect(updater.checks).toBe(4);
  });

  it('logs a failed check or download and keeps checking, never throwing', async () => {
    const updater = new FakeUpdater();
    updater.next = () => Promise.reject(new Error('HttpError: 404 Not Found'));
    await start(checking, updater);
    await vi.advanceTimersByTimeAsync(firstCheckAfterMs);
    updater.next = () =>
      Promise.resolve({ downloadPromise: Promise.reject(new Error('sha512 checksum mismatch')) });
    await vi.advanceTimersByTimeAsync(checkEveryMs);
    updater.next = () => Promise.resolve(null);
    await vi.advanceTimersByTimeAsync(checkEveryMs);
    expect(updater.checks).toBe(3);
    expect(lines.slice(1)).toEqual([
      'update: check or download failed: HttpError: 404 Not Found',
      'update: check or download failed: sha512 checksum mismatch',
    ]);
  });

  it('does not start the next check before a download has finished', async () => {
    const updater = new FakeUpdater();
    let finishDownload = () => {};
    updater.next = () =>
      Promise.resolve({
        downloadPromise: new Promise<void>((resolve) => {
          finishDownload = resolve;
        }),
      });
    await start(checking, updater);
    await vi.advanceTimersByTimeAsync(firstCheckAfterMs + checkEveryMs * 2);
    expect(updater.checks).toBe(1);
    finishDownload();
    await vi.advanceTimersByTimeAsync(checkEveryMs);
    expect(updater.checks).toBe(2);
  });

  it('logs an updater that cannot be loaded or configured', async () => {
    startAutoUpdate(checking, log, () => Promise.reject(new Error('Cannot find module')));
    const broken = new FakeUpdater();
    broken.setFeedURL = () => {
      throw new Error('Invalid URL');
    };
    await start(checking, broken);
    expect(lines.filter((line) => line.includes('unavailable'))).toEqual([
      'update: automatic updates unavailable: Cannot find module',
      'update: automatic updates unavailable: Invalid URL',
    ]);
    await vi.advanceTimersByTimeAsync(firstCheckAfterMs + checkEveryMs);
    expect(broken.checks).toBe(0);
  });

  it('stops checking when stopped, even before the updater has loaded', async () => {
    const updater = new FakeUpdater();
    const { stop } = await start(checking, updater);
    await vi.advanceTimersByTimeAsync(firstCheckAfterMs);
    stop();
    await vi.advanceTimersByTimeAsync(checkEveryMs * 3);
    expect(updater.checks).toBe(1);

    const late = new FakeUpdater();
    startAutoUpdate(checking, log, () => Promise.resolve(late))();
    await vi.advanceTimersByTimeAsync(firstCheckAfterMs + checkEveryMs);
    expect(late.feeds).toEqual([]);
    expect(late.checks).toBe(0);
  });
});

describe("this process's plan", () => {
  it("reads the setting and Electron's packaged flag before the machine", () => {
    expect(thisAppUpdatePlan(null, true)).toEqual({ kind: 'off', reason: 'not-configured' });
    expect(thisAppUpdatePlan(FEED, false)).toEqual({ kind: 'off', reason: 'development' });
  });

  it.runIf(process.platform === 'linux')(
    'is off for a plain Node process on Linux (no AppImage, no Electron resources)',
    () => {
      vi.stubEnv('APPIMAGE', undefined);
      expect(thisAppUpdatePlan(FEED, true)).toEqual({
        kind: 'off',
        reason: 'unsupported-installation',
      });
    },
  );
});
