// First: configures zod before any schema is built (see the module).
import '../shared/ipc/zod-jitless.ts';
import { contextBridge, ipcRenderer } from 'electron';
import { createWorkbenchApi, type WorkbenchApi } from '../shared/ipc/workbench-api.ts';

/**
 * The page gets one object with one named method per operation and per
 * event, built from the contract; never `ipcRenderer`, a generic invoke, or
 * the IPC event object (its `sender` is `ipcRenderer`): listeners get the
 * payload alone.
 */
const workbench = createWorkbenchApi(
  (channel, request) => ipcRenderer.invoke(channel, request),
  (channel, listener) => {
    const forward = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
) satisfies WorkbenchApi;

contextBridge.exposeInMainWorld('workbench', workbench);
