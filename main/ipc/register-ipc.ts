import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { INVOKE_CHANNELS } from '../../shared/ipc/contract.ts';
import type { IpcSender } from '../security/ipc-sender.ts';
import type { IpcDispatch } from './dispatcher.ts';

/** The sending frame, or null when Electron no longer has it (navigated away, destroyed). */
export function senderOf(event: IpcMainInvokeEvent): IpcSender | null {
  const frame = event.senderFrame;
  if (!frame) return null;
  return { url: frame.url, isMainFrame: frame === event.sender.mainFrame };
}

/** Registers every contract channel through the one dispatcher. */
export function registerIpc(ipcMain: IpcMain, dispatch: IpcDispatch): void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, (event, payload: unknown) =>
      dispatch(channel, senderOf(event), payload),
    );
  }
}
