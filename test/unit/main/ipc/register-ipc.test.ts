import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { registerIpc, senderOf } from '../../../../main/ipc/register-ipc.ts';
import type { IpcDispatch } from '../../../../main/ipc/dispatcher.ts';
import { INVOKE_CHANNELS } from '../../../../shared/ipc/contract.ts';

interface FakeFrame {
  readonly url: string;
}

function eventFrom(senderFrame: FakeFrame | null, mainFrame: FakeFrame): IpcMainInvokeEvent {
  // Only the two fields senderOf reads; the rest of Electron's event does not exist here.
  return { senderFrame, sender: { mainFrame } } as unknown as IpcMainInvokeEvent;
}

describe('senderOf: what main knows about the calling frame', () => {
  const main = { url: 'app://workbench/' };

  it('reports the main frame as such', () => {
    expect(senderOf(eventFrom(main, main))).toEqual({ url: 'app://workbench/', isMainFrame: true });
  });

  it('reports a sub-frame as not the main frame, even with the same URL', () => {
    expect(senderOf(eventFrom({ url: 'app://workbench/' }, main))).toEqual({
      url: 'app://workbench/',
      isMainFrame: false,
    });
  });

  it('reports a destroyed frame as no sender at all', () => {
    expect(senderOf(eventFrom(null, main))).toBeNull();
  });
});

describe('registerIpc', () => {
  it('routes every contract channel, with its sender and payload, to the dispatcher', async () => {
    const handlers = new Map<string, (event: IpcMainInvokeEvent, payload: unknown) => unknown>();
    const ipcMain = {
      handle: (
        channel: string,
        listener: (event: IpcMainInvokeEvent, payload: unknown) => unknown,
      ) => handlers.set(channel, listener),
    } as unknown as IpcMain;
    const dispatch: IpcDispatch = (channel, sender, payload) =>
      Promise.resolve({ ok: true, value: { channel, sender, payload } });

    registerIpc(ipcMain, dispatch);

    expect([...handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    const frame = { url: 'app://workbench/' };
    for (const channel of INVOKE_CHANNELS) {
      const answer = await handlers.get(channel)!(eventFrom({ url: 'https://x/' }, frame), {
        n: 1,
      });
      expect(answer).toEqual({
        ok: true,
        value: { channel, sender: { url: 'https://x/', isMainFrame: false }, payload: { n: 1 } },
      });
    }
  });
});
