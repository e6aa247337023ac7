// Convolution (PyTorch's cross-correlation) over 1, 2 or 3 spatial axes. Arguments and shapes come
// from conv_args.ts; here the work is lowered to GEMM: per batch item and group, the receptive
// fields are unrolled into columns (im2col) and multiplied by the group's weight matrix.
// Depthwise-style groups (one input channel per group) skip the GEMM: a per-tap sweep over whole
// output rows is both simpler and far faster than a 1-row matrix product.

import { resolveConv, type ConvOptions, type ResolvedConv, type SpatialDims } from './conv_args';
import { gemm } from './gemm';
import { padTensor } from './padding';
import { makeTensor, type Tensor } from './tensor';

export type { ConvOptions, ResolvedConv } from './conv_args';

/** Upper bound on im2col scratch (floats); larger outputs are processed in column chunks. */
const MAX_COLUMN_FLOATS = 1 << 22;

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

/** Groups with a single input channel (depthwise, with any channel multiplier): tap-by-tap sweeps. */
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
  const acc = new Float64Array(outPlane);
  for (let n = 0; n < batch; n++) {
    for (let co = 0; co < r.outChannels; co++) {
      const inBase = (n * r.inChannels + Math.floor(co / perGroup)) * inPlane;
      acc.fill(bias ? bias[co] : 0);
      let tap = 0;
      for (let a = 0; a < kD; a++) {
        const [z0, z1] = validRange(outD, sD, a * dD - pD, inD);
        for (let b = 0; b < kH; b++) {
          const [y0, y1] = validRange(outH, sH, b * dH - pH, inH);
          for (let e = 0; e < kW; e++, tap++) {
            const offW = e * dW - pW;
            const [x0, x1] = validRange(outW, sW, offW, inW);
            const wv = w[co * taps + tap];
            for (let z = z0; z < z1; z++) {
              const iz = z * sD - pD + a * dD;
              for (let y = y0; y < y1; y++) {
                const iy = y * sH - pH + b * dH;
                const src = inBase + (iz * inH + iy) * inW + offW;
                const dst = (z * outH + y) * outW;
                if (sW === 1) {
                  for (let xo = x0; xo < x1; xo++) acc[dst + xo] += wv * x[src + xo];
                } else {
                  for (let xo = x0; xo < x1; xo++) acc[dst + xo] += wv * x[src + xo * sW];
                }
              }
            }
          }
        }
      }
      out.set(acc, (n * r.outChannels + co) * outPlane);
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

  if (cinG === 1) {
    depthwise(x, weight.data, o, batch, r, g, b);
    return out;
  }

  const taps = g.kernel[0] * g.kernel[1] * g.kernel[2];
  const depth = cinG * taps;
  if (b) {
    for (let n = 0; n < batch; n++) {
      for (let co = 0; co < r.outChannels; co++) {
        const start = (n * r.outChannels + co) * outPositions;
        o.fill(b[co], start, start + outPositions);
      }
    }
  }
  if (depth === 0) return out;
  // A 1×1 kernel with stride 1 and no padding reads the input as it is: it is already the column matrix.
  const pointwise = taps === 1 && g.stride.every((s) => s === 1) && g.pad.every((p) => p === 0) && inPlane === outPositions;
  const chunk = Math.max(1, Math.min(outPositions, Math.floor(MAX_COLUMN_FLOATS / depth)));
  const cols = pointwise ? null : new Float32Array(depth * chunk);
  for (let n = 0; n < batch; n++) {
    for (let grp = 0; grp < r.groups; grp++) {
      const channelBase = n * r.inChannels + grp * cinG;
      const cBase = (n * r.outChannels + grp * coutG) * outPositions;
      const wBase = grp * coutG * depth;
      if (cols === null) {
        gemm({
          m: coutG, n: outPositions, k: depth,
          a: weight.data, aOffset: wBase, lda: depth,
          b: x, bOffset: channelBase * inPlane, ldb: inPlane,
          c: o, cOffset: cBase, ldc: outPositions,
          accumulate: b !== null,
        });
        continue;
      }
      for (let start = 0; start < outPositions; start += chunk) {
        const count = Math.min(chunk, outPositions - start);
        im2col(x, channelBase, cinG, g, cols, start, count);
        gemm({
          m: coutG, n: count, k: depth,
          a: weight.data, aOffset: wBase, lda: depth,
          b: cols, bOffset: 0, ldb: count,
          c: o, cOffset: cBase + start, ldc: outPositions,
          accumulate: b !== null,
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
