// The host side of the WebAssembly kernels: the built modules load from dist/, the fastest variant
// this Node accepts is the one installed, and the bundled CLI finds the .wasm beside itself.
// (Each variant's numbers are checked by the engine and audit suites, which scripts/test.mjs runs
// once per variant.)

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { blockedGemmKernel, getGemmKernel, setGemmKernel } from '../../../engine/gemm';
import { installFastestKernel, loadWasmKernel } from '../../../kernel/wasm_kernels';

const root = fileURLToPath(new URL('../../..', import.meta.url));

test('both WebAssembly variants load on this Node and multiply like the TypeScript kernel', () => {
  for (const variant of ['wasm-simd', 'wasm-relaxed-simd'] as const) {
    const kernel = loadWasmKernel(variant);
    assert.ok(typeof kernel !== 'string', `${variant}: ${kernel}`);
    const a = Float32Array.from({ length: 6 * 5 }, (_, i) => (i % 7) - 3);
    const b = Float32Array.from({ length: 5 * 11 }, (_, i) => (i % 5) - 2);
    const viaWasm = new Float32Array(6 * 11);
    const viaTs = new Float32Array(6 * 11);
    const args = { m: 6, n: 11, k: 5, a, aOffset: 0, lda: 5, b, bOffset: 0, ldb: 11, ldc: 11, cOffset: 0 };
    kernel.gemm({ ...args, c: viaWasm });
    blockedGemmKernel.gemm({ ...args, c: viaTs });
    assert.deepEqual([...viaWasm], [...viaTs]); // small integers: exact in any order
  }
});

test('start-up installs the fastest variant: relaxed SIMD (which Node 20 accepts once its V8 flag is on), on two threads when there are two cores', () => {
  const before = getGemmKernel();
  try {
    const notes: string[] = [];
    const kernel = installFastestKernel(notes);
    assert.equal(kernel.name, availableParallelism() >= 2 ? 'wasm-relaxed-simd ×2 threads' : 'wasm-relaxed-simd', notes.join('; '));
    assert.equal(getGemmKernel(), kernel);
    assert.deepEqual(notes, []);
  } finally {
    setGemmKernel(before);
  }
});

test('the bundled CLI loads the .wasm from beside itself and says which kernel it runs', () => {
  const r = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'help'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Engine GEMM kernel on this host: wasm-relaxed-simd( ×2 threads)?\n/);
});

test('under Node\'s permission model without --allow-worker the kernel runs on one thread', () => {
  const dist = join(root, 'dist');
  // Each folder once: Node 20 aborts on the same --allow-fs-read twice.
  const reads = [...new Set([dist, realpathSync(dist)])].map((p) => `--allow-fs-read=${p}`);
  const r = spawnSync(process.execPath, ['--experimental-permission', ...reads, join(dist, 'cli.js'), 'help'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Engine GEMM kernel on this host: wasm-relaxed-simd\n/);
});
