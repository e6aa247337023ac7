// The port a kernel entry answers on: its parent thread's port when it runs as a worker thread,
// or the IPC channel when it runs as a child process (convbook.kernel.isolation = "process").

import { parentPort } from 'node:worker_threads';
import type { WorkerRequest } from '../contract';
import type { ServerPort } from './worker_server';

export function hostPort(): ServerPort {
  if (parentPort) return parentPort;
  const send = process.send?.bind(process);
  if (!send) throw new Error('the convbook kernel runs as a worker thread or a forked child process, not as a script');
  // Without its parent the kernel has no one to answer: leave instead of lingering.
  process.on('disconnect', () => process.exit(0));
  return {
    on: (_event, listener) => process.on('message', (message) => listener(message as WorkerRequest)),
    postMessage: (message) => {
      send(message);
    },
  };
}
