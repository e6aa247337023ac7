// Matrix multiply C (+)= op(A)·op(B) on Float32Arrays, the engine's one hot loop (conv and
// transposed conv reduce to it). Behind a replaceable interface so a WASM SIMD kernel can take over.
//
// The default kernel follows the BLIS/GotoBLAS layout: B is packed in K-blocks into panels of NR
// columns, A into panels of MR rows, and a micro-kernel keeps an MR×NR tile of C in local
// variables while it streams the two panels. In V8 the locals stay in registers (or at worst in
// L1 spill slots), typed-array reads walk forward by a constant stride, and no bounds-check-heavy
// indexing of C happens inside the K loop. 4×4 measured as fast as 4×8, 8×4 and 6×8 here (about
// 4 GFLOP/s on one core) and wastes less on thin edges, so it is the tile.

export interface GemmArgs {
  m: number;
  n: number;
  k: number;
  /** A is M×K (K×M when transA), element (i, p) at a[aOffset + i·lda + p] (or a[aOffset + p·lda + i]). */
  a: Float32Array;
  aOffset: number;
  lda: number;
  transA?: boolean;
  /** B is K×N (N×K when transB), element (p, j) at b[bOffset + p·ldb + j] (or b[bOffset + j·ldb + p]). */
  b: Float32Array;
  bOffset: number;
  ldb: number;
  transB?: boolean;
  /** C is M×N, element (i, j) at c[cOffset + i·ldc + j]. */
  c: Float32Array;
  cOffset: number;
  ldc: number;
  /** true: C += op(A)·op(B); false (default): C = op(A)·op(B). */
  accumulate?: boolean;
  /** If given, row i of C starts from rowBias[rowBiasOffset + i] (added to C when accumulating) before the product is added. */
  rowBias?: Float32Array;
  rowBiasOffset?: number;
}

export interface GemmKernel {
  readonly name: string;
  gemm(args: GemmArgs): void;
  /**
   * Optional: one conv group's im2col and GEMM in one call (engine/conv.ts), for output positions
   * p and rows i < m: out[outOffset + i·positions + p] = bias[biasOffset + i] (if given) + the sum
   * over the group's `channels` input planes at x[xOffset..] and the weights' m × depth rows at
   * weight[wOffset..]. `geometry` is conv's 3-axis geometry flattened: in, out, kernel, stride,
   * dilation, pad sizes (depth, height, width each).
   */
  convGemm?(
    x: Float32Array, xOffset: number, channels: number, geometry: Int32Array,
    weight: Float32Array, wOffset: number, m: number, bias: Float32Array | null, biasOffset: number,
    out: Float32Array, outOffset: number,
  ): void;
  /**
   * Optional: a whole depthwise conv with 3×3 planar kernels (one input channel per group; output
   * channel co reads input channel co / (outChannels / inChannels)), geometry flattened as for im2col.
   */
  depthwise3x3?(x: Float32Array, weight: Float32Array, bias: Float32Array | null, out: Float32Array, batch: number, inChannels: number, outChannels: number, geometry: Int32Array): void;
  /**
   * Optional: deform_conv2d's deformable im2col (engine/deform.ts) for one image's band of output
   * rows, where gemm reads it without a copy. `image`, `offset` and `mask` are that image's planes;
   * params: channels, height, width, offset groups, kernel, stride, padding, dilation (h, w each),
   * output size, first row and row count of the band. Valid until the kernel's next call.
   */
  deformIm2col?(image: Float32Array, offset: Float32Array, mask: Float32Array | null, params: Int32Array): Float32Array;
  /**
   * Optional, with col2im: `floats` of memory that gemm reads and writes in place (operands built
   * there are not copied). Ask again before each op; any other method may reuse it.
   */
  scratch?(floats: number): Float32Array;
  /**
   * Optional: transposed conv's col2im (engine/conv_transpose.ts), on views from scratch: adds the
   * (coutG·taps) × (lineCount·inW) GEMM result onto coutG output planes; geometry as for im2col,
   * with "in" the transposed conv's input and "out" its output.
   */
  col2im?(cols: Float32Array, line0: number, lineCount: number, coutG: number, geometry: Int32Array, acc: Float32Array): void;
}

const MR = 4;
const NR = 4;
/** K-block: an MR×KC panel of A and a KC×NR panel of B stay in L1 while the micro-kernel runs. */
const KC = 256;
/** Rows of A packed at once (MC×KC floats ≈ 64 KB, L2-resident). */
const MC = 64;
/** Columns of B packed at once (KC×NC floats ≈ 2 MB at most, L2/L3-resident). */
const NC = 2048;

/**
 * The MR×NR micro-kernel: C tile (+)= Apanel·Bpanel over kc steps. Apanel holds MR values per
 * step, Bpanel NR values per step. Written out by hand so all 16 accumulators are plain locals.
 */
function microKernel4x4(kc: number, A: Float32Array, pa: number, B: Float32Array, pb: number, C: Float32Array, co: number, ldc: number, add: boolean): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let p = 0; p < kc; p++) {
    const a0 = A[pa];
    const a1 = A[pa + 1];
    const a2 = A[pa + 2];
    const a3 = A[pa + 3];
    const b0 = B[pb];
    const b1 = B[pb + 1];
    const b2 = B[pb + 2];
    const b3 = B[pb + 3];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    pa += MR;
    pb += NR;
  }
  const r0 = co;
  const r1 = co + ldc;
  const r2 = r1 + ldc;
  const r3 = r2 + ldc;
  if (add) {
    C[r0] += c00; C[r0 + 1] += c01; C[r0 + 2] += c02; C[r0 + 3] += c03;
    C[r1] += c10; C[r1 + 1] += c11; C[r1 + 2] += c12; C[r1 + 3] += c13;
    C[r2] += c20; C[r2 + 1] += c21; C[r2 + 2] += c22; C[r2 + 3] += c23;
    C[r3] += c30; C[r3 + 1] += c31; C[r3 + 2] += c32; C[r3 + 3] += c33;
  } else {
    C[r0] = c00; C[r0 + 1] = c01; C[r0 + 2] = c02; C[r0 + 3] = c03;
    C[r1] = c10; C[r1 + 1] = c11; C[r1 + 2] = c12; C[r1 + 3] = c13;
    C[r2] = c20; C[r2 + 1] = c21; C[r2 + 2] = c22; C[r2 + 3] = c23;
    C[r3] = c30; C[r3 + 1] = c31; C[r3 + 2] = c32; C[r3 + 3] = c33;
  }
}

/** Scratch panels, grown on demand and reused: the engine runs one op at a time per worker. */
let packedA = new Float32Array(MC * KC);
let packedB = new Float32Array(KC * NC);
const edgeTile = new Float32Array(MR * NR);

/** Packs rows [i0, i0+mc) × depth [p0, p0+kc) of op(A) into MR-row panels, zero-filling the last. */
function packA(args: GemmArgs, i0: number, mc: number, p0: number, kc: number): void {
  const { a, aOffset, lda } = args;
  const rowStep = args.transA ? 1 : lda;
  const depthStep = args.transA ? lda : 1;
  const dst = packedA;
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = Math.min(MR, mc - ir);
    let q = ir * kc;
    const base = aOffset + (i0 + ir) * rowStep + p0 * depthStep;
    if (rows === MR) {
      let s0 = base;
      const s1 = rowStep, s2 = 2 * rowStep, s3 = 3 * rowStep;
      for (let p = 0; p < kc; p++) {
        dst[q] = a[s0];
        dst[q + 1] = a[s0 + s1];
        dst[q + 2] = a[s0 + s2];
        dst[q + 3] = a[s0 + s3];
        q += MR;
        s0 += depthStep;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const s = base + p * depthStep;
        for (let r = 0; r < MR; r++) dst[q + r] = r < rows ? a[s + r * rowStep] : 0;
        q += MR;
      }
    }
  }
}

/** Packs depth [p0, p0+kc) × columns [j0, j0+nc) of op(B) into NR-column panels, zero-filling the last. */
function packB(args: GemmArgs, p0: number, kc: number, j0: number, nc: number): void {
  const { b, bOffset, ldb } = args;
  const depthStep = args.transB ? 1 : ldb;
  const colStep = args.transB ? ldb : 1;
  const dst = packedB;
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = Math.min(NR, nc - jr);
    let q = jr * kc;
    let s = bOffset + p0 * depthStep + (j0 + jr) * colStep;
    if (cols === NR && colStep === 1) {
      for (let p = 0; p < kc; p++) {
        dst[q] = b[s];
        dst[q + 1] = b[s + 1];
        dst[q + 2] = b[s + 2];
        dst[q + 3] = b[s + 3];
        q += NR;
        s += depthStep;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let x = 0; x < NR; x++) dst[q + x] = x < cols ? b[s + x * colStep] : 0;
        q += NR;
        s += depthStep;
      }
    }
  }
}

function checkArgs(args: GemmArgs): void {
  const { m, n, k } = args;
  if (!(m >= 0 && n >= 0 && k >= 0 && Number.isInteger(m) && Number.isInteger(n) && Number.isInteger(k))) {
    throw new RangeError(`gemm: bad sizes m=${m} n=${n} k=${k}`);
  }
  const lastA = args.aOffset + (args.transA ? (k - 1) * args.lda + m - 1 : (m - 1) * args.lda + k - 1);
  const lastB = args.bOffset + (args.transB ? (n - 1) * args.ldb + k - 1 : (k - 1) * args.ldb + n - 1);
  const lastC = args.cOffset + (m - 1) * args.ldc + n - 1;
  if (m > 0 && n > 0 && (lastC >= args.c.length || (k > 0 && (lastA >= args.a.length || lastB >= args.b.length)))) {
    throw new RangeError('gemm: operand too small for the given sizes, offsets and leading dimensions');
  }
}

/**
 * Checks sizes and bounds and does the empty products (nothing, or C = 0 when K = 0), the same for
 * every kernel. Returns whether a non-empty product is left to compute.
 */
export function checkedNonEmpty(args: GemmArgs): boolean {
  checkArgs(args);
  const { m, n, k, c, cOffset, ldc } = args;
  if (m === 0 || n === 0) return false;
  if (k === 0) {
    if (args.rowBias) applyRowBias(args, c, cOffset);
    else if (!args.accumulate) for (let i = 0; i < m; i++) c.fill(0, cOffset + i * ldc, cOffset + i * ldc + n);
    return false;
  }
  return true;
}

/**
 * Starts C's rows (at `into` from `at`, row stride ldc) from args.rowBias: filled with it, or it
 * added when accumulating. After this the product is accumulated onto C.
 */
export function applyRowBias(args: GemmArgs, into: Float32Array, at: number): void {
  const bias = args.rowBias as Float32Array;
  const base = args.rowBiasOffset ?? 0;
  for (let i = 0; i < args.m; i++) {
    const start = at + i * args.ldc;
    if (!args.accumulate) {
      into.fill(bias[base + i], start, start + args.n);
      continue;
    }
    const v = bias[base + i];
    for (let j = start; j < start + args.n; j++) into[j] += v;
  }
}

function blockedGemm(args: GemmArgs): void {
  if (!checkedNonEmpty(args)) return;
  const { m, n, k, c, cOffset, ldc } = args;
  if (args.rowBias) applyRowBias(args, c, cOffset);
  const accumulate = args.accumulate === true || args.rowBias !== undefined;
  if (packedA.length < MC * KC) packedA = new Float32Array(MC * KC);
  if (packedB.length < KC * NC) packedB = new Float32Array(KC * NC);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      const add = pc > 0 || accumulate;
      packB(args, pc, kc, jc, nc);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packA(args, ic, mc, pc, kc);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = Math.min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = Math.min(MR, mc - ir);
            const co = cOffset + (ic + ir) * ldc + jc + jr;
            if (rows === MR && cols === NR) {
              microKernel4x4(kc, packedA, ir * kc, packedB, jr * kc, c, co, ldc, add);
            } else {
              microKernel4x4(kc, packedA, ir * kc, packedB, jr * kc, edgeTile, 0, NR, false);
              for (let y = 0; y < rows; y++) {
                for (let x = 0; x < cols; x++) {
                  const o = co + y * ldc + x;
                  c[o] = (add ? c[o] : 0) + edgeTile[y * NR + x];
                }
              }
            }
          }
        }
      }
    }
  }
}

export const blockedGemmKernel: GemmKernel = { name: 'ts-blocked-4x4', gemm: blockedGemm };

let current: GemmKernel = blockedGemmKernel;

export function setGemmKernel(kernel: GemmKernel): void {
  current = kernel;
}

export function getGemmKernel(): GemmKernel {
  return current;
}

/** C (+)= op(A)·op(B) with the kernel in use. */
export function gemm(args: GemmArgs): void {
  current.gemm(args);
}
