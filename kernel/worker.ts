// The kernel's worker-thread entry (bundled to dist/worker.js): one language Session per notebook,
// each with a node host that reads images from inside the notebook's workspace folder only.
// Runs without vscode, so the extension and the CLI share it.

import { parentPort } from 'node:worker_threads';
import { Session } from '../lang/session';
import { NodeKernelHost } from './node_host';
import { serveKernel } from './worker_server';

if (!parentPort) throw new Error('kernel/worker.ts runs as a worker thread (new Worker(dist/worker.js)), not as a script');

serveKernel(parentPort, (settings) => {
  // Getters, so the host follows the live settings object like the session does.
  const host = new NodeKernelHost({
    get workspaceRoot() {
      return settings.workspaceRoot;
    },
    get baseDir() {
      return settings.notebookDir;
    },
    get elementBudget() {
      return settings.elementBudget;
    },
  });
  return new Session({ settings, host });
});
