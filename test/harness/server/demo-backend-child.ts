import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { ChildHandle } from '../../../main/backend/demo-backend-launcher.ts';

const ENTRY = join(import.meta.dirname, '../../../main/demo-backend/process-entry.ts');

/** The demo back end as a Node child process (Node 22 runs its TypeScript directly). */
export function forkDemoBackend(): ChildHandle {
  const child = fork(ENTRY, [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  return {
    send: (message) => {
      if (child.connected) child.send(message as object);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', listener),
    kill: () => {
      child.kill('SIGKILL');
    },
  };
}
