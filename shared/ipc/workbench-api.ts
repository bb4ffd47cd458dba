import {
  eventContract,
  EVENT_CHANNELS,
  invokeContract,
  INVOKE_CHANNELS,
  type EventChannel,
  type InvokeChannel,
  type PayloadOf,
  type RequestOf,
  type ResponseOf,
} from './contract.ts';
import { IpcErrorSchema, ipcFail, type IpcResult } from './result.ts';

type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

/** `settings-read` → `settingsRead`. */
export function methodNameOf<C extends InvokeChannel>(channel: C): CamelCase<C> {
  return camelCaseOf(channel) as CamelCase<C>;
}

function camelCaseOf(name: string): string {
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** A request that has no fields may be left out. */
type ArgsOf<C extends InvokeChannel> =
  RequestOf<C> extends Record<string, never> ? [request?: RequestOf<C>] : [request: RequestOf<C>];

/** `quit-requested` → `onQuitRequested`. */
export function eventMethodNameOf<C extends EventChannel>(
  channel: C,
): `on${Capitalize<CamelCase<C>>}` {
  const name = camelCaseOf(channel);
  return `on${name.charAt(0).toUpperCase()}${name.slice(1)}` as `on${Capitalize<CamelCase<C>>}`;
}

/** Every method name of the page-facing object: operations, then event subscriptions. */
export function workbenchMethodNames(): string[] {
  return [
    ...INVOKE_CHANNELS.map((channel) => methodNameOf(channel) as string),
    ...EVENT_CHANNELS.map((channel) => eventMethodNameOf(channel) as string),
  ];
}

/** The object the page sees as `window.workbench`: one named method per operation and per event. */
export type WorkbenchApi = {
  readonly [C in InvokeChannel as CamelCase<C>]: (
    ...args: ArgsOf<C>
  ) => Promise<IpcResult<ResponseOf<C>>>;
} & {
  /** Subscribes to a main → page event; returns the unsubscribe. */
  readonly [C in EventChannel as `on${Capitalize<CamelCase<C>>}`]: (
    listener: (payload: PayloadOf<C>) => void,
  ) => () => void;
};

/**
 * Carries one request to main and returns main's answer unparsed. The preload
 * passes `ipcRenderer.invoke`; the web harness passes a `fetch` to its server.
 */
export type WorkbenchTransport = (channel: InvokeChannel, request: unknown) => Promise<unknown>;

/**
 * Delivers main's events to a listener, unparsed, until the returned function
 * is called. The preload passes `ipcRenderer.on` (without the event object);
 * the web harness an EventSource. Absent: no events arrive (subscribing is harmless).
 */
export type WorkbenchEventSource = (
  channel: EventChannel,
  listener: (payload: unknown) => void,
) => () => void;

/**
 * Builds the page-facing API from the contract. Answers are checked against
 * the response schema here too, so a broken transport shows up as a typed
 * error rather than as malformed data in the UI.
 */
export function createWorkbenchApi(
  transport: WorkbenchTransport,
  events?: WorkbenchEventSource,
): WorkbenchApi {
  const subscriptions = EVENT_CHANNELS.map((channel) => {
    const subscribe = (listener: (payload: unknown) => void): (() => void) => {
      if (typeof listener !== 'function') throw new TypeError('A listener must be a function.');
      if (!events) return () => undefined;
      // Checked on arrival: a malformed payload is dropped, never handed to the page's listener.
      return events(channel, (payload) => {
        const parsed = eventContract[channel].payload.safeParse(payload);
        if (parsed.success) listener(parsed.data);
      });
    };
    return [eventMethodNameOf(channel), subscribe] as const;
  });
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
  return Object.freeze(Object.fromEntries([...methods, ...subscriptions])) as WorkbenchApi;
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
