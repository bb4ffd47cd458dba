import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { INVOKE_CHANNELS } from '../../shared/ipc/contract.ts';
import { methodNameOf } from '../../shared/ipc/workbench-api.ts';
import { electronOrSkip, ROOT } from './electron-app.ts';

// Built app (`npm run build`), a temporary user-data folder per test, main-process output captured.
let app: ElectronApplication;
let userData: string;
const mainOutput: string[] = [];

test.beforeEach(async () => {
  const executablePath = electronOrSkip();
  userData = await mkdtemp(join(tmpdir(), 'workbench-electron-'));
  app = await electron.launch({
    executablePath,
    args: [ROOT, `--user-data-dir=${userData}`],
    cwd: ROOT,
  });
  app.process().stdout?.on('data', (chunk: Buffer) => mainOutput.push(chunk.toString()));
});

test.afterEach(async () => {
  await app?.close();
  if (userData) await rm(userData, { recursive: true, force: true });
});

test('starts on the app protocol and signals ready', async () => {
  const page = await app.firstWindow();
  await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'true');
  expect(page.url()).toBe('app://workbench/#/caseload');
});

test('the page has no Node and only the named workbench API', async () => {
  const page = await app.firstWindow();
  await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'true');
  const exposed = await page.evaluate(() => ({
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
    methods: Object.keys((window as unknown as { workbench: object }).workbench).sort(),
  }));
  expect(exposed.require).toBe('undefined');
  expect(exposed.process).toBe('undefined');
  // Exactly one method per contract channel: a new channel needs no edit here.
  expect(exposed.methods).toEqual(INVOKE_CHANNELS.map((channel) => methodNameOf(channel)).sort());
});

test('navigation off the app origin and window.open are refused', async () => {
  const page = await app.firstWindow();
  await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'true');
  await page.evaluate(() => {
    window.location.href = 'https://example.org/';
  });
  await page.evaluate(() => window.open('https://example.org/'));
  await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'true');
  expect(page.url()).toContain('app://workbench/');
  expect(app.windows()).toHaveLength(1);
  expect(mainOutput.join('')).toContain('navigation blocked');
});

test('a second instance focuses the first instead of starting again', async () => {
  const executablePath = electronOrSkip();
  await app.firstWindow();
  const second = await electron.launch({
    executablePath,
    args: [ROOT, `--user-data-dir=${userData}`],
    cwd: ROOT,
  });
  const exited = new Promise<number | null>((resolve) => second.process().on('exit', resolve));
  expect(await exited).toBe(0);
  expect(app.windows()).toHaveLength(1);
});
