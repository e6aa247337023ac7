// The packed GEMM against a triple loop, on random sizes including ragged edges, K and N
// beyond one cache block, transposed operands, offsets, padded leading dimensions and accumulation.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { blockedGemmKernel, gemm, getGemmKernel, type GemmArgs } from '../../../engine/gemm';
import { Rng } from '../../../engine/random';
import type { WasmGemmKernel } from '../../../engine/wasm_gemm';

function naive(args: GemmArgs, cInitial: Float32Array): Float64Array {
  const out = Float64Array.from(cInitial);
  for (let i = 0; i < args.m; i++) {
    for (let j = 0; j < args.n; j++) {
      let s = 0;
      for (let p = 0; p < args.k; p++) {
        const a = args.transA ? args.a[args.aOffset + p * args.lda + i] : args.a[args.aOffset + i * args.lda + p];
        const b = args.transB ? args.b[args.bOffset + j * args.ldb + p] : args.b[args.bOffset + p * args.ldb + j];
        s += a * b;
      }
      const o = args.cOffset + i * args.ldc + j;
      out[o] = (args.accumulate ? cInitial[o] : 0) + s;
    }
  }
  return out;
}

function filled(length: number, rng: Rng): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = rng.uniform() * 2 - 1;
  return out;
}

function check(m: number, n: number, k: number, transA: boolean, transB: boolean, accumulate: boolean, pad: number, seed: number): void {
  const rng = new Rng(seed);
  const lda = (transA ? m : k) + pad;
  const ldb = (transB ? k : n) + pad;
  const ldc = n + pad;
  const aOffset = pad * 3;
  const bOffset = pad * 2;
  const cOffset = pad;
  const a = filled(aOffset + (transA ? k : m) * lda, rng);
  const b = filled(bOffset + (transB ? n : k) * ldb, rng);
  const c = filled(cOffset + m * ldc, rng);
  const args: GemmArgs = { m, n, k, a, aOffset, lda, transA, b, bOffset, ldb, transB, c, cOffset, ldc, accumulate };
  const expected = naive(args, c.slice());
  gemm(args);
  for (let i = 0; i < c.length; i++) {
    const tol = 1e-5 * Math.max(1, Math.sqrt(k)) * 4;
    if (Math.abs(c[i] - expected[i]) > tol) {
      assert.fail(`m=${m} n=${n} k=${k} transA=${transA} transB=${transB} acc=${accumulate} pad=${pad}: c[${i}] = ${c[i]}, expected ${expected[i]}`);
    }
  }
}

test('the kernel in use is the variant this run asked for (the TypeScript one by default)', () => {
  const variant = process.env.CONVBOOK_KERNEL ?? 'ts';
  if (variant === 'ts') assert.equal(getGemmKernel(), blockedGemmKernel);
  else assert.equal(getGemmKernel().name, process.env.CONVBOOK_THREADS === '2' ? `${variant} ×2 threads` : variant);
});

test('the GEMM kernel in use equals the triple loop on random shapes, layouts and offsets', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 37 }),
      fc.integer({ min: 1, max: 41 }),
      fc.integer({ min: 1, max: 300 }),
      fc.boolean(),
      fc.boolean(),
      fc.boolean(),
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 0, max: 1 << 30 }),
      (m, n, k, transA, transB, accumulate, pad, seed) => check(m, n, k, transA, transB, accumulate, pad, seed),
    ),
    { numRuns: 200, seed: 99 },
  );
});

test('blocked GEMM across M, N and K block boundaries', () => {
  check(70, 2051, 9, false, false, false, 1, 1); // N beyond one NC block, M beyond one MC block
  check(5, 7, 513, false, false, true, 0, 2); // K beyond two KC blocks, accumulating
  check(65, 3, 257, true, true, false, 2, 3);
});

test('k = 0 gives zeros (or leaves C alone when accumulating); zero-sized M or N writes nothing', () => {
  const c = new Float32Array([5, 5, 5, 5]);
  gemm({ m: 2, n: 2, k: 0, a: new Float32Array(0), aOffset: 0, lda: 0, b: new Float32Array(0), bOffset: 0, ldb: 2, c, cOffset: 0, ldc: 2, accumulate: true });
  assert.deepEqual([...c], [5, 5, 5, 5]);
  gemm({ m: 2, n: 2, k: 0, a: new Float32Array(0), aOffset: 0, lda: 0, b: new Float32Array(0), bOffset: 0, ldb: 2, c, cOffset: 0, ldc: 2 });
  assert.deepEqual([...c], [0, 0, 0, 0]);
  gemm({ m: 0, n: 2, k: 3, a: new Float32Array(0), aOffset: 0, lda: 3, b: new Float32Array(6), bOffset: 0, ldb: 2, c, cOffset: 0, ldc: 2 });
});

test('operands too small for the sizes are refused instead of read out of bounds', () => {
  assert.throws(
    () => gemm({ m: 2, n: 2, k: 2, a: new Float32Array(3), aOffset: 0, lda: 2, b: new Float32Array(4), bOffset: 0, ldb: 2, c: new Float32Array(4), cOffset: 0, ldc: 2 }),
    /operand too small/,
  );
});

test('an operand built inside a WebAssembly kernel\'s memory (its scratch) is read in place and gives the same product', { skip: !('scratch' in getGemmKernel()) && 'the TypeScript kernel has no separate memory' }, () => {
  const kernel = getGemmKernel() as WasmGemmKernel;
  const rng = new Rng(7);
  const [m, n, k] = [9, 21, 13];
  const a = filled(m * k, rng);
  const source = filled(k * n, rng);
  const inPlace = kernel.scratch(k * n);
  inPlace.set(source);
  const viaScratch = new Float32Array(m * n);
  kernel.gemm({ m, n, k, a, aOffset: 0, lda: k, b: inPlace, bOffset: 0, ldb: n, c: viaScratch, cOffset: 0, ldc: n });
  const viaCopy = new Float32Array(m * n);
  kernel.gemm({ m, n, k, a, aOffset: 0, lda: k, b: source, bOffset: 0, ldb: n, c: viaCopy, cOffset: 0, ldc: n });
  assert.deepEqual([...viaScratch], [...viaCopy]);
  assert.ok(viaCopy.some((v) => v !== 0));
});

test('a row bias starts each row of C (added to it when accumulating), for every size including k = 0', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 23 }),
      fc.integer({ min: 1, max: 40 }),
      fc.integer({ min: 0, max: 70 }),
      fc.boolean(),
      fc.integer({ min: 0, max: 2 }),
      fc.integer({ min: 0, max: 1 << 30 }),
      (m, n, k, accumulate, pad, seed) => {
        const rng = new Rng(seed);
        const ldc = n + pad;
        const a = filled(m * k, rng);
        const b = filled(k * n, rng);
        const c = filled(m * ldc, rng);
        const rowBias = filled(m + 3, rng);
        const expected = Float64Array.from(c);
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
            expected[i * ldc + j] = (accumulate ? c[i * ldc + j] : 0) + rowBias[3 + i] + s;
          }
        }
        gemm({ m, n, k, a, aOffset: 0, lda: k, b, bOffset: 0, ldb: n, c, cOffset: 0, ldc, accumulate, rowBias, rowBiasOffset: 3 });
        for (let i = 0; i < c.length; i++) {
          if (Math.abs(c[i] - expected[i]) > 1e-4 * Math.max(1, Math.sqrt(k))) assert.fail(`m=${m} n=${n} k=${k} acc=${accumulate} pad=${pad}: c[${i}] = ${c[i]}, expected ${expected[i]}`);
        }
      },
    ),
    { numRuns: 150, seed: 5 },
  );
});
