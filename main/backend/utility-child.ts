import { utilityProcess } from 'electron';
import type { ChildHandle } from './demo-backend-launcher.ts';

/** The demo back end in an Electron utility process, so main stays responsive while it indexes and seeds. */
export function forkUtilityBackend(entryPath: string): ChildHandle {
  const child = utilityProcess.fork(entryPath, [], {
    serviceName: 'Nordjysk eSundhed demo back end',
    stdio: 'inherit',
  });
  return {
    send: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', listener),
    kill: () => {
      child.kill();
    },
  };
}
