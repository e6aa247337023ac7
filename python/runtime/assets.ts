// Where the Python runtime's files are: Pyodide (its wasm, its loader and the standard library
// zip), the runtime's own .py modules, and the torch package. In the repository (tests, dev) they
// are node_modules/pyodide, python/runtime and python/pkg; in the bundle scripts/build.mjs copies
// them to dist/pyodide, dist/python/runtime and dist/python/pkg, beside dist/worker.js. Nothing is
// ever downloaded: Pyodide loads entirely from these local files.

import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface RuntimeAssets {
  /** Folder holding pyodide.mjs, pyodide.asm.wasm, python_stdlib.zip, pyodide-lock.json. */
  indexURL: string;
  /** Folder holding the runtime's convbook_*.py modules. */
  runtimeDir: string;
  /** Folder holding torch/, torchvision/, convbook/ (may not exist yet). */
  packageDir: string;
}

/** Finds the assets from where this code runs: bundled into dist/, or from the sources. */
export function locateAssets(here: string = __dirname): RuntimeAssets {
  if (existsSync(join(here, 'pyodide', 'pyodide.mjs'))) {
    return { indexURL: join(here, 'pyodide'), runtimeDir: join(here, 'python', 'runtime'), packageDir: join(here, 'python', 'pkg') };
  }
  const repo = join(here, '..', '..');
  return { indexURL: join(repo, 'node_modules', 'pyodide'), runtimeDir: join(repo, 'python', 'runtime'), packageDir: join(repo, 'python', 'pkg') };
}
