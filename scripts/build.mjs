// Builds every bundle the extension ships: the extension host (node, cjs), the kernel worker
// (node, cjs), the CLI (node, cjs), and the notebook renderer (browser, esm), plus KaTeX's
// stylesheet and fonts, which the renderer loads from beside its bundle so it needs no network, and
// the WebAssembly SIMD kernels (scripts/build_wasm.mjs).
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';
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
  { ...browser, entryPoints: ['renderer/calculator/main.ts'], outfile: 'dist/calculator.js', format: 'iife' },
];

function copyKatexAssets() {
  const katexDist = join(root, 'node_modules', 'katex', 'dist');
  const out = join(root, 'dist', 'katex');
  mkdirSync(out, { recursive: true });
  cpSync(join(katexDist, 'katex.min.css'), join(out, 'katex.min.css'));
  cpSync(join(katexDist, 'fonts'), join(out, 'fonts'), { recursive: true });
}

copyKatexAssets();
await buildWasm(root);
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('build: watching');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
