// Transposed convolution, lowered to GEMM and col2im: per batch item and group, every input cell's
// contribution to every kernel tap is one matrix product, W_gᵀ·x_g (rows: output channel × tap,
// columns: input positions); each row is then scatter-added onto the output at stride s, shifted
// by the tap's dilated offset minus the padding. Arguments and shapes come from conv_transpose_args.ts.

import type { SpatialDims } from './conv_args';
import { toThreeAxes, validRange } from './conv';
import { resolveConvTranspose, type ConvTransposeOptions, type ResolvedConvTranspose } from './conv_transpose_args';
import { gemm, getGemmKernel } from './gemm';
import { makeTensor, type Tensor } from './tensor';

export type { ConvTransposeOptions, ResolvedConvTranspose } from './conv_transpose_args';

/** Upper bound on the column buffer (floats); larger inputs are processed a few input lines at a time. */
const MAX_COLUMN_FLOATS = 1 << 22;

/** Buffers kept between calls (fresh multi-megabyte arrays cost page faults); ops never re-enter this one. */
let columnScratch = new Float32Array(0);
let accumulatorScratch = new Float64Array(0);

/** Runs a transposed conv whose arguments resolveConvTranspose has already checked. */
export function convTransposeResolved(input: Tensor, weight: Tensor, bias: Tensor | null, r: ResolvedConvTranspose): Tensor {
  const [inD, inH, inW] = toThreeAxes(r.inputSize, 1);
  const [outD, outH, outW] = toThreeAxes(r.outputSize, 1);
  const [kD, kH, kW] = toThreeAxes(r.kernelSize, 1);
  const [sD, sH, sW] = toThreeAxes(r.stride, 1);
  const [dD, dH, dW] = toThreeAxes(r.dilation, 1);
  const [pD, pH, pW] = toThreeAxes(r.padding, 0);
  const out = makeTensor(r.outputShape);
  if (out.data.length === 0) return out;
  const inPlane = inD * inH * inW;
  const outPlane = outD * outH * outW;
  const taps = kD * kH * kW;
  const cinG = r.inChannels / r.groups;
  const coutG = r.outChannels / r.groups;
  const rows = coutG * taps;
  const lines = inD * inH;
  // Whole input lines (fixed z, y) per chunk, so col2im can walk them row by row.
  const linesPerChunk = Math.max(1, Math.min(lines, Math.floor(MAX_COLUMN_FLOATS / Math.max(1, rows * inW))));
  const kernel = getGemmKernel();
  // A kernel with its own col2im keeps columns and sums in its memory (f32 sums, as PyTorch's col2im).
  const inKernel = kernel.col2im && kernel.scratch ? kernel : null;
  const accFloats = coutG * outPlane;
  const colFloats = rows * linesPerChunk * inW;
  if (!inKernel && columnScratch.length < colFloats) columnScratch = new Float32Array(colFloats);
  if (!inKernel && accumulatorScratch.length < accFloats) accumulatorScratch = new Float64Array(accFloats);
  const geometry = Int32Array.from([inD, inH, inW, outD, outH, outW, kD, kH, kW, sD, sH, sW, dD, dH, dW, pD, pH, pW]);
  const x = input.data;
  const w = weight.data;
  const o = out.data;
  const b = bias ? bias.data : null;

  for (let n = 0; n < r.batch; n++) {
    for (let grp = 0; grp < r.groups; grp++) {
      let cols: Float32Array = columnScratch;
      let acc: Float32Array | Float64Array = accumulatorScratch;
      if (inKernel?.scratch) {
        const region = inKernel.scratch(accFloats + 4 + colFloats);
        acc = region.subarray(0, accFloats);
        cols = region.subarray((accFloats + 3) & ~3, ((accFloats + 3) & ~3) + colFloats);
      }
      acc.fill(0, 0, accFloats);
      const xBase = (n * r.inChannels + grp * cinG) * inPlane;
      for (let line0 = 0; line0 < lines && cinG > 0; line0 += linesPerChunk) {
        const lineCount = Math.min(linesPerChunk, lines - line0);
        const positions = lineCount * inW;
        // cols[rows × positions] = W_gᵀ · x_g, with W_g stored (C_in/g) × (C_out/g · taps).
        gemm({
          m: rows, n: positions, k: cinG,
          a: w, aOffset: grp * cinG * rows, lda: rows, transA: true,
          b: x, bOffset: xBase + line0 * inW, ldb: inPlane,
          c: cols, cOffset: 0, ldc: positions,
        });
        if (inKernel?.col2im) {
          inKernel.col2im(cols, line0, lineCount, coutG, geometry, acc as Float32Array);
          continue;
        }
        for (let co = 0; co < coutG; co++) {
          const accBase = co * outPlane;
          let tap = 0;
          for (let a = 0; a < kD; a++) {
            const offD = a * dD - pD;
            for (let bb = 0; bb < kH; bb++) {
              const offH = bb * dH - pH;
              for (let e = 0; e < kW; e++, tap++) {
                const offW = e * dW - pW;
                const [x0, x1] = validRange(inW, sW, offW, outW);
                if (x1 <= x0) continue;
                const rowBase = (co * taps + tap) * positions;
                for (let l = 0; l < lineCount; l++) {
                  const line = line0 + l;
                  const iz = Math.floor(line / inH);
                  const iy = line - iz * inH;
                  const oz = iz * sD + offD;
                  const oy = iy * sH + offH;
                  if (oz < 0 || oz >= outD || oy < 0 || oy >= outH) continue;
                  const src = rowBase + l * inW;
                  const dst = accBase + (oz * outH + oy) * outW + offW;
                  if (sW === 1) {
                    for (let ix = x0; ix < x1; ix++) acc[dst + ix] += cols[src + ix];
                  } else {
                    for (let ix = x0; ix < x1; ix++) acc[dst + ix * sW] += cols[src + ix];
                  }
                }
              }
            }
          }
        }
      }
      for (let co = 0; co < coutG; co++) {
        const channel = grp * coutG + co;
        const shift = b ? b[channel] : 0;
        const dstBase = (n * r.outChannels + channel) * outPlane;
        const srcBase = co * outPlane;
        for (let i = 0; i < outPlane; i++) o[dstBase + i] = acc[srcBase + i] + shift;
      }
    }
  }
  return out;
}

/** F.conv_transpose1d/2d/3d by the weight's rank (weight laid out C_in × C_out/groups × k...). */
export function convTranspose(input: Tensor, weight: Tensor, bias: Tensor | null, options: ConvTransposeOptions = {}, spatialDims?: SpatialDims): Tensor {
  const r = resolveConvTranspose(input.shape, weight.shape, bias ? bias.shape : null, options, spatialDims);
  return convTransposeResolved(input, weight, bias, r);
}

export function convTranspose1d(input: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvTransposeOptions = {}): Tensor {
  return convTranspose(input, weight, bias, options, 1);
}

export function convTranspose2d(input: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvTransposeOptions = {}): Tensor {
  return convTranspose(input, weight, bias, options, 2);
}

export function convTranspose3d(input: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvTransposeOptions = {}): Tensor {
  return convTranspose(input, weight, bias, options, 3);
}
