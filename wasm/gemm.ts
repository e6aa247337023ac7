// AssemblyScript, compiled to WebAssembly SIMD128 by scripts/build_wasm.mjs (twice: with relaxed
// SIMD, where f32x4.relaxed_madd becomes one fused multiply-add, and without). The host lays out
// memory (engine/wasm_gemm.ts copies the operands in and passes byte addresses); this module only
// computes C (+)= op(A)·op(B) over f32, the same BLIS layout as engine/gemm.ts's TypeScript kernel:
// B packed in KC-deep panels of NR columns, A in panels of MR rows, and a micro-kernel holding an
// MR×NR tile of C in eight v128 registers (MR rows × two 4-lane vectors) while it streams both panels.

import { madd } from './geometry';

const MR: i32 = 4;
const NR: i32 = 8;
/** Depth of one packed block: an MR×KC panel of A and a KC×NR panel of B (16 + 8 KB) stay in L1. */
export const KC: i32 = 256;
/** Rows of A packed at once (MC×KC floats = 64 KB). */
export const MC: i32 = 64;
/** Columns of B packed at once (KC×NC floats = 512 KB, L2-resident). */
export const NC: i32 = 512;

/** Where the host may start laying out buffers: past this module's own static data. */
export function heapBase(): usize {
  return __heap_base;
}

/** The MR×NR micro-kernel: tile at c (row stride ldc bytes) (+)= A panel · B panel over kc steps. */
function micro4x8(kc: i32, pa: usize, pb: usize, c: usize, ldc: usize, add: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load32_splat(pa, 4);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load32_splat(pa, 8);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load32_splat(pa, 12);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    pa += 16;
    pb += 32;
  }
  const r1 = c + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
  if (add) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(r1)); c11 = f32x4.add(c11, v128.load(r1, 16));
    c20 = f32x4.add(c20, v128.load(r2)); c21 = f32x4.add(c21, v128.load(r2, 16));
    c30 = f32x4.add(c30, v128.load(r3)); c31 = f32x4.add(c31, v128.load(r3, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(r1, c10); v128.store(r1, c11, 16);
  v128.store(r2, c20); v128.store(r2, c21, 16);
  v128.store(r3, c30); v128.store(r3, c31, 16);
}

/**
 * Adds row biases (MR values at bias) to a full tile just written: the same float addition as
 * adding the product onto C filled with the bias. Separate from micro4x8, whose loop an extra
 * argument there slowed by 10% (V8's register allocation), while this pass stays in L1.
 */
function biasTile(c: usize, ldc: usize, bias: usize): void {
  for (let r = 0; r < MR; r++) {
    const row = c + <usize>r * ldc;
    const v = v128.load32_splat(bias + (<usize>r << 2));
    v128.store(row, f32x4.add(v128.load(row), v));
    v128.store(row, f32x4.add(v128.load(row, 16), v), 16);
  }
}

/** Packs rows [i0, i0+mc) × depth [p0, p0+kc) of op(A) into MR-row panels at dst, zero-filling the last. */
function packA(a: usize, lda: i32, transA: bool, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  const rowStep: usize = (transA ? 1 : <usize>lda) << 2;
  const depthStep: usize = (transA ? <usize>lda : 1) << 2;
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    let q = dst + (<usize>(ir * kc) << 2);
    let s = a + <usize>(i0 + ir) * rowStep + <usize>p0 * depthStep;
    if (rows == MR) {
      for (let p = 0; p < kc; p++) {
        store<f32>(q, load<f32>(s));
        store<f32>(q, load<f32>(s + rowStep), 4);
        store<f32>(q, load<f32>(s + 2 * rowStep), 8);
        store<f32>(q, load<f32>(s + 3 * rowStep), 12);
        q += 16;
        s += depthStep;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let r = 0; r < MR; r++) store<f32>(q + (<usize>r << 2), r < rows ? load<f32>(s + <usize>r * rowStep) : 0);
        q += 16;
        s += depthStep;
      }
    }
  }
}

/** Packs depth [p0, p0+kc) × columns [j0, j0+nc) of op(B) into NR-column panels at dst, zero-filling the last. */
function packB(b: usize, ldb: i32, transB: bool, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  const depthStep: usize = (transB ? 1 : <usize>ldb) << 2;
  const colStep: usize = (transB ? <usize>ldb : 1) << 2;
  const full = transB ? 0 : nc - nc % NR;
  // Row-major B: each row of the block is read once, front to back, and dealt out to the panels
  // (walking one panel down the rows instead strides a whole row per step, a cache line and
  // often a TLB entry each).
  for (let p = 0; p < kc; p++) {
    let s = b + <usize>(p0 + p) * depthStep + (<usize>j0 << 2);
    let q = dst + (<usize>(p * NR) << 2);
    const panelStep = <usize>(kc * NR) << 2;
    for (let jr = 0; jr < full; jr += NR) {
      v128.store(q, v128.load(s));
      v128.store(q, v128.load(s, 16), 16);
      s += 32;
      q += panelStep;
    }
  }
  for (let jr = full; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    let q = dst + (<usize>(jr * kc) << 2);
    let s = b + <usize>p0 * depthStep + <usize>(j0 + jr) * colStep;
    for (let p = 0; p < kc; p++) {
      for (let x = 0; x < NR; x++) store<f32>(q + (<usize>x << 2), x < cols ? load<f32>(s + <usize>x * colStep) : 0);
      q += 32;
      s += depthStep;
    }
  }
}

/**
 * C (+)= op(A)·op(B), all f32 at byte addresses, leading dimensions in elements. packedA needs
 * MC·KC floats, packedB KC·NC, edge MR·NR. m, n, k > 0 (the host handles the empty cases).
 * bias (not accumulating; 0: none): m floats, row i of C is bias[i] + the product, summed as
 * C = bias then C += each depth block's product would be.
 */
export function gemm(
  m: i32, n: i32, k: i32,
  a: usize, lda: i32, transA: bool,
  b: usize, ldb: i32, transB: bool,
  c: usize, ldc: i32, accumulate: bool,
  packedA: usize, packedB: usize, edge: usize, bias: usize,
): void {
  const ldcBytes: usize = <usize>ldc << 2;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      const add = pc > 0 || accumulate;
      packB(b, ldb, transB, pc, kc, jc, nc, packedB);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA(a, lda, transA, ic, mc, pc, kc, packedA);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          const pb = packedB + (<usize>(jr * kc) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = min(MR, mc - ir);
            const pa = packedA + (<usize>(ir * kc) << 2);
            const co = c + <usize>(ic + ir) * ldcBytes + (<usize>(jc + jr) << 2);
            const rowBias: usize = add || !bias ? 0 : bias + (<usize>(ic + ir) << 2);
            if (rows == MR && cols == NR) {
              micro4x8(kc, pa, pb, co, ldcBytes, add);
              if (rowBias) biasTile(co, ldcBytes, rowBias);
              continue;
            }
            micro4x8(kc, pa, pb, edge, <usize>NR << 2, false);
            for (let y = 0; y < rows; y++) {
              const shift: f32 = rowBias ? load<f32>(rowBias + (<usize>y << 2)) : 0;
              for (let x = 0; x < cols; x++) {
                const o = co + <usize>y * ldcBytes + (<usize>x << 2);
                const v = load<f32>(edge + (<usize>(y * NR + x) << 2));
                store<f32>(o, add ? load<f32>(o) + v : rowBias ? v + shift : v);
              }
            }
          }
        }
      }
    }
  }
}
