// Loads one CPython (Pyodide) in Node from local files only. Two things make that work everywhere
// the kernel runs:
// - under Node's permission model (--experimental-permission, how a kernel child process runs),
//   process.binding is denied, and Emscripten's file system init asks it for the fs constants;
//   a shim answers that one question from fs.constants, which is what it would have returned;
// - the loader is an ES module loaded with a computed import(), which esbuild leaves alone, so the
//   bundled worker loads dist/pyodide/pyodide.mjs at run time instead of inlining it.

import { constants as fsConstants, readFileSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PyodideAPI, loadPyodide as LoadPyodide } from 'pyodide';
import { hardenRealm } from './harden_realm';

export type { PyodideAPI };

export interface LoadOptions {
  indexURL: string;
  /** A memory snapshot made by makeMemorySnapshot() with the same Pyodide and runtime files. */
  snapshot?: Uint8Array;
  /** Load so that makeMemorySnapshot() can be called later (costs nothing otherwise). */
  forSnapshot?: boolean;
}

let shimmed = false;

/** Lets Emscripten's fs init read constants where process.binding is denied. Idempotent. */
export function shimProcessBinding(): void {
  if (shimmed) return;
  shimmed = true;
  const proc = process as unknown as { binding?: (name: string) => unknown };
  const original = proc.binding?.bind(process);
  proc.binding = (name: string) => {
    try {
      if (!original) throw new Error('process.binding is unavailable');
      return original(name);
    } catch (err) {
      if (name === 'constants') return { fs: fsConstants, os: osConstants };
      throw err;
    }
  };
}

export function pyodideVersion(indexURL: string): string {
  return (JSON.parse(readFileSync(join(indexURL, 'package.json'), 'utf8')) as { version: string }).version;
}

export async function loadPython(options: LoadOptions): Promise<PyodideAPI> {
  shimProcessBinding();
  hardenRealm();
  const loaderUrl = pathToFileURL(join(options.indexURL, 'pyodide.mjs')).href;
  const { loadPyodide } = (await import(loaderUrl)) as { loadPyodide: typeof LoadPyodide };
  const quiet = () => undefined;
  return loadPyodide({
    indexURL: join(options.indexURL, '/'),
    // Cells capture their own output; anything printed outside a cell is not the notebook's.
    stdout: quiet,
    stderr: quiet,
    // input() meets end of file, as in a script without a terminal; Pyodide's default reads the
    // process's stdin, which in a worker or under a test runner is a pipe that never ends.
    stdin: () => null,
    // `import js` sees this empty object, not Node's globalThis (see sandbox.ts).
    jsglobals: Object.create(null) as object,
    ...(options.snapshot ? { _loadSnapshot: options.snapshot } : {}),
    ...(options.forSnapshot ? { _makeSnapshot: true } : {}),
  } as Parameters<typeof LoadPyodide>[0]);
}
