// The kernel's worker-thread entry (bundled to dist/worker.js): one language Session per notebook,
// each with a node host that reads images from inside the notebook's workspace folder only.
// Runs without vscode, so the extension and the CLI share it.

import { parentPort } from 'node:worker_threads';
import { Session } from '../lang/session';
import { createNodeHost } from './node_host';
import { serveKernel } from './worker_server';

if (!parentPort) throw new Error('kernel/worker.ts runs as a worker thread (new Worker(dist/worker.js)), not as a script');

serveKernel(parentPort, (settings) => {
  const host = createNodeHost(settings.workspaceRoot, { baseDir: settings.notebookDir, elementBudget: settings.elementBudget });
  return new Session({ settings, host });
});
