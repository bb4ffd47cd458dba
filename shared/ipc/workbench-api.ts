import {
  invokeContract,
  INVOKE_CHANNELS,
  type InvokeChannel,
  type RequestOf,
  type ResponseOf,
} from './contract.ts';
import { IpcErrorSchema, ipcFail, type IpcResult } from './result.ts';

type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

/** `settings-read` → `settingsRead`. */
export function methodNameOf<C extends InvokeChannel>(channel: C): CamelCase<C> {
  return channel.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()) as CamelCase<C>;
}

/** A request that has no fields may be left out. */
type ArgsOf<C extends InvokeChannel> =
  RequestOf<C> extends Record<string, never> ? [request?: RequestOf<C>] : [request: RequestOf<C>];

/** The object the page sees as `window.workbench`: one named method per operation. */
export type WorkbenchApi = {
  readonly [C in InvokeChannel as CamelCase<C>]: (
    ...args: ArgsOf<C>
  ) => Promise<IpcResult<ResponseOf<C>>>;
};

/**
 * Carries one request to main and returns main's answer unparsed. The preload
 * passes `ipcRenderer.invoke`; the web harness passes a `fetch` to its server.
 */
export type WorkbenchTransport = (channel: InvokeChannel, request: unknown) => Promise<unknown>;

/**
 * Builds the page-facing API from the contract. Answers are checked against
 * the response schema here too, so a broken transport shows up as a typed
 * error rather than as malformed data in the UI.
 */
export function createWorkbenchApi(transport: WorkbenchTransport): WorkbenchApi {
  const methods = INVOKE_CHANNELS.map((channel) => {
    const call = async (request: unknown = {}): Promise<IpcResult<unknown>> => {
      let answer: unknown;
      try {
        answer = await transport(channel, request);
      } catch (error) {
        return ipcFail('transport-failed', error instanceof Error ? error.message : String(error));
      }
      return checkAnswer(channel, answer);
    };
    return [methodNameOf(channel), call] as const;
  });
  // One cast: the mapped type cannot be built member by member; the key set is checked in tests.
  return Object.freeze(Object.fromEntries(methods)) as unknown as WorkbenchApi;
}

function checkAnswer(channel: InvokeChannel, answer: unknown): IpcResult<unknown> {
  if (
    typeof answer !== 'object' ||
    answer === null ||
    !('ok' in answer) ||
    typeof answer.ok !== 'boolean'
  ) {
    return ipcFail(
      'invalid-response',
      `Main answered ${channel} with something that is not a result.`,
    );
  }
  if (!answer.ok) {
    const error = IpcErrorSchema.safeParse('error' in answer ? answer.error : undefined);
    return error.success
      ? { ok: false, error: error.data }
      : ipcFail('invalid-response', `Main answered ${channel} with a malformed error.`);
  }
  const parsed = invokeContract[channel].response.safeParse(
    'value' in answer ? answer.value : undefined,
  );
  return parsed.success
    ? { ok: true, value: parsed.data }
    : ipcFail(
        'invalid-response',
        `Main answered ${channel} with data that does not match the contract.`,
      );
}
