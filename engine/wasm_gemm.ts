// A GemmKernel over the WebAssembly SIMD module built from wasm/gemm.ts. The engine stays
// portable: it never loads or compiles anything itself; its host (the kernel worker, the CLI,
// tests, the benchmark) instantiates the module and hands the instance's exports over here.
//
// Operands live in JS Float32Arrays, the module computes in its own linear memory, so each call
// copies op(A)'s and op(B)'s spans in (a memcpy, O(MK + KN) against the O(MNK) product) and C's
// rows out. An operand already inside the module's memory (see scratch) is used where it is.

import { applyRowBias, checkedNonEmpty, type GemmArgs, type GemmKernel } from './gemm';

/** What the engine needs of a WebAssembly.Memory, declared here because engine/ has no DOM/Node typings. */
export interface LinearMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The exports of wasm/gemm.ts's module (globals arrive as WebAssembly.Global objects). */
export interface GemmModuleExports {
  heapBase(): number;
  gemm(
    m: number, n: number, k: number,
    a: number, lda: number, transA: number,
    b: number, ldb: number, transB: number,
    c: number, ldc: number, accumulate: number,
    packedA: number, packedB: number, edge: number, bias: number,
  ): void;
  convGemm(
    x: number, channels: number, geometry: number, colStart: number, colCount: number,
    w: number, m: number, bias: number, c: number, ldc: number,
    cols: number, chunk: number, packedA: number, packedB: number, edge: number,
  ): void;
  depthwise3x3(x: number, w: number, bias: number, hasBias: number, out: number, inChannels: number, multiplier: number, q0: number, count: number, geometry: number, padded: number): void;
  depthwisePaddedFloats(geometry: number): number;
  deformIm2col(x: number, offset: number, mask: number, hasMask: number, params: number, table: number, columns: number, bordered: number): void;
  col2im(cols: number, line0: number, lineCount: number, coutG: number, geometry: number, acc: number): void;
  KC: { value: number };
  MC: { value: number };
  NC: { value: number };
}

/**
 * A second thread working on the same module memory (the host provides it: kernel/gemm_threads.ts).
 * A job is an op code then that export's arguments: GEMM_JOB + gemm's 16, CONV_JOB + convGemm's 15.
 */
export interface GemmHelper {
  /** Work below this many flops stays on the calling thread. */
  readonly minFlops: number;
  /** Whether the helper is up to take a job now (asking may start it; until then ops run on one thread). */
  available(): boolean;
  /** Wakes the helper ahead of a job about to be started, so it is running by then (call after available()). */
  prepare(): void;
  start(job: readonly number[]): void;
  /** Blocks until the job started last is done; throws if the helper failed. */
  finish(): void;
  stop(): void;
}

export const GEMM_JOB = 0;
export const CONV_JOB = 1;
/** The export each op code calls, in op-code order. */
export const JOB_EXPORTS = ['gemm', 'convGemm'] as const;

const PAGE = 65536;
/** wasm/gemm.ts's micro-tile (4×8 measured faster there than 6×8: 34 against 27 GFLOP/s), for the edge tile's size. */
const MR = 4;
const NR = 8;

/**
 * convGemm's column chunks: a chunk's columns are packed right after they are built, so they are
 * meant to stay in this core's L2 (2 MB here): 512 columns (the GEMM's NC) of 576 rows (64
 * channels × 3×3) are 1.2 MB. On 1×64×56×56→64 k3 chunks of 256 to 904 columns measured alike
 * (within 2 %). Deep columns make chunks narrower, down to 16 MB of columns per thread
 * (CHUNK_FLOATS), the bound the one-thread path had: every chunk packs all of A again, and with a
 * 2 MB bound 1×512×40×40→512 k7 (25088 rows, chunks of 16 columns) ran 1.5× slower.
 */
const CHUNK_COLUMNS = 512;
const CHUNK_FLOATS = 1 << 22;

/**
 * The depthwise path's chunk of input and output planes in scratch (floats): 256 KB, so the planes
 * it copies in are still in cache when the kernel reads them, and its outputs when they are copied
 * out (1×128×56×56, one call: 0.46 ms through the whole tensor at once, 0.37 ms in chunks).
 */
const DEPTHWISE_CHUNK_FLOATS = 1 << 16;

/** Indices into conv's flattened geometry (wasm/geometry.ts has the whole layout). */
const IN_H = 1, IN_W = 2, OUT_H = 4, OUT_W = 5;

/** Room for conv's flattened geometry (18 i32s) at the start of the scratch area. */
const GEOMETRY_BYTES = 128;

function align16(bytes: number): number {
  return (bytes + 15) & ~15;
}

/** Columns [from, to) of every row of an m × n matrix, from heap at `at` to out at `outOffset`. */
function copyColumns(heap: Float32Array, at: number, out: Float32Array, outOffset: number, m: number, n: number, from: number, to: number): void {
  if (from === 0 && to === n) {
    out.set(heap.subarray(at, at + m * n), outOffset);
    return;
  }
  for (let row = 0; row < m; row++) {
    out.set(heap.subarray(at + row * n + from, at + row * n + to), outOffset + row * n + from);
  }
}

export interface WasmGemmKernel extends GemmKernel {
  /** Whether large ops are split across two threads now (a helper that is up). */
  splitting(): boolean;
  /**
   * A Float32Array of at least `floats` elements inside the module's memory, for a caller to build
   * an operand in place (no copy in). Valid until the next call to scratch or gemm, which may grow
   * the memory and so detach it: ask again each time.
   */
  scratch(floats: number): Float32Array;
}

/** Packing buffers for one thread: MC×KC floats of A, KC×NC of B, one MR×NR edge tile. */
function packingArea(exports: GemmModuleExports, at: number): [packedA: number, packedB: number, edge: number, end: number] {
  const kc = exports.KC.value;
  const packedA = align16(at);
  const packedB = align16(packedA + exports.MC.value * kc * 4);
  const edge = align16(packedB + kc * exports.NC.value * 4);
  return [packedA, packedB, edge, align16(edge + MR * NR * 4)];
}

/** With a helper, products of at least helper.minFlops are split by columns across both threads. */
export function wasmGemmKernel(name: string, exports: GemmModuleExports, memory: LinearMemory, helper?: GemmHelper): WasmGemmKernel {
  const [packedA, packedB, edge, ownEnd] = packingArea(exports, exports.heapBase());
  const [packedA2, packedB2, edge2, helperEnd] = packingArea(exports, ownEnd);
  const geometryAt = helper ? helperEnd : ownEnd;
  const scratchBase = geometryAt + GEOMETRY_BYTES;
  let scratchFloats = 0;

  function ensure(endByte: number): void {
    const have = memory.buffer.byteLength;
    if (endByte > have) memory.grow(Math.ceil((endByte - have) / PAGE));
  }

  /**
   * The memory's buffers handed out in views. Shared memory never detaches a buffer when it grows
   * (it hands out a longer one), so a view made before growing still sees the same bytes.
   */
  const ownBuffers = new WeakSet<ArrayBufferLike>();
  function heapBuffer(): ArrayBuffer {
    ownBuffers.add(memory.buffer);
    return memory.buffer;
  }

  /** Byte address of `array[offset]` if the array is a view of the module's memory, else -1. */
  function inMemory(array: Float32Array, offset: number): number {
    return ownBuffers.has(array.buffer) || array.buffer === memory.buffer ? array.byteOffset + offset * 4 : -1;
  }

  function gemm(args: GemmArgs): void {
    const { m, n, k, lda, ldb, ldc } = args;
    const spanA = args.transA ? (k - 1) * lda + m : (m - 1) * lda + k;
    const spanB = args.transB ? (n - 1) * ldb + k : (k - 1) * ldb + n;
    const spanC = (m - 1) * ldc + n;
    let aPtr = inMemory(args.a, args.aOffset);
    let bPtr = inMemory(args.b, args.bOffset);
    // Operands not already inside go after the scratch area, in this order.
    let next = align16(scratchBase + scratchFloats * 4);
    const place = (ptr: number, span: number): number => {
      if (ptr >= 0) return ptr;
      const at = next;
      next = align16(next + span * 4);
      return at;
    };
    const aCopy = aPtr < 0;
    const bCopy = bPtr < 0;
    aPtr = place(aPtr, spanA);
    bPtr = place(bPtr, spanB);
    let cPtr = inMemory(args.c, args.cOffset);
    const cCopy = cPtr < 0;
    cPtr = place(cPtr, spanC);
    const split = helper !== undefined && 2 * m * n * k >= helper.minFlops && n >= 2 * NR && helper.available();
    if (split) helper.prepare();
    const given = args.accumulate === true;
    // Not accumulating, a row bias is added to the product by the kernel (from here); accumulating,
    // it is added to C's rows in the module first. Either way never filled into the caller's C.
    const biasPtr = args.rowBias && !given ? place(-1, m) : 0;
    ensure(next);
    const heap = new Float32Array(heapBuffer());
    if (aCopy) heap.set(args.a.subarray(args.aOffset, args.aOffset + spanA), aPtr >> 2);
    if (bCopy) heap.set(args.b.subarray(args.bOffset, args.bOffset + spanB), bPtr >> 2);
    const c = args.c;
    if (given && cCopy) heap.set(c.subarray(args.cOffset, args.cOffset + spanC), cPtr >> 2);
    if (args.rowBias && given) applyRowBias(args, heap, cPtr >> 2);
    else if (args.rowBias) heap.set(args.rowBias.subarray(args.rowBiasOffset ?? 0, (args.rowBiasOffset ?? 0) + m), biasPtr >> 2);
    const transA = args.transA ? 1 : 0;
    const transB = args.transB ? 1 : 0;
    const acc = given ? 1 : 0;
    if (split) {
      // This thread takes the first n1 columns of C, the helper the rest (disjoint writes).
      const n1 = Math.ceil(n / 2 / NR) * NR;
      const bRest = bPtr + (args.transB ? n1 * ldb : n1) * 4;
      helper.start([GEMM_JOB, m, n - n1, k, aPtr, lda, transA, bRest, ldb, transB, cPtr + n1 * 4, ldc, acc, packedA2, packedB2, edge2, biasPtr]);
      try {
        exports.gemm(m, n1, k, aPtr, lda, transA, bPtr, ldb, transB, cPtr, ldc, acc, packedA, packedB, edge, biasPtr);
      } finally {
        helper.finish();
      }
    } else {
      exports.gemm(m, n, k, aPtr, lda, transA, bPtr, ldb, transB, cPtr, ldc, acc, packedA, packedB, edge, biasPtr);
    }
    if (!cCopy) {
      // C is the caller's view of this memory: the product is already there.
    } else if (ldc === n || given) {
      // Rows are contiguous, or the gaps between them were copied in and come back unchanged.
      c.set(heap.subarray(cPtr >> 2, (cPtr >> 2) + spanC), args.cOffset);
    } else {
      for (let i = 0; i < m; i++) {
        const from = (cPtr >> 2) + i * ldc;
        c.set(heap.subarray(from, from + n), args.cOffset + i * ldc);
      }
    }
  }

  return {
    name: helper ? `${name} ×2 threads` : name,
    splitting: () => helper?.available() ?? false,
    gemm(args: GemmArgs): void {
      // Sizes, bounds and the empty cases are the TypeScript kernel's, so both fail alike.
      if (!checkedNonEmpty(args)) return;
      gemm(args);
    },
    convGemm(x, xOffset, channels, geometry, weight, wOffset, m, bias, biasOffset, out, outOffset): void {
      const [inD, inH, inW, outD, outH, outW, kD, kH, kW] = geometry;
      const plane = inD * inH * inW;
      const positions = outD * outH * outW;
      const depth = channels * kD * kH * kW;
      const split = helper !== undefined && 2 * m * positions * depth >= helper.minFlops && positions >= 2 * NR && helper.available();
      // Woken now, the helper is up by the time the operands below are copied in.
      if (split) helper.prepare();
      // This thread takes positions [0, n1), the helper the rest, each in equal chunks of at most
      // CHUNK_COLUMNS (and CHUNK_FLOATS of columns) so no thread ends on a sliver.
      const n1 = split ? Math.ceil(positions / 2 / NR) * NR : positions;
      const most = Math.max(NR, Math.min(CHUNK_COLUMNS, Math.floor(CHUNK_FLOATS / depth / NR) * NR));
      const chunk = Math.ceil(n1 / Math.ceil(n1 / most) / NR) * NR;
      // Scratch: the geometry, input, weights, bias, C, then each thread's columns.
      const xAt = GEOMETRY_BYTES;
      const wAt = align16(xAt + channels * plane * 4);
      const biasAt = align16(wAt + m * depth * 4);
      const cAt = align16(biasAt + m * 4);
      const colsAt = align16(cAt + m * positions * 4);
      const cols2At = align16(colsAt + depth * chunk * 4);
      this.scratch((split ? cols2At + depth * chunk * 4 : cols2At) >> 2);
      const heap = new Float32Array(heapBuffer(), scratchBase);
      new Int32Array(heapBuffer(), scratchBase, geometry.length).set(geometry);
      heap.set(x.subarray(xOffset, xOffset + channels * plane), xAt >> 2);
      heap.set(weight.subarray(wOffset, wOffset + m * depth), wAt >> 2);
      if (bias) heap.set(bias.subarray(biasOffset, biasOffset + m), biasAt >> 2);
      const s = scratchBase;
      const biasPtr = bias ? s + biasAt : 0;
      if (split) helper.start([CONV_JOB, s + xAt, channels, s, n1, positions - n1, s + wAt, m, biasPtr, s + cAt, positions, s + cols2At, chunk, packedA2, packedB2, edge2]);
      try {
        exports.convGemm(s + xAt, channels, s, 0, n1, s + wAt, m, biasPtr, s + cAt, positions, s + colsAt, chunk, packedA, packedB, edge);
        // This thread's columns go out while the helper still computes its own: copying into a
        // fresh output touches its pages for the first time, which costs about as much again as
        // the copy (k3 1×64×56×56: 0.29 ms for all of C, a twentieth of the op). Two threads went
        // from 1.77× to 1.83× one thread's speed. (Chunks claimed one at a time from a shared
        // counter, tried against this fixed halving, measured 1.75× at 8 chunks, 1.6× at 24.)
        copyColumns(heap, cAt >> 2, out, outOffset, m, positions, 0, n1);
      } finally {
        if (split) helper.finish();
      }
      if (split) copyColumns(heap, cAt >> 2, out, outOffset, m, positions, n1, positions);
    },
    depthwise3x3(x, weight, bias, out, batch, inChannels, outChannels, geometry): void {
      // One thread only: the op is bound by memory, not arithmetic. Split across the helper, its
      // half of the planes had to cross from this core's cache to the other's and back, and the
      // op ran about 2× slower (1×128×56×56: 0.46 ms alone, 1.07 ms split).
      new Int32Array(heapBuffer(), geometryAt, geometry.length).set(geometry);
      const paddedFloats = exports.depthwisePaddedFloats(geometryAt);
      const multiplier = outChannels / inChannels;
      const inPlane = geometry[IN_H] * geometry[IN_W];
      const outPlanes = geometry[OUT_H] * geometry[OUT_W] * multiplier;
      const planes = batch * inChannels;
      const chunk = Math.max(1, Math.min(planes, Math.floor(DEPTHWISE_CHUNK_FLOATS / (inPlane + outPlanes))));
      // Scratch: weights, bias, a chunk of input planes, their output planes, the zero-bordered plane.
      const biasAt = align16(outChannels * 9 * 4);
      const xAt = align16(biasAt + outChannels * 4);
      const outAt = align16(xAt + chunk * inPlane * 4);
      const paddedAt = align16(outAt + chunk * outPlanes * 4);
      this.scratch((paddedAt >> 2) + paddedFloats);
      const heap = new Float32Array(heapBuffer(), scratchBase);
      heap.set(weight.subarray(0, outChannels * 9), 0);
      if (bias) heap.set(bias.subarray(0, outChannels), biasAt >> 2);
      const s = scratchBase;
      for (let q0 = 0; q0 < planes; q0 += chunk) {
        const count = Math.min(chunk, planes - q0);
        heap.set(x.subarray(q0 * inPlane, (q0 + count) * inPlane), xAt >> 2);
        exports.depthwise3x3(s + xAt, s, s + biasAt, bias ? 1 : 0, s + outAt, inChannels, multiplier, q0, count, geometryAt, s + paddedAt);
        out.set(heap.subarray(outAt >> 2, (outAt >> 2) + count * outPlanes), q0 * outPlanes);
      }
    },
    deformIm2col(image, offset, mask, params): Float32Array {
      const [channels, height, width, , kh, kw, , , , , , , , outW, , rows] = params;
      const band = rows * outW;
      // Scratch: the params, columns, the bilinear table (5 words per tap and position), image,
      // offsets, mask, then the image's planes with a zero border.
      const colsAt = GEOMETRY_BYTES;
      const tableAt = align16(colsAt + channels * kh * kw * band * 4);
      const imageAt = align16(tableAt + kh * kw * band * 20);
      const offsetAt = align16(imageAt + image.length * 4);
      const maskAt = align16(offsetAt + offset.length * 4);
      const borderedAt = align16(maskAt + (mask ? mask.length : 0) * 4);
      this.scratch((borderedAt >> 2) + channels * (height + 2) * (width + 2));
      const heap = new Float32Array(heapBuffer(), scratchBase);
      new Int32Array(heapBuffer(), scratchBase, params.length).set(params);
      heap.set(image, imageAt >> 2);
      heap.set(offset, offsetAt >> 2);
      if (mask) heap.set(mask, maskAt >> 2);
      const s = scratchBase;
      exports.deformIm2col(s + imageAt, s + offsetAt, s + maskAt, mask ? 1 : 0, s, s + tableAt, s + colsAt, s + borderedAt);
      return new Float32Array(heapBuffer(), s + colsAt, channels * kh * kw * band);
    },
    col2im(cols, line0, lineCount, coutG, geometry, acc): void {
      new Int32Array(heapBuffer(), geometryAt, geometry.length).set(geometry);
      const colsPtr = inMemory(cols, 0);
      const accPtr = inMemory(acc, 0);
      if (colsPtr < 0 || accPtr < 0) throw new RangeError('col2im: cols and acc must be views from scratch');
      exports.col2im(colsPtr, line0, lineCount, coutG, geometryAt, accPtr);
    },
    scratch(floats: number): Float32Array {
      if (floats > scratchFloats) scratchFloats = floats;
      ensure(scratchBase + scratchFloats * 4);
      return new Float32Array(heapBuffer(), scratchBase, floats);
    },
  };
}
