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
  throw new BridgeError(settled.error.code, settled.error.message, settled.error.reason ?? null);
}

export class BridgeError extends Error {
  readonly code: string;
  /** A translation key for a refusal the user caused, when main gave one. */
  readonly reason: string | null;
  constructor(code: string, message: string, reason: string | null = null) {
    super(message);
    this.name = 'BridgeError';
    this.code = code;
    this.reason = reason;
  }
}

/** Why a bridge call failed, as slices keep it: serialisable, with main's reason if any. */
export interface BridgeFailure {
  readonly message: string;
  readonly reason: string | null;
}

export function bridgeFailure(error: unknown): BridgeFailure {
  if (error instanceof BridgeError) return { message: error.message, reason: error.reason };
  return { message: error instanceof Error ? error.message : String(error), reason: null };
}
