// One CPython for one notebook: Pyodide loaded from local files, the runtime's Python modules
// (convbook_*.py) in its in-memory file system, the torch package installed by the caller's
// installer, the workspace import hook, and the sandbox sealed last. Pyodide's interrupt buffer is
// set when the caller has one, so an interrupt raises KeyboardInterrupt and the state survives.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PyProxy } from 'pyodide/ffi';
import type { RuntimeAssets } from './assets';
import { capHeap, type HeapCap } from './heap_cap';
import { inertFunction } from './inert';
import { loadPython, type PyodideAPI } from './load_pyodide';
import { readSnapshot, snapshotKey, snapshotPath, writeSnapshot } from './snapshot';
import { lookupForPython, type ModuleRoots } from './workspace_modules';

/** Installs a Python package into a fresh interpreter (the torch package: installTorchPackage). */
export interface PackageInstaller {
  /** Runs once per interpreter, after the memory snapshot point: may register JS modules. */
  install(pyodide: PyodideAPI): void | Promise<void>;
  /**
   * Optional work captured in the memory snapshot (importing pure-Python modules). It must leave
   * no JavaScript object reachable from Python, and its files are gone after a restore (the
   * snapshot holds memory, not the file system), so install() must copy them again if needed.
   */
  prepare?(pyodide: PyodideAPI): void | Promise<void>;
  /** A hash of what prepare() loads, so a changed package makes a new snapshot. */
  key?: string;
  /** JS modules the installer registers (registerJsModule) that stay importable after sealing. */
  jsModules?: string[];
}

export interface InterpreterOptions {
  assets: RuntimeAssets;
  /** Read at every import, so a changed workspace folder is followed. */
  roots: () => ModuleRoots;
  installer?: PackageInstaller;
  interruptBuffer?: Int32Array;
  /** A folder for the memory snapshot (snapshot.ts); absent: CPython boots from scratch every time. */
  cacheDir?: string;
  /** The cap on CPython's WebAssembly heap (heap_cap.ts); absent: up to WebAssembly's 4 GB. */
  heapCap?: HeapCap;
}

/** How an interpreter started, for measurements and logs. */
export type BootKind = 'cold' | 'cold, snapshot saved' | 'snapshot';

/** Where the runtime's modules live inside Pyodide's in-memory file system. */
export const RUNTIME_MOUNT = '/convbook/runtime';

/** Modules most cells and model files need, imported before a snapshot so they start warm. */
export const PRELOADED_MODULES = ['ast', 'traceback', 'argparse', 'dataclasses', 'enum', 'functools', 'typing', 'collections', 'math', 'itertools', 'copy', 'warnings', 'inspect', 're'];

export interface PythonInterpreter {
  pyodide: PyodideAPI;
  boot: BootKind;
  /** run_cell(source, namespace) from convbook_cells.py. */
  runCell: PyProxy & ((source: string, namespace: PyProxy) => PyProxy);
  newNamespace(): PyProxy;
}

/** Stage one, the part a memory snapshot can hold: Pyodide, runtime modules, warm stdlib, prepare(). */
export async function bootInterpreter(options: Pick<InterpreterOptions, 'assets' | 'installer' | 'cacheDir'>): Promise<{ pyodide: PyodideAPI; boot: BootKind }> {
  const { assets, installer, cacheDir } = options;
  const path = cacheDir ? snapshotPath(cacheDir, snapshotKey({ assets, preloaded: PRELOADED_MODULES, installerKey: installer?.key })) : undefined;
  const snapshot = path ? readSnapshot(path) : undefined;
  if (snapshot) {
    try {
      const pyodide = await loadPython({ indexURL: assets.indexURL, snapshot });
      copyRuntimeModules(pyodide, assets.runtimeDir);
      return { pyodide, boot: 'snapshot' };
    } catch {
      // A snapshot this Pyodide cannot load (damaged file): boot from scratch and replace it.
    }
  }
  const pyodide = await loadPython({ indexURL: assets.indexURL, forSnapshot: path !== undefined });
  copyRuntimeModules(pyodide, assets.runtimeDir);
  pyodide.runPython(`import sys\nsys.path.insert(0, ${JSON.stringify(RUNTIME_MOUNT)})\nimport convbook_cells, convbook_imports, convbook_sandbox\n${PRELOADED_MODULES.map((m) => `import ${m}`).join('\n')}`);
  if (installer?.prepare) await installer.prepare(pyodide);
  if (path && cacheDir && writeSnapshot(path, pyodide.makeMemorySnapshot(), cacheDir)) return { pyodide, boot: 'cold, snapshot saved' };
  return { pyodide, boot: 'cold' };
}

function copyRuntimeModules(pyodide: PyodideAPI, runtimeDir: string): void {
  pyodide.FS.mkdirTree(RUNTIME_MOUNT);
  for (const name of readdirSync(runtimeDir)) {
    if (name.endsWith('.py')) pyodide.FS.writeFile(`${RUNTIME_MOUNT}/${name}`, readFileSync(join(runtimeDir, name)));
  }
}

/** Stage two, per notebook: the import hook reading this notebook's folders, then the seal. */
export async function openInterpreter(pyodide: PyodideAPI, boot: BootKind, options: InterpreterOptions): Promise<PythonInterpreter> {
  if (options.installer) await options.installer.install(pyodide);
  const cells = pyodide.pyimport('convbook_cells') as PyProxy & { run_cell: PythonInterpreter['runCell']; new_namespace(): PyProxy };
  const lookup = inertFunction((modulePath: string) => lookupForPython(options.roots(), modulePath));
  const imports = pyodide.pyimport('convbook_imports') as PyProxy & { install(lookup: unknown): void };
  imports.install(lookup);
  imports.destroy();
  const sandbox = pyodide.pyimport('convbook_sandbox') as PyProxy & { seal(allowed: PyProxy): void };
  const allowed = pyodide.toPy(options.installer?.jsModules ?? []) as PyProxy;
  sandbox.seal(allowed);
  allowed.destroy();
  sandbox.destroy();
  if (options.interruptBuffer) pyodide.setInterruptBuffer(options.interruptBuffer);
  if (options.heapCap) capHeap((pyodide as unknown as { _module: { memory: WebAssembly.Memory } })._module.memory, options.heapCap);
  // Kept for the interpreter's life: attributes read from a proxy die with it.
  return { pyodide, boot, runCell: cells.run_cell, newNamespace: () => cells.new_namespace() };
}

export async function createInterpreter(options: InterpreterOptions): Promise<PythonInterpreter> {
  const { pyodide, boot } = await bootInterpreter(options);
  return openInterpreter(pyodide, boot, options);
}
