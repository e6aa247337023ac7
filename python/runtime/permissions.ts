// The flags that run a kernel child process (convbook.kernel.isolation = "process") under Node's
// permission model: it may read the extension (its bundle, Pyodide, the runtime and the torch
// package), the workspace folders and the snapshot cache, write only that cache (when there is one), and
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
  // The snapshot cache is read back as well as written: a later kernel loads the snapshot from it.
  // The host creates it: the confined kernel may write inside it, not in the folders above it.
  const cache = permissions.cacheDir ? [permissions.cacheDir] : [];
  if (permissions.cacheDir) {
    try {
      mkdirSync(permissions.cacheDir, { recursive: true });
    } catch {
      // No cache then: the kernel boots without a snapshot.
    }
  }
  const read = [...new Set([...permissions.readable, ...permissions.workspaceRoots, ...cache].flatMap((p) => [p, real(p)]))];
  const flags = ['--experimental-permission', ...read.map((p) => `--allow-fs-read=${p}`)];
  if (permissions.cacheDir) flags.push(`--allow-fs-write=${real(permissions.cacheDir)}`);
  return flags;
}
