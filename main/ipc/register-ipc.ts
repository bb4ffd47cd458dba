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

/** The calling window's web contents id, or null when Electron does not say. */
function contentsIdOf(event: IpcMainInvokeEvent): number | null {
  const id: unknown = (event.sender as { id?: unknown } | undefined)?.id;
  return typeof id === 'number' ? id : null;
}

/** Registers every contract channel through the one dispatcher. */
export function registerIpc(ipcMain: IpcMain, dispatch: IpcDispatch): void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, (event, payload: unknown) =>
      dispatch(channel, senderOf(event), payload, { contentsId: contentsIdOf(event) }),
    );
  }
}
