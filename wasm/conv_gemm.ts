// A conv's im2col and GEMM fused over column chunks, for one thread's range of output positions:
// each chunk's columns (depth × chunk floats, a few MB at most) are built and then packed by the
// GEMM while they are still in this core's cache, instead of all columns being built first and
// read back from memory. Two threads (kernel/gemm_threads.ts) each run this over half the
// positions with their own columns and packing buffers, so one hand-off covers the whole conv.

import { gemm } from './gemm';
import { im2col } from './im2col';
import { K_D, K_H, K_W, geo } from './geometry';

/**
 * C[:, p] = bias + W · columns(p) for output positions p in [colStart, colStart + colCount).
 * x: the group's input channels; g: the geometry; w: m × depth weights, row-major; bias: m floats
 * or 0; c: C's column 0, row stride ldc floats; cols: depth × chunk floats of this thread's own.
 */
export function convGemm(
  x: usize, channels: i32, g: usize, colStart: i32, colCount: i32,
  w: usize, m: i32, bias: usize, c: usize, ldc: i32,
  cols: usize, chunk: i32, packedA: usize, packedB: usize, edge: usize,
): void {
  const depth = channels * geo(g, K_D) * geo(g, K_H) * geo(g, K_W);
  const end = colStart + colCount;
  for (let start = colStart; start < end; start += chunk) {
    const count = min(chunk, end - start);
    im2col(x, channels, g, cols, start, count);
    gemm(m, count, depth, w, depth, false, cols, count, false, c + (<usize>start << 2), ldc, false, packedA, packedB, edge, bias);
  }
}
