// Builds a worker entry the way scripts/build.mjs does (esbuild, node, cjs) into a temp folder, with
// the WebAssembly kernels beside it as in dist/, so the worker tests always run the current sources
// (and the kernel's helper thread) and never a stale dist/. The Python runtime's files sit beside it
// as in dist/ too (links to node_modules/pyodide, python/runtime and python/pkg).
import * as esbuild from 'esbuild';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'convbook-worker-'));
mkdirSync(join(outDir, 'python'));
symlinkSync(join(root, 'node_modules', 'pyodide'), join(outDir, 'pyodide'), 'dir');
symlinkSync(join(root, 'python', 'runtime'), join(outDir, 'python', 'runtime'), 'dir');
symlinkSync(join(root, 'python', 'pkg'), join(outDir, 'python', 'pkg'), 'dir');
const built = new Map<string, Promise<string>>();
let wasmBuilt: Promise<void> | undefined;

export function bundleWorker(entry: string): Promise<string> {
  let promise = built.get(entry);
  if (!promise) {
    // A dynamic import: the compiler (assemblyscript/asc) is ESM-only, and this file may load as CommonJS.
    wasmBuilt ??= import('../../../scripts/build_wasm.mjs').then((m) => m.buildWasm(root, outDir));
    const outfile = join(outDir, entry.replace(/[\\/]/g, '_').replace(/\.ts$/, '.js'));
    promise = Promise.all([
      esbuild.build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', absWorkingDir: root, logLevel: 'error' }),
      wasmBuilt,
    ]).then(() => outfile);
    built.set(entry, promise);
  }
  return promise;
}
