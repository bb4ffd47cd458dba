import type { AppInfo } from '../../shared/ipc/schemas.ts';
import {
  createMainRuntime,
  type MainRuntime,
  type MainRuntimeOptions,
} from '../../main/runtime.ts';

export const TEST_APP_INFO: AppInfo = {
  name: 'Workbench',
  version: '0.1.0',
  mode: 'electron',
  platform: 'linux',
  electronVersion: null,
  chromeVersion: null,
};

/**
 * Main's services and dispatcher exactly as the app composes them, on a
 * test's user-data folder: the app window's origin, nothing logged unless
 * the test says otherwise.
 */
export function testRuntime(
  userDataDir: string,
  options: Partial<MainRuntimeOptions> = {},
): MainRuntime {
  return createMainRuntime({
    appInfo: TEST_APP_INFO,
    appOrigin: 'app://workbench',
    userDataDir,
    log: () => undefined,
    ...options,
  });
}
