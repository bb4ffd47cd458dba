import { en } from 'zod/locales';
import { z } from 'zod/mini';
import {
  invokeContract,
  isInvokeChannel,
  type InvokeChannel,
  type ParsedRequestOf,
  type ResponseOf,
} from '../../shared/ipc/contract.ts';
import { ipcFail, ipcOk, type IpcResult } from '../../shared/ipc/result.ts';
import { isTrustedSender, type IpcSender } from '../security/ipc-sender.ts';

// The contract is written with zod/mini (small and fast to load in the preload), which ships no
// messages: main names what was wrong with a request in English, for the log and the issues list.
z.config(en());

/** Who called, beyond the frame: the window (web contents) the call came from, when there is one. */
export interface IpcCallContext {
  /** Electron's `event.sender.id`; the harness names its page 1; null when unknown. */
  readonly contentsId: number | null;
}

/** One handler per channel: parsed request in, response out. Throwing is allowed; the wrapper turns it into a typed error. */
export type IpcHandlers = {
  readonly [C in InvokeChannel]: (
    request: ParsedRequestOf<C>,
    context: IpcCallContext,
  ) => Promise<z.input<(typeof invokeContract)[C]['response']>>;
};

export type IpcDispatch = (
  channel: unknown,
  sender: IpcSender | null,
  payload: unknown,
  context?: IpcCallContext,
) => Promise<IpcResult<unknown>>;

export interface DispatcherOptions {
  readonly appOrigin: string;
  /** Where handler failures are reported (main's log); never sent to the page. */
  readonly reportFailure?: (channel: InvokeChannel, error: unknown) => void;
}

const MAX_ISSUES = 20;

/**
 * The one registration wrapper: sender check (a missing frame is refused),
 * strict parse of an `unknown` payload, the handler, and a check of the
 * handler's own answer. Every outcome is an `IpcResult`; nothing throws back
 * across the boundary.
 */
export function createIpcDispatcher(
  handlers: IpcHandlers,
  options: DispatcherOptions,
): IpcDispatch {
  return async (channel, sender, payload, context = { contentsId: null }) => {
    if (!isInvokeChannel(channel))
      return ipcFail('unknown-channel', 'This operation does not exist.');
    if (!isTrustedSender(sender, options.appOrigin)) {
      return ipcFail('untrusted-sender', 'This operation is only available to the app itself.');
    }
    const spec = invokeContract[channel];
    const request = safeParse(spec.request, payload);
    if (!request.success) {
      return ipcFail(
        'invalid-payload',
        `The request for ${channel} is not valid.`,
        request.error ? describeIssues(request.error) : undefined,
      );
    }
    let answer: unknown;
    try {
      const handler = handlers[channel] as (
        request: unknown,
        context: IpcCallContext,
      ) => Promise<unknown>;
      answer = await handler(request.data, context);
    } catch (error) {
      options.reportFailure?.(channel, error);
      return ipcFail(
        'handler-failed',
        safeMessage(error),
        undefined,
        error instanceof UserFacingError ? error.reason : undefined,
      );
    }
    const response = safeParse(spec.response, answer);
    if (!response.success) {
      options.reportFailure?.(channel, response.error ?? 'unreadable answer');
      return ipcFail('invalid-response', `The answer to ${channel} did not match the contract.`);
    }
    return ipcOk(response.data as ResponseOf<typeof channel>);
  };
}

/** Errors meant for the user carry `userMessage`; anything else gets a generic text. */
export class UserFacingError extends Error {
  readonly userMessage: string;
  /** A key the UI translates (kebab-case), so the user reads it in their language. */
  readonly reason: string | undefined;
  constructor(userMessage: string, options?: ErrorOptions & { reason?: string }) {
    super(userMessage, options);
    this.userMessage = userMessage;
    this.reason = options?.reason;
  }
}

function safeMessage(error: unknown): string {
  return error instanceof UserFacingError
    ? error.userMessage
    : 'The operation failed in the app. Details are in the log.';
}

/**
 * `schema.safeParse`, except that a value whose getters or proxy traps throw is
 * a failed parse too (`error` null) rather than an exception.
 */
function safeParse(
  schema: z.ZodMiniType,
  value: unknown,
): { success: true; data: unknown } | { success: false; error: z.core.$ZodError | null } {
  try {
    return schema.safeParse(value);
  } catch {
    return { success: false, error: null };
  }
}

function describeIssues(error: z.core.$ZodError): string[] {
  return error.issues.slice(0, MAX_ISSUES).map((issue) => {
    const path = issue.path.map(String).join('.').slice(0, 200) || '(request)';
    return `${path}: ${issue.message.slice(0, 200)}`;
  });
}
