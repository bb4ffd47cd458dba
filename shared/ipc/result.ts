import { z } from 'zod/mini';

/**
 * The one shape every IPC answer takes. Handlers never throw across the
 * process boundary: a refusal or failure is a value the page can show.
 */

export const IPC_ERROR_CODES = [
  /** The channel is not in the contract. */
  'unknown-channel',
  /** The caller is not a frame of the app's own origin (or has no frame). */
  'untrusted-sender',
  /** The request did not match the channel's schema. */
  'invalid-payload',
  /** The handler failed; the message is safe to show, details stay in main. */
  'handler-failed',
  /** Main answered with something that does not match the response schema. */
  'invalid-response',
  /** The transport itself failed (harness unreachable, IPC torn down). */
  'transport-failed',
] as const;

export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

export const IpcErrorSchema = z.strictObject({
  code: z.enum(IPC_ERROR_CODES),
  message: z.string().check(z.maxLength(2000)),
  /** Where a payload failed its schema: dotted paths with the reason, at most 20. */
  issues: z.optional(
    z.readonly(z.array(z.string().check(z.maxLength(500))).check(z.maxLength(20))),
  ),
  /** For a refusal the user caused (`unknown-persona`, …): a key the UI translates. */
  reason: z.optional(z.string().check(z.regex(/^[a-z][a-z-]{0,59}$/))),
});
export type IpcError = Readonly<z.infer<typeof IpcErrorSchema>>;

export type IpcResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

export function ipcOk<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

export function ipcFail(
  code: IpcErrorCode,
  message: string,
  issues?: readonly string[],
  reason?: string,
): IpcResult<never> {
  return {
    ok: false,
    error: {
      code,
      message,
      ...(issues && issues.length > 0 ? { issues } : {}),
      ...(reason ? { reason } : {}),
    },
  };
}
