import { describe, expect, it } from 'vitest';
import type { OutboxItemView, OutboxState } from '../../../../../renderer/data/outbox/contracts.ts';
import {
  carryOutQuitChoice,
  listenForQuitRequests,
  type QuitBridge,
  type QuitOutbox,
} from '../../../../../renderer/features/session/quit-flow.ts';
import type { QuitAnswer, QuitRequest } from '../../../../../shared/ipc/schemas.ts';
import { createWorkbenchApi } from '../../../../../shared/ipc/workbench-api.ts';

/**
 * The page's side of the quit question over the real workbench API object
 * (contract checks included), with the transport and event source faked at
 * the process boundary.
 */
function bridgeWithMain() {
  const answers: QuitAnswer[] = [];
  let deliver: ((payload: unknown) => void) | null = null;
  const api = createWorkbenchApi(
    (channel, request) => {
      if (channel === 'quit-answer') answers.push(request as QuitAnswer);
      return Promise.resolve({ ok: true, value: {} });
    },
    (_channel, listener) => {
      deliver = listener;
      return () => {
        deliver = null;
      };
    },
  );
  const bridge: QuitBridge = api;
  const ask = (request: QuitRequest) => deliver?.(request);
  return { bridge, answers, ask, subscribed: () => deliver !== null };
}

describe('listenForQuitRequests', () => {
  it('shows the question and answers shown when entries are unsent', () => {
    const main = bridgeWithMain();
    const shown: QuitRequest[] = [];
    listenForQuitRequests({ bridge: main.bridge, unsent: () => 2, show: (r) => shown.push(r) });
    main.ask({ requestId: 4, reason: 'quit' });
    expect(shown).toEqual([{ requestId: 4, reason: 'quit' }]);
    expect(main.answers).toEqual([{ requestId: 4, answer: 'shown' }]);
  });

  it('answers go ahead without asking when everything went meanwhile', () => {
    const main = bridgeWithMain();
    const shown: QuitRequest[] = [];
    listenForQuitRequests({ bridge: main.bridge, unsent: () => 0, show: (r) => shown.push(r) });
    main.ask({ requestId: 5, reason: 'close' });
    expect(shown).toEqual([]);
    expect(main.answers).toEqual([{ requestId: 5, answer: 'quit' }]);
  });

  it('stops listening when unsubscribed', () => {
    const main = bridgeWithMain();
    const stop = listenForQuitRequests({
      bridge: main.bridge,
      unsent: () => 1,
      show: () => undefined,
    });
    expect(main.subscribed()).toBe(true);
    stop();
    expect(main.subscribed()).toBe(false);
  });
});

function item(id: string): OutboxItemView {
  return { id } as OutboxItemView;
}

/** An outbox whose send gets `sendable` entries through; the rest stay. */
function outboxHolding(ids: string[], sendable: number) {
  let items = ids.map(item);
  const calls: string[] = [];
  const state = (): OutboxState => ({ unsent: items.length }) as OutboxState;
  const outbox: QuitOutbox = {
    sendNow: () => {
      calls.push('sendNow');
      items = items.slice(sendable);
      return Promise.resolve(state());
    },
    list: () => Promise.resolve([...items]),
    discard: (id) => {
      calls.push(`discard ${id}`);
      items = items.filter((entry) => entry.id !== id);
      return Promise.resolve();
    },
  };
  return { outbox, calls, left: () => items.map((entry) => entry.id) };
}

describe('carryOutQuitChoice', () => {
  it('send: goes when everything went', async () => {
    const box = outboxHolding(['a', 'b'], 2);
    expect(await carryOutQuitChoice(box.outbox, 'send')).toBe('done');
    expect(box.left()).toEqual([]);
  });

  it('send: stays and says unsent when something is left', async () => {
    const box = outboxHolding(['a', 'b'], 1);
    expect(await carryOutQuitChoice(box.outbox, 'send')).toBe('unsent');
    expect(box.left()).toEqual(['b']);
  });

  it('keep: goes and leaves every entry where it is', async () => {
    const box = outboxHolding(['a', 'b'], 2);
    expect(await carryOutQuitChoice(box.outbox, 'keep')).toBe('done');
    expect(box.calls).toEqual([]);
    expect(box.left()).toEqual(['a', 'b']);
  });

  it('discard: throws each entry away, then goes', async () => {
    const box = outboxHolding(['a', 'b'], 0);
    expect(await carryOutQuitChoice(box.outbox, 'discard')).toBe('done');
    expect(box.calls).toEqual(['discard a', 'discard b']);
    expect(box.left()).toEqual([]);
  });

  it('with no open outbox there is nothing to do', async () => {
    expect(await carryOutQuitChoice(null, 'send')).toBe('done');
  });
});
