// First: configures zod before any schema is built (see the module).
import '../shared/ipc/zod-jitless.ts';
import { contextBridge, ipcRenderer } from 'electron';
import { createWorkbenchApi, type WorkbenchApi } from '../shared/ipc/workbench-api.ts';

/**
 * The page gets one object with one named method per operation, built from
 * the contract; never `ipcRenderer` or a generic invoke.
 */
const workbench = createWorkbenchApi((channel, request) =>
  ipcRenderer.invoke(channel, request),
) satisfies WorkbenchApi;

contextBridge.exposeInMainWorld('workbench', workbench);
