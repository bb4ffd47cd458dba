import type { InvokeChannel, RequestOf, ResponseOf } from '../../shared/ipc/contract.ts';
import { createWorkbenchApi, type WorkbenchApi } from '../../shared/ipc/workbench-api.ts';

/**
 * What main answers on one channel: a value, a refusal with a message (and a
 * reason key), or any value at all as `unchecked`, to see the contract catch it.
 */
export type FakeAnswer<C extends InvokeChannel> =
  | ResponseOf<C>
  | { readonly refuse: string; readonly reason?: string }
  | { readonly unchecked: unknown };

/** Main's answers per channel; a channel left out answers "handler-failed". */
export type FakeMain = {
  readonly [C in InvokeChannel]?: (request: RequestOf<C>) => FakeAnswer<C>;
};

export interface FakeBridge {
  /** The page's API, built from the real contract: answers are checked as in the app. */
  readonly bridge: WorkbenchApi;
  /** Every request the page sent, in order. */
  readonly requests: { readonly channel: InvokeChannel; readonly request: unknown }[];
}

function isRefusal(answer: unknown): answer is { refuse: string; reason?: string } {
  return typeof answer === 'object' && answer !== null && 'refuse' in answer;
}

function isUnchecked(answer: unknown): answer is { unchecked: unknown } {
  return typeof answer === 'object' && answer !== null && 'unchecked' in answer;
}

/**
 * A bridge to a main process made of plain functions. The page-facing object
 * is the app's own (`createWorkbenchApi`), so a fake answer that breaks the
 * contract fails the way it would in the app.
 */
export function fakeBridge(main: FakeMain = {}): FakeBridge {
  const requests: FakeBridge['requests'] = [];
  const bridge = createWorkbenchApi((channel, request) => {
    requests.push({ channel, request });
    const handler = main[channel] as ((request: unknown) => unknown) | undefined;
    if (!handler)
      return Promise.resolve({
        ok: false,
        error: { code: 'handler-failed', message: `${channel} is not faked in this test` },
      });
    const answer = handler(request);
    return Promise.resolve(
      isRefusal(answer)
        ? {
            ok: false,
            error: {
              code: 'handler-failed',
              message: answer.refuse,
              ...(answer.reason ? { reason: answer.reason } : {}),
            },
          }
        : { ok: true, value: isUnchecked(answer) ? answer.unchecked : answer },
    );
  });
  return { bridge, requests };
}
