// Convolution (PyTorch's cross-correlation) over 1, 2 or 3 spatial axes. Arguments and shapes come
// from conv_args.ts; here the work is lowered to GEMM: per batch item and group, the receptive
// fields are unrolled into columns (im2col) and multiplied by the group's weight matrix.
// Depthwise-style groups (one input channel per group) skip the GEMM, whose 4-row tiles a 1-row
// product would mostly waste: they are computed directly (a 9-term gather for 3×3 kernels, row
// accumulation otherwise).

import { resolveConv, type ConvOptions, type ResolvedConv, type SpatialDims } from './conv_args';
import { gemm, getGemmKernel } from './gemm';
import { padTensor } from './padding';
import { makeTensor, type Tensor } from './tensor';

export type { ConvOptions, ResolvedConv } from './conv_args';

/** Upper bound on im2col scratch (floats); larger outputs are processed in column chunks. */
const MAX_COLUMN_FLOATS = 1 << 22;

/**
 * The im2col buffer, kept between calls: a fresh multi-megabyte array costs page faults on every
 * conv. Ops run one at a time per worker and none re-enters conv, so one buffer is enough.
 */
let columnScratch = new Float32Array(0);

function columnBuffer(length: number): Float32Array {
  if (columnScratch.length < length) columnScratch = new Float32Array(length);
  return columnScratch;
}

/** Pads a per-axis list to 3 axes (depth, height, width) so one loop nest serves 1-D, 2-D and 3-D. */
export function toThreeAxes(values: readonly number[], fill: number): [number, number, number] {
  const out = [fill, fill, fill];
  for (let i = 0; i < values.length; i++) out[3 - values.length + i] = values[i];
  return out as [number, number, number];
}

/** Geometry of one conv in 3-axis form, after any non-zero padding mode has been applied to the data. */
interface Geometry {
  inSize: [number, number, number];
  outSize: [number, number, number];
  kernel: [number, number, number];
  stride: [number, number, number];
  dilation: [number, number, number];
  /** Implicit zero padding before each axis (what lies after is implied by the output size). */
  pad: [number, number, number];
}

/** The geometry as the kernels' im2col and depthwise3x3 take it: in, out, kernel, stride, dilation, pad; (D, H, W) each. */
function flatGeometry(g: Geometry): Int32Array {
  return Int32Array.from([...g.inSize, ...g.outSize, ...g.kernel, ...g.stride, ...g.dilation, ...g.pad]);
}

/** A 3×3 kernel over planes (no depth extent), the case the 3×3 depthwise paths take. */
function isPlanar3x3(g: Geometry): boolean {
  return g.kernel[0] === 1 && g.inSize[0] === 1 && g.pad[0] === 0 && g.kernel[1] === 3 && g.kernel[2] === 3;
}

/** First and one-past-last index x in [0, outLength) with x·stride + offset ∈ [0, size): the positions whose tap lands inside. */
export function validRange(outLength: number, stride: number, offset: number, size: number): [number, number] {
  // offset = tap·dilation − pad.
  let lo = offset >= 0 ? 0 : Math.ceil(-offset / stride);
  let hi = size - offset <= 0 ? 0 : Math.ceil((size - offset) / stride);
  if (hi > outLength) hi = outLength;
  if (lo > hi) lo = hi;
  return [lo, hi];
}

/**
 * im2col for one batch item and one group: rows are (channel, kd, kh, kw), columns are output
 * positions [colStart, colStart + colCount). Taps in the zero padding are written as 0.
 */
function im2col(
  x: Float32Array,
  channelBase: number,
  channels: number,
  g: Geometry,
  cols: Float32Array,
  colStart: number,
  colCount: number,
): void {
  const [inD, inH, inW] = g.inSize;
  const [, outH, outW] = g.outSize;
  const [kD, kH, kW] = g.kernel;
  const [sD, sH, sW] = g.stride;
  const [dD, dH, dW] = g.dilation;
  const [pD, pH, pW] = g.pad;
  const plane = inD * inH * inW;
  const outPlane = outH * outW;
  const colEnd = colStart + colCount;
  let row = 0;
  for (let c = 0; c < channels; c++) {
    const cBase = (channelBase + c) * plane;
    for (let a = 0; a < kD; a++) {
      for (let b = 0; b < kH; b++) {
        for (let e = 0; e < kW; e++, row++) {
          const offW = e * dW - pW;
          const [x0, x1] = validRange(outW, sW, offW, inW);
          let dst = row * colCount;
          // Walk output positions (z, y) that intersect the chunk, a row of width outW at a time.
          for (let pos = colStart; pos < colEnd; ) {
            const z = Math.floor(pos / outPlane);
            const rem = pos - z * outPlane;
            const y = Math.floor(rem / outW);
            const xStart = rem - y * outW;
            const xEnd = Math.min(outW, xStart + (colEnd - pos));
            const iz = z * sD - pD + a * dD;
            const iy = y * sH - pH + b * dH;
            if (iz < 0 || iz >= inD || iy < 0 || iy >= inH) {
              cols.fill(0, dst, dst + (xEnd - xStart));
            } else {
              const src = cBase + (iz * inH + iy) * inW + offW;
              const lo = Math.max(x0, xStart);
              const hi = Math.min(x1, xEnd);
              if (hi <= lo) {
                cols.fill(0, dst, dst + (xEnd - xStart));
              } else {
                let q = dst;
                for (let xo = xStart; xo < lo; xo++) cols[q++] = 0;
                if (sW === 1) {
                  for (let xo = lo; xo < hi; xo++) cols[q++] = x[src + xo];
                } else {
                  for (let xo = lo; xo < hi; xo++) cols[q++] = x[src + xo * sW];
                }
                for (let xo = hi; xo < xEnd; xo++) cols[q++] = 0;
              }
            }
            dst += xEnd - xStart;
            pos += xEnd - xStart;
          }
        }
      }
    }
  }
}

/** One border output of a 3×3 depthwise plane: the sum over taps that land inside the input. */
function borderTap3x3(x: Float32Array, inBase: number, w: Float32Array, wBase: number, shift: number, g: Geometry, y: number, xo: number): number {
  const [, inH, inW] = g.inSize;
  let sum = shift;
  for (let b = 0; b < 3; b++) {
    const iy = y * g.stride[1] - g.pad[1] + b * g.dilation[1];
    if (iy < 0 || iy >= inH) continue;
    for (let e = 0; e < 3; e++) {
      const ix = xo * g.stride[2] - g.pad[2] + e * g.dilation[2];
      if (ix >= 0 && ix < inW) sum += w[wBase + b * 3 + e] * x[inBase + iy * inW + ix];
    }
  }
  return sum;
}

/**
 * Depthwise 3×3 over a plane (1-D/2-D geometry), the MobileNet case: inside the region where every
 * tap is real input, each output is a 9-term dot product with the weights held in locals, so each
 * input value is only read, never read-modify-written. Border outputs sum their valid taps one by one.
 */
function depthwise3x3Plane(x: Float32Array, inBase: number, w: Float32Array, wBase: number, shift: number, out: Float32Array, outBase: number, g: Geometry): void {
  const [, inH, inW] = g.inSize;
  const [, outH, outW] = g.outSize;
  const [, sH, sW] = g.stride;
  const [, dH, dW] = g.dilation;
  const [, pH, pW] = g.pad;
  const w00 = w[wBase], w01 = w[wBase + 1], w02 = w[wBase + 2];
  const w10 = w[wBase + 3], w11 = w[wBase + 4], w12 = w[wBase + 5];
  const w20 = w[wBase + 6], w21 = w[wBase + 7], w22 = w[wBase + 8];
  // Interior: the first tap's range starts the region, the last tap's range ends it.
  const y0 = validRange(outH, sH, -pH, inH)[0];
  const y1 = Math.max(y0, validRange(outH, sH, 2 * dH - pH, inH)[1]);
  const x0 = validRange(outW, sW, -pW, inW)[0];
  const x1 = Math.max(x0, validRange(outW, sW, 2 * dW - pW, inW)[1]);
  const rowStep = dH * inW;
  for (let y = 0; y < outH; y++) {
    const o = outBase + y * outW;
    if (y < y0 || y >= y1) {
      for (let xo = 0; xo < outW; xo++) out[o + xo] = borderTap3x3(x, inBase, w, wBase, shift, g, y, xo);
      continue;
    }
    for (let xo = 0; xo < x0; xo++) out[o + xo] = borderTap3x3(x, inBase, w, wBase, shift, g, y, xo);
    for (let xo = x1; xo < outW; xo++) out[o + xo] = borderTap3x3(x, inBase, w, wBase, shift, g, y, xo);
    const r0 = inBase + (y * sH - pH) * inW - pW;
    const r1 = r0 + rowStep;
    const r2 = r1 + rowStep;
    const d2 = 2 * dW;
    if (sW === 1 && dW === 1) {
      for (let xo = x0; xo < x1; xo++) {
        out[o + xo] =
          shift +
          w00 * x[r0 + xo] + w01 * x[r0 + xo + 1] + w02 * x[r0 + xo + 2] +
          w10 * x[r1 + xo] + w11 * x[r1 + xo + 1] + w12 * x[r1 + xo + 2] +
          w20 * x[r2 + xo] + w21 * x[r2 + xo + 1] + w22 * x[r2 + xo + 2];
      }
      continue;
    }
    for (let xo = x0; xo < x1; xo++) {
      const c = xo * sW;
      out[o + xo] =
        shift +
        w00 * x[r0 + c] + w01 * x[r0 + c + dW] + w02 * x[r0 + c + d2] +
        w10 * x[r1 + c] + w11 * x[r1 + c + dW] + w12 * x[r1 + c + d2] +
        w20 * x[r2 + c] + w21 * x[r2 + c + dW] + w22 * x[r2 + c + d2];
    }
  }
}

/**
 * Groups with a single input channel (depthwise, with any channel multiplier). 3×3 planes take the
 * gather path above; other kernels accumulate tap by tap into an output row that stays in L1.
 */
function depthwise(x: Float32Array, w: Float32Array, out: Float32Array, batch: number, r: ResolvedConv, g: Geometry, bias: Float32Array | null): void {
  const [inD, inH, inW] = g.inSize;
  const [outD, outH, outW] = g.outSize;
  const [kD, kH, kW] = g.kernel;
  const [sD, sH, sW] = g.stride;
  const [dD, dH, dW] = g.dilation;
  const [pD, pH, pW] = g.pad;
  const inPlane = inD * inH * inW;
  const outPlane = outD * outH * outW;
  const taps = kD * kH * kW;
  const perGroup = r.outChannels / r.groups;
  const planar3x3 = isPlanar3x3(g);
  const row = new Float64Array(outW);
  // Per kernel column e: the output columns whose tap lands inside the input.
  const ranges = Array.from({ length: kW }, (_, e) => validRange(outW, sW, e * dW - pW, inW));
  for (let n = 0; n < batch; n++) {
    for (let co = 0; co < r.outChannels; co++) {
      const inBase = (n * r.inChannels + Math.floor(co / perGroup)) * inPlane;
      const wBase = co * taps;
      const shift = bias ? bias[co] : 0;
      let outRow = (n * r.outChannels + co) * outPlane;
      if (planar3x3) {
        depthwise3x3Plane(x, inBase, w, wBase, shift, out, outRow, g);
        continue;
      }
      for (let z = 0; z < outD; z++) {
        for (let y = 0; y < outH; y++, outRow += outW) {
          row.fill(shift);
          for (let a = 0; a < kD; a++) {
            const iz = z * sD - pD + a * dD;
            if (iz < 0 || iz >= inD) continue;
            for (let b = 0; b < kH; b++) {
              const iy = y * sH - pH + b * dH;
              if (iy < 0 || iy >= inH) continue;
              const src = inBase + (iz * inH + iy) * inW - pW;
              const wRow = wBase + (a * kH + b) * kW;
              for (let e = 0; e < kW; e++) {
                const wv = w[wRow + e];
                const off = src + e * dW;
                const [x0, x1] = ranges[e];
                if (sW === 1) {
                  for (let xo = x0; xo < x1; xo++) row[xo] += wv * x[off + xo];
                } else {
                  for (let xo = x0; xo < x1; xo++) row[xo] += wv * x[off + xo * sW];
                }
              }
            }
          }
          for (let xo = 0; xo < outW; xo++) out[outRow + xo] = row[xo];
        }
      }
    }
  }
}

/** Runs a conv whose arguments resolveConv has already checked. */
export function convResolved(input: Tensor, weight: Tensor, bias: Tensor | null, r: ResolvedConv): Tensor {
  let x = input.data;
  let inSize = r.inputSize;
  let implicitPad = r.padBefore;
  if (r.paddingMode !== 'zeros') {
    // nn.Conv pads with F.pad first, then convolves without padding.
    const padded = padTensor({ shape: r.batched ? input.shape : [1, ...input.shape], data: input.data }, r.padBefore, r.padAfter, r.paddingMode);
    x = padded.data;
    inSize = padded.shape.slice(2);
    implicitPad = r.padBefore.map(() => 0);
  }
  const g: Geometry = {
    inSize: toThreeAxes(inSize, 1),
    outSize: toThreeAxes(r.outputSize, 1),
    kernel: toThreeAxes(r.kernelSize, 1),
    stride: toThreeAxes(r.stride, 1),
    dilation: toThreeAxes(r.dilation, 1),
    pad: toThreeAxes(implicitPad, 0),
  };
  const out = makeTensor(r.outputShape);
  const o = out.data;
  const batch = r.batch;
  const outPositions = g.outSize[0] * g.outSize[1] * g.outSize[2];
  const inPlane = g.inSize[0] * g.inSize[1] * g.inSize[2];
  if (o.length === 0) return out;
  const cinG = r.inChannels / r.groups;
  const coutG = r.outChannels / r.groups;
  const b = bias ? bias.data : null;

  const kernel = getGemmKernel();
  if (cinG === 1) {
    if (kernel.depthwise3x3 && isPlanar3x3(g)) kernel.depthwise3x3(x, weight.data, b, o, batch, r.inChannels, r.outChannels, flatGeometry(g));
    else depthwise(x, weight.data, o, batch, r, g, b);
    return out;
  }

  const taps = g.kernel[0] * g.kernel[1] * g.kernel[2];
  const depth = cinG * taps;
  // Each GEMM starts its rows of C at the bias (rowBias), so the bias is summed first, as
  // PyTorch's im2col path does; with no input channels the output is the bias alone.
  const rowBias = b ?? undefined;
  if (depth === 0) {
    for (let n = 0; n < batch && b; n++) {
      for (let co = 0; co < r.outChannels; co++) o.fill(b[co], (n * r.outChannels + co) * outPositions, (n * r.outChannels + co + 1) * outPositions);
    }
    return out;
  }
  // A 1×1 kernel with stride 1 and no padding reads the input as it is: it is already the column matrix.
  const pointwise = taps === 1 && g.stride.every((s) => s === 1) && g.pad.every((p) => p === 0) && inPlane === outPositions;
  const chunk = Math.max(1, Math.min(outPositions, Math.floor(MAX_COLUMN_FLOATS / depth)));
  const fused = !pointwise && kernel.convGemm !== undefined;
  const cols = pointwise || fused ? null : columnBuffer(depth * chunk);
  const geometry = flatGeometry(g);
  for (let n = 0; n < batch; n++) {
    for (let grp = 0; grp < r.groups; grp++) {
      const channelBase = n * r.inChannels + grp * cinG;
      const cBase = (n * r.outChannels + grp * coutG) * outPositions;
      const wBase = grp * coutG * depth;
      if (pointwise) {
        gemm({
          m: coutG, n: outPositions, k: depth,
          a: weight.data, aOffset: wBase, lda: depth,
          b: x, bOffset: channelBase * inPlane, ldb: inPlane,
          c: o, cOffset: cBase, ldc: outPositions,
          rowBias, rowBiasOffset: grp * coutG,
        });
        continue;
      }
      if (fused) {
        kernel.convGemm?.(x, channelBase * inPlane, cinG, geometry, weight.data, wBase, coutG, b, grp * coutG, o, cBase);
        continue;
      }
      for (let start = 0; start < outPositions; start += chunk) {
        const count = Math.min(chunk, outPositions - start);
        const columns = cols as Float32Array;
        im2col(x, channelBase, cinG, g, columns, start, count);
        gemm({
          m: coutG, n: count, k: depth,
          a: weight.data, aOffset: wBase, lda: depth,
          b: columns, bOffset: 0, ldb: count,
          c: o, cOffset: cBase + start, ldc: outPositions,
          rowBias, rowBiasOffset: grp * coutG,
        });
      }
    }
  }
  return out;
}

/** F.conv1d/2d/3d by the weight's rank; nn.Conv's padding_mode via options.paddingMode. */
export function conv(input: Tensor, weight: Tensor, bias: Tensor | null, options: ConvOptions = {}, spatialDims?: SpatialDims): Tensor {
  const r = resolveConv(input.shape, weight.shape, bias ? bias.shape : null, options, spatialDims);
  return convResolved(input, weight, bias, r);
}

export function conv1d(input: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvOptions = {}): Tensor {
  return conv(input, weight, bias, options, 1);
}

export function conv2d(input: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvOptions = {}): Tensor {
  return conv(input, weight, bias, options, 2);
}

export function conv3d(input: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvOptions = {}): Tensor {
  return conv(input, weight, bias, options, 3);
}
