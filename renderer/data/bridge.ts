import type { WorkbenchApi } from '../../shared/ipc/workbench-api.ts';
import type { IpcResult } from '../../shared/ipc/result.ts';

/**
 * The renderer's only way to main. Everything else (slices, components)
 * receives a `WorkbenchApi` from here — tests pass one built over a real
 * dispatcher instead.
 */
export function workbenchBridge(): WorkbenchApi | null {
  return window.workbench ?? null;
}

/** Unwraps a result, throwing the typed error for thunks to reject with. */
export async function unwrap<T>(result: Promise<IpcResult<T>>): Promise<T> {
  const settled = await result;
  if (settled.ok) return settled.value;
  throw new BridgeError(settled.error.code, settled.error.message);
}

export class BridgeError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'BridgeError';
    this.code = code;
  }
}
