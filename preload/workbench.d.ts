import type { WorkbenchApi } from '../shared/ipc/workbench-api.ts';

declare global {
  interface Window {
    /** Set by the preload (Electron) or by the harness bridge (browser); absent anywhere else. */
    readonly workbench?: WorkbenchApi;
  }
}

export {};
