// The kernel's entry (bundled to dist/worker.js), run as a worker thread or as a child process:
// one session per notebook — real CPython (python/runtime) with convbook's torch package — each
// with a node host that reads images from inside the notebook's workspace folder only. Runs without vscode, so the extension and the
// CLI share it.

import { torchPackageInstaller } from '../python/install_package';
import { locateAssets } from '../python/runtime/assets';
import { liveBytes } from '../python/bridge/ref';
import { PythonSession } from '../python/runtime/python_session';
import { hostPort } from './host_port';
import { NodeKernelHost } from './node_host';
import { installFastestKernel } from './wasm_kernels';
import { serveKernel } from './worker_server';

// WebAssembly SIMD GEMM where this host's V8 runs it (the TypeScript kernel otherwise).
const notes: string[] = [];
const engine = installFastestKernel(notes);
const engineKernel = notes.length ? `${engine.name} (${notes.join('; ')})` : engine.name;

serveKernel(hostPort(), (settings, _key, context) => {
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
  const assets = locateAssets();
  const installer = torchPackageInstaller({ packageDir: assets.packageDir, settings, host });
  // Tensors and Python objects share the session's live-data budget.
  const heapLimitBytes = () => settings.liveDataMb * 2 ** 20 - liveBytes(settings);
  return new PythonSession({ settings, assets, installer, interruptBuffer: context.interruptBuffer, heapLimitBytes });
}, { engineKernel });
