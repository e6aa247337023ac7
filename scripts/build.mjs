// Builds every bundle the extension ships: the extension host (node, cjs), the kernel worker
// (node, cjs), the CLI (node, cjs), and the notebook renderer (browser, esm), plus KaTeX's
// stylesheet and fonts, which the renderer loads from beside its bundle so it needs no network, and
// the WebAssembly SIMD kernels (scripts/build_wasm.mjs).
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWasm } from './build_wasm.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
};

const node = { ...common, platform: 'node', format: 'cjs', target: 'node20' };
const browser = { ...common, platform: 'browser', target: 'es2022' };

const builds = [
  { ...node, entryPoints: ['extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['kernel/worker.ts'], outfile: 'dist/worker.js' },
  { ...node, entryPoints: ['cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...browser, entryPoints: ['renderer/index.ts'], outfile: 'dist/renderer.js', format: 'esm' },
  { ...browser, entryPoints: ['calculator/main.ts'], outfile: 'dist/calculator.js', format: 'iife' },
];

function copyKatexAssets() {
  const katexDist = join(root, 'node_modules', 'katex', 'dist');
  const out = join(root, 'dist', 'katex');
  mkdirSync(out, { recursive: true });
  cpSync(join(katexDist, 'katex.min.css'), join(out, 'katex.min.css'));
  cpSync(join(katexDist, 'fonts'), join(out, 'fonts'), { recursive: true });
}

// The Python runtime loads CPython from these local files at run time (never downloaded):
// Pyodide's loader, wasm and standard library, the runtime's .py modules and the torch package.
function copyPythonAssets() {
  const pyodide = join(root, 'node_modules', 'pyodide');
  const out = join(root, 'dist', 'pyodide');
  mkdirSync(out, { recursive: true });
  for (const file of ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json', 'package.json']) {
    cpSync(join(pyodide, file), join(out, file));
  }
  const runtime = join(root, 'dist', 'python', 'runtime');
  mkdirSync(runtime, { recursive: true });
  for (const file of readdirSync(join(root, 'python', 'runtime'))) {
    if (file.endsWith('.py')) cpSync(join(root, 'python', 'runtime', file), join(runtime, file));
  }
  const pkg = join(root, 'python', 'pkg');
  if (existsSync(pkg)) cpSync(pkg, join(root, 'dist', 'python', 'pkg'), { recursive: true, filter: (src) => !src.includes('__pycache__') });
}

copyKatexAssets();
copyPythonAssets();
await buildWasm(root);
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('build: watching');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
