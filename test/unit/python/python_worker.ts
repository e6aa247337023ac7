// The real kernel worker bundled as scripts/build.mjs bundles it, laid out as in dist/: the bundle
// beside pyodide/, python/runtime/ and python/pkg/ (links to the repository's), so the worker finds its Python
// assets exactly as the packaged extension does.

import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
let built: Promise<string> | undefined;

export function bundlePythonWorker(): Promise<string> {
  built ??= (async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'convbook-pyworker-')));
    // Links straight to the real folders: under Node's permission model every link on the way must
    // be readable, and node_modules itself is a link here.
    symlinkSync(realpathSync(join(repoRoot, 'node_modules', 'pyodide')), join(dir, 'pyodide'));
    mkdirSync(join(dir, 'python'));
    symlinkSync(realpathSync(join(repoRoot, 'python', 'runtime')), join(dir, 'python', 'runtime'));
    symlinkSync(realpathSync(join(repoRoot, 'python', 'pkg')), join(dir, 'python', 'pkg'));
    // The engine's WebAssembly kernels sit beside the bundle in dist/ too (when built).
    for (const wasm of existsSync(join(repoRoot, 'dist')) ? readdirSync(join(repoRoot, 'dist')).filter((f) => f.endsWith('.wasm')) : []) {
      symlinkSync(realpathSync(join(repoRoot, 'dist', wasm)), join(dir, wasm));
    }
    const outfile = join(dir, 'worker.js');
    await esbuild.build({ entryPoints: ['kernel/worker.ts'], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', absWorkingDir: repoRoot, logLevel: 'error' });
    return outfile;
  })();
  return built;
}
