// First: configures zod before any schema is built (see the module).
import '../../../shared/ipc/zod-jitless.ts';
import { createWorkbenchApi, type WorkbenchApi } from '../../../shared/ipc/workbench-api.ts';

/**
 * The harness page's `window.workbench`: the same object the preload builds,
 * over `fetch` to the harness server instead of `ipcRenderer.invoke`. The
 * custom header makes any cross-origin call need a CORS preflight, which the
 * harness never grants.
 */
// Main's events (the preload's `ipcRenderer.on`) arrive as server-sent events, on one stream opened at first use.
let eventSource: EventSource | null = null;

const workbench = createWorkbenchApi(
  async (channel, request) => {
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
  },
  (channel, listener) => {
    eventSource ??= new EventSource('/__workbench/events');
    const forward = (event: MessageEvent<unknown>) => {
      if (typeof event.data !== 'string') return;
      try {
        listener(JSON.parse(event.data));
      } catch {
        // Not JSON: dropped, as the API drops a payload that breaks the contract.
      }
    };
    eventSource.addEventListener(channel, forward);
    return () => eventSource?.removeEventListener(channel, forward);
  },
) satisfies WorkbenchApi;

Object.defineProperty(window, 'workbench', {
  value: workbench,
  writable: false,
  configurable: false,
  enumerable: false,
});
