// The loops of 2-D pooling, following PyTorch's CPU kernels: max pooling treats padding as −∞
// (it only ever visits real input cells) and keeps the first maximum (a NaN wins); average pooling
// divides by PyTorch's divisor; adaptive pooling averages the bins [⌊i·In/Out⌋, ⌈(i+1)·In/Out⌉).
// Shapes and checks are in pool_args.ts.

import {
  adaptiveBin,
  avgPoolAxisWindow,
  avgPoolDivisor,
  resolveAdaptiveAvgPool2d,
  resolveAvgPool2d,
  resolveMaxPool2d,
  type AvgPool2dOptions,
  type MaxPool2dOptions,
} from './pool_args';
import { makeTensor, type Tensor } from './tensor';

export type { AvgPool2dOptions, MaxPool2dOptions } from './pool_args';

export interface MaxPool2dResult {
  output: Tensor;
  /** Per output cell, the flat index (row·W + col) of the winner within its input plane, like return_indices. */
  indices: Int32Array;
}

export function maxPool2d(input: Tensor, options: MaxPool2dOptions): MaxPool2dResult {
  const g = resolveMaxPool2d(input.shape, options);
  const output = makeTensor(g.outputShape);
  const indices = new Int32Array(output.data.length);
  const [height, width] = g.inputSize;
  const [outH, outW] = g.outputSize;
  const [kh, kw] = g.kernel;
  const [sh, sw] = g.stride;
  const [ph, pw] = g.padding;
  const [dh, dw] = g.dilation;
  const planes = g.batch * g.channels;
  const src = input.data;
  const dst = output.data;
  for (let plane = 0; plane < planes; plane++) {
    const inBase = plane * height * width;
    const outBase = plane * outH * outW;
    for (let oy = 0; oy < outH; oy++) {
      // Skip the taps that fall in the padding: first real row and the end of the window.
      let y0 = oy * sh - ph;
      const y1 = Math.min(y0 + (kh - 1) * dh + 1, height);
      while (y0 < 0) y0 += dh;
      for (let ox = 0; ox < outW; ox++) {
        let x0 = ox * sw - pw;
        const x1 = Math.min(x0 + (kw - 1) * dw + 1, width);
        while (x0 < 0) x0 += dw;
        let best = -Infinity;
        let bestIndex = y0 * width + x0;
        for (let y = y0; y < y1; y += dh) {
          for (let x = x0; x < x1; x += dw) {
            const index = y * width + x;
            const v = src[inBase + index];
            // PyTorch's test: a later NaN still takes over, so the index is the last NaN's.
            if (v > best || Number.isNaN(v)) {
              best = v;
              bestIndex = index;
            }
          }
        }
        dst[outBase + oy * outW + ox] = best;
        indices[outBase + oy * outW + ox] = bestIndex;
      }
    }
  }
  return { output, indices };
}

export function avgPool2d(input: Tensor, options: AvgPool2dOptions): Tensor {
  const g = resolveAvgPool2d(input.shape, options);
  const output = makeTensor(g.outputShape);
  const [height, width] = g.inputSize;
  const [outH, outW] = g.outputSize;
  const planes = g.batch * g.channels;
  const src = input.data;
  const dst = output.data;
  for (let oy = 0; oy < outH; oy++) {
    const rows = avgPoolAxisWindow(oy, g.kernel[0], g.stride[0], g.padding[0], height);
    for (let ox = 0; ox < outW; ox++) {
      const cols = avgPoolAxisWindow(ox, g.kernel[1], g.stride[1], g.padding[1], width);
      // A window lying wholly in the padding reads nothing; PyTorch leaves 0 there.
      if (rows.start >= rows.end || cols.start >= cols.end) continue;
      const divisor = avgPoolDivisor([rows, cols], g.countIncludePad, g.divisorOverride);
      for (let plane = 0; plane < planes; plane++) {
        const inBase = plane * height * width;
        let sum = 0;
        for (let y = rows.start; y < rows.end; y++) {
          for (let x = cols.start; x < cols.end; x++) sum += src[inBase + y * width + x];
        }
        dst[plane * outH * outW + oy * outW + ox] = sum / divisor;
      }
    }
  }
  return output;
}

export function adaptiveAvgPool2d(input: Tensor, outputSize: number | readonly (number | null)[]): Tensor {
  const g = resolveAdaptiveAvgPool2d(input.shape, outputSize);
  const output = makeTensor(g.outputShape);
  const [height, width] = g.inputSize;
  const [outH, outW] = g.outputSize;
  const planes = g.planes;
  const src = input.data;
  const dst = output.data;
  for (let oy = 0; oy < outH; oy++) {
    const rows = adaptiveBin(oy, height, outH);
    for (let ox = 0; ox < outW; ox++) {
      const cols = adaptiveBin(ox, width, outW);
      const count = (rows.end - rows.start) * (cols.end - cols.start);
      for (let plane = 0; plane < planes; plane++) {
        const inBase = plane * height * width;
        let sum = 0;
        for (let y = rows.start; y < rows.end; y++) {
          for (let x = cols.start; x < cols.end; x++) sum += src[inBase + y * width + x];
        }
        dst[plane * outH * outW + oy * outW + ox] = sum / count;
      }
    }
  }
  return output;
}
