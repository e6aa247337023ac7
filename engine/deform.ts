// torchvision.ops.deform_conv2d, computed the way the real implementations do it: a "deformable
// im2col" writes, for every (input channel, kernel tap) row and every output position column, the
// bilinear sample at the regular tap position plus its learned offset (times the mask), and one
// GEMM per weight group turns the columns into outputs. Checks and shapes: deform_args.ts.

import { bilinearSample } from './bilinear';
import { resolveDeformConv, type DeformConvGeometry, type DeformConvOptions } from './deform_args';
import { getGemmKernel } from './gemm';
import { makeTensor, type Tensor } from './tensor';

export type { DeformConvOptions } from './deform_args';

/** Upper bound on the column buffer (floats); big images are processed a band of output rows at a time. */
const COLUMN_BUDGET = 1 << 22;

/**
 * Fills columns[(c·kh·kw + tap)·bandWidth + j] for output rows [rowStart, rowStart + rows) of image n,
 * j running over the band's positions row-major. Row order matches weight's (C_in/g, kh, kw) layout,
 * so each weight group is one contiguous GEMM operand.
 */
function deformableIm2col(
  g: DeformConvGeometry,
  input: Float32Array,
  offset: Float32Array,
  mask: Float32Array | null,
  n: number,
  rowStart: number,
  rows: number,
  columns: Float32Array,
): void {
  const { inChannels, height, width, offsetGroups } = g;
  const [kh, kw] = g.kernel;
  const [sh, sw] = g.stride;
  const [ph, pw] = g.padding;
  const [dh, dw] = g.dilation;
  const [outH, outW] = g.outputSize;
  const taps = kh * kw;
  const outPlane = outH * outW;
  const bandWidth = rows * outW;
  const channelsPerOffsetGroup = inChannels / offsetGroups;
  for (let c = 0; c < inChannels; c++) {
    const group = Math.floor(c / channelsPerOffsetGroup);
    const inBase = (n * inChannels + c) * height * width;
    // Offsets for this group: channel 2t is Δy and 2t+1 is Δx of tap t.
    const offsetBase = (n * offsetGroups + group) * 2 * taps * outPlane;
    const maskBase = (n * offsetGroups + group) * taps * outPlane;
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const tap = i * kw + j;
        const dyBase = offsetBase + 2 * tap * outPlane;
        const dxBase = dyBase + outPlane;
        const mBase = maskBase + tap * outPlane;
        let col = (c * taps + tap) * bandWidth;
        for (let oy = rowStart; oy < rowStart + rows; oy++) {
          const regularY = oy * sh - ph + i * dh;
          for (let ox = 0; ox < outW; ox++) {
            const p = oy * outW + ox;
            const y = regularY + offset[dyBase + p];
            const x = ox * sw - pw + j * dw + offset[dxBase + p];
            const value = bilinearSample(input, inBase, height, width, y, x);
            columns[col++] = mask ? mask[mBase + p] * value : value;
          }
        }
      }
    }
  }
}

/** Image n's input, offset and mask planes, as the kernels' deformIm2col takes them. */
function imagePlanes(g: DeformConvGeometry, input: Float32Array, offset: Float32Array, mask: Float32Array | null, n: number): [Float32Array, Float32Array, Float32Array | null] {
  const [outH, outW] = g.outputSize;
  const taps = g.kernel[0] * g.kernel[1];
  const image = g.inChannels * g.height * g.width;
  const offsets = g.offsetGroups * 2 * taps * outH * outW;
  const masks = g.offsetGroups * taps * outH * outW;
  return [
    input.subarray(n * image, (n + 1) * image),
    offset.subarray(n * offsets, (n + 1) * offsets),
    mask ? mask.subarray(n * masks, (n + 1) * masks) : null,
  ];
}

function deformParams(g: DeformConvGeometry, rowStart: number, rows: number): Int32Array {
  return Int32Array.from([g.inChannels, g.height, g.width, g.offsetGroups, ...g.kernel, ...g.stride, ...g.padding, ...g.dilation, ...g.outputSize, rowStart, rows]);
}

export function deformConv2d(input: Tensor, offset: Tensor, weight: Tensor, bias: Tensor | null, options: DeformConvOptions = {}): Tensor {
  const g = resolveDeformConv(input, offset, weight, bias, options);
  const mask = options.mask ?? null;
  const { batch, inChannels, outChannels, groups } = g;
  const [outH, outW] = g.outputSize;
  const outPlane = outH * outW;
  const output = makeTensor([batch, outChannels, outH, outW]);
  if (output.data.length === 0) return output;

  const rowsK = inChannels * g.kernel[0] * g.kernel[1];
  const groupK = rowsK / groups;
  const groupOut = outChannels / groups;
  const bandRows = Math.max(1, Math.min(outH, Math.floor(COLUMN_BUDGET / Math.max(1, rowsK * outW))));
  const kernel = getGemmKernel();
  const columns = kernel.deformIm2col ? new Float32Array(0) : new Float32Array(rowsK * bandRows * outW);
  const out = output.data;

  for (let n = 0; n < batch; n++) {
    if (bias) {
      for (let oc = 0; oc < outChannels; oc++) out.fill(bias.data[oc], (n * outChannels + oc) * outPlane, (n * outChannels + oc + 1) * outPlane);
    }
    for (let rowStart = 0; rowStart < outH; rowStart += bandRows) {
      const rows = Math.min(bandRows, outH - rowStart);
      const bandWidth = rows * outW;
      const cols = kernel.deformIm2col
        ? kernel.deformIm2col(...imagePlanes(g, input.data, offset.data, mask ? mask.data : null, n), deformParams(g, rowStart, rows))
        : columns;
      if (!kernel.deformIm2col) deformableIm2col(g, input.data, offset.data, mask ? mask.data : null, n, rowStart, rows, columns);
      for (let wg = 0; wg < groups; wg++) {
        // out[n, group's channels, band] += W_g (groupOut × groupK) · columns_g (groupK × band)
        kernel.gemm({
          m: groupOut,
          n: bandWidth,
          k: groupK,
          a: weight.data,
          aOffset: wg * groupOut * groupK,
          lda: groupK,
          b: cols,
          bOffset: wg * groupK * bandWidth,
          ldb: bandWidth,
          c: out,
          cOffset: (n * outChannels + wg * groupOut) * outPlane + rowStart * outW,
          ldc: outPlane,
          accumulate: true,
        });
      }
    }
  }
  return output;
}
