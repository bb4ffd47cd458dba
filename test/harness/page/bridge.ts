// First: configures zod before any schema is built (see the module).
import '../../../shared/ipc/zod-jitless.ts';
import { createWorkbenchApi, type WorkbenchApi } from '../../../shared/ipc/workbench-api.ts';

/**
 * The harness page's `window.workbench`: the same object the preload builds,
 * over `fetch` to the harness server instead of `ipcRenderer.invoke`. The
 * custom header makes any cross-origin call need a CORS preflight, which the
 * harness never grants.
 */
const workbench = createWorkbenchApi(async (channel, request) => {
  const response = await fetch(`/__workbench/invoke/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Workbench-Bridge': '1' },
    body: JSON.stringify(request ?? {}),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (!response.ok)
    throw new Error(`The harness answered ${response.status} ${response.statusText}`);
  return response.json();
}) satisfies WorkbenchApi;

Object.defineProperty(window, 'workbench', {
  value: workbench,
  writable: false,
  configurable: false,
  enumerable: false,
});
