// col2im for transposed conv (engine/conv_transpose.ts has the TypeScript original): the GEMM's
// rows (output channel × kernel tap) over a chunk of input lines are scatter-added onto the
// output planes at stride s, shifted by the tap's dilated offset minus the padding. f32 sums in
// tap order, as PyTorch's col2im accumulates into its float output.

import { D_D, D_H, D_W, IN_D, IN_H, IN_W, K_D, K_H, K_W, OUT_D, OUT_H, OUT_W, P_D, P_H, P_W, S_D, S_H, S_W, geo } from './geometry';

/** Input positions ix in [0, inW) whose output ix·stride + offset lands in [0, outW): [first, end). */
@inline function firstLanding(stride: i32, offset: i32): i32 {
  return offset >= 0 ? 0 : (-offset + stride - 1) / stride;
}

@inline function endLanding(stride: i32, offset: i32, outW: i32, inW: i32): i32 {
  return min(inW, outW - offset <= 0 ? 0 : (outW - offset + stride - 1) / stride);
}

/**
 * acc[co][out plane] += cols rows for input lines [line0, line0 + lineCount); cols holds
 * (coutG·taps) rows of lineCount·inW columns. Geometry: `g` in the conv layout with "in" the
 * transposed conv's input and "out" its output.
 */
export function col2im(cols: usize, line0: i32, lineCount: i32, coutG: i32, g: usize, acc: usize): void {
  const inH = geo(g, IN_H), inW = geo(g, IN_W);
  const outD = geo(g, OUT_D), outH = geo(g, OUT_H), outW = geo(g, OUT_W);
  const kD = geo(g, K_D), kH = geo(g, K_H), kW = geo(g, K_W);
  const sD = geo(g, S_D), sH = geo(g, S_H), sW = geo(g, S_W);
  const dD = geo(g, D_D), dH = geo(g, D_H), dW = geo(g, D_W);
  const pD = geo(g, P_D), pH = geo(g, P_H), pW = geo(g, P_W);
  const taps = kD * kH * kW;
  const positions = lineCount * inW;
  const outPlane = outD * outH * outW;
  const step = <usize>sW << 2;
  for (let co = 0; co < coutG; co++) {
    const accBase = acc + (<usize>(co * outPlane) << 2);
    let tap = 0;
    for (let a = 0; a < kD; a++) {
      const offD = a * dD - pD;
      for (let b = 0; b < kH; b++) {
        const offH = b * dH - pH;
        for (let e = 0; e < kW; e++, tap++) {
          const offW = e * dW - pW;
          const x0 = min(firstLanding(sW, offW), inW);
          const x1 = endLanding(sW, offW, outW, inW);
          if (x1 <= x0) continue;
          const rowBase = cols + (<usize>((co * taps + tap) * positions) << 2);
          for (let l = 0; l < lineCount; l++) {
            const line = line0 + l;
            const iz = line / inH;
            const iy = line - iz * inH;
            const oz = iz * sD + offD;
            const oy = iy * sH + offH;
            if (oz < 0 || oz >= outD || oy < 0 || oy >= outH) continue;
            let src = rowBase + (<usize>(l * inW + x0) << 2);
            let dst = accBase + (<usize>((oz * outH + oy) * outW + offW + x0 * sW) << 2);
            for (let ix = x0; ix < x1; ix++, src += 4, dst += step) store<f32>(dst, load<f32>(dst) + load<f32>(src));
          }
        }
      }
    }
  }
}
