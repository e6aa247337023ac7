// The flags that run a kernel child process (convbook.kernel.isolation = "process") under Node's
// permission model: it may read the extension (its bundle, Pyodide, the runtime and the torch
// package) and the workspace folders, write only the snapshot cache (when there is one), and
// start no child process and no worker. What CPython can do is already bounded by the Python
// sandbox; this is the boundary that holds even if that one were broken. load_pyodide.ts's
// process.binding shim is what lets Pyodide start under it.

import { mkdirSync, realpathSync } from 'node:fs';

export interface KernelPermissions {
  /** Folders the kernel reads: the extension's folder (or dist/), Pyodide's folder if elsewhere. */
  readable: string[];
  /** The workspace folders whose .py files cells may import. */
  workspaceRoots: string[];
  /** Where the memory snapshot is cached; the only place the kernel writes. */
  cacheDir?: string;
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** One --allow-fs-read per folder (Node 20.20+ no longer splits a flag's value at commas). */
export function kernelPermissionFlags(permissions: KernelPermissions): string[] {
  // The cache is read too: a write grant alone lets the kernel neither find nor load its snapshot
  // (Node 20's existsSync even throws there), which failed every confined Python kernel given a cache.
  const cache = permissions.cacheDir ? [permissions.cacheDir] : [];
  // Made now: a grant on a folder that does not exist yet when the kernel starts does not hold once
  // the kernel creates it (the extension's global storage is made on first use).
  if (permissions.cacheDir) {
    try {
      mkdirSync(permissions.cacheDir, { recursive: true });
    } catch {
      // Unwritable here: the kernel runs without its cache (readSnapshot finds nothing).
    }
  }
  const read = [...new Set([...permissions.readable, ...permissions.workspaceRoots, ...cache].flatMap((p) => [p, real(p)]))];
  // --allow-worker lets the engine start its GEMM helper thread (two threads for large ops). A
  // worker thread runs under the same permission model as its process (permissions.test.ts tries a
  // worker's writes, spawns and reads), so it can do nothing the kernel itself could not.
  const flags = ['--experimental-permission', '--allow-worker', ...read.map((p) => `--allow-fs-read=${p}`)];
  if (permissions.cacheDir) flags.push(`--allow-fs-write=${real(permissions.cacheDir)}`);
  return flags;
}
