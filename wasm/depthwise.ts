// Depthwise 3×3 conv over 2-D planes (one input channel per group, any channel multiplier), the
// MobileNet case; engine/conv.ts's depthwise3x3Plane is the TypeScript original. Inside the region
// where every tap is real input, four outputs are computed at once from unaligned vector loads
// when the width stride and dilation are 1; border outputs sum their valid taps one by one.

import { D_H, D_W, IN_H, IN_W, OUT_H, OUT_W, P_H, P_W, S_H, S_W, endInside, firstInside, geo, madd } from './geometry';

function borderTap(x: usize, w: usize, shift: f32, g: usize, y: i32, xo: i32): f32 {
  const inH = geo(g, IN_H), inW = geo(g, IN_W);
  let sum = shift;
  for (let b = 0; b < 3; b++) {
    const iy = y * geo(g, S_H) - geo(g, P_H) + b * geo(g, D_H);
    if (iy < 0 || iy >= inH) continue;
    for (let e = 0; e < 3; e++) {
      const ix = xo * geo(g, S_W) - geo(g, P_W) + e * geo(g, D_W);
      if (ix >= 0 && ix < inW) sum += load<f32>(w + (<usize>(b * 3 + e) << 2)) * load<f32>(x + (<usize>(iy * inW + ix) << 2));
    }
  }
  return sum;
}

function plane3x3(x: usize, w: usize, shift: f32, out: usize, g: usize): void {
  const inH = geo(g, IN_H), inW = geo(g, IN_W), outH = geo(g, OUT_H), outW = geo(g, OUT_W);
  const sH = geo(g, S_H), sW = geo(g, S_W), dH = geo(g, D_H), dW = geo(g, D_W), pH = geo(g, P_H), pW = geo(g, P_W);
  const w00 = load<f32>(w), w01 = load<f32>(w, 4), w02 = load<f32>(w, 8);
  const w10 = load<f32>(w, 12), w11 = load<f32>(w, 16), w12 = load<f32>(w, 20);
  const w20 = load<f32>(w, 24), w21 = load<f32>(w, 28), w22 = load<f32>(w, 32);
  const y0 = min(firstInside(sH, -pH), outH);
  const y1 = max(y0, min(endInside(sH, 2 * dH - pH, inH), outH));
  const x0 = min(firstInside(sW, -pW), outW);
  const x1 = max(x0, min(endInside(sW, 2 * dW - pW, inW), outW));
  const vShift = f32x4.splat(shift);
  const v00 = f32x4.splat(w00), v01 = f32x4.splat(w01), v02 = f32x4.splat(w02);
  const v10 = f32x4.splat(w10), v11 = f32x4.splat(w11), v12 = f32x4.splat(w12);
  const v20 = f32x4.splat(w20), v21 = f32x4.splat(w21), v22 = f32x4.splat(w22);
  const rowStep = <usize>(dH * inW) << 2;
  const tap1 = <usize>dW << 2;
  const tap2 = <usize>(2 * dW) << 2;
  for (let y = 0; y < outH; y++) {
    const o = out + (<usize>(y * outW) << 2);
    if (y < y0 || y >= y1) {
      for (let xo = 0; xo < outW; xo++) store<f32>(o + (<usize>xo << 2), borderTap(x, w, shift, g, y, xo));
      continue;
    }
    for (let xo = 0; xo < x0; xo++) store<f32>(o + (<usize>xo << 2), borderTap(x, w, shift, g, y, xo));
    for (let xo = x1; xo < outW; xo++) store<f32>(o + (<usize>xo << 2), borderTap(x, w, shift, g, y, xo));
    const r0 = x + (<usize>((y * sH - pH) * inW - pW) << 2);
    const r1 = r0 + rowStep;
    const r2 = r1 + rowStep;
    let xo = x0;
    if (sW == 1) {
      for (; xo + 4 <= x1; xo += 4) {
        const c = <usize>xo << 2;
        let acc = madd(v00, v128.load(r0 + c), vShift);
        acc = madd(v01, v128.load(r0 + c + tap1), acc);
        acc = madd(v02, v128.load(r0 + c + tap2), acc);
        acc = madd(v10, v128.load(r1 + c), acc);
        acc = madd(v11, v128.load(r1 + c + tap1), acc);
        acc = madd(v12, v128.load(r1 + c + tap2), acc);
        acc = madd(v20, v128.load(r2 + c), acc);
        acc = madd(v21, v128.load(r2 + c + tap1), acc);
        acc = madd(v22, v128.load(r2 + c + tap2), acc);
        v128.store(o + c, acc);
      }
    }
    for (; xo < x1; xo++) {
      const c = <usize>(xo * sW) << 2;
      store<f32>(o + (<usize>xo << 2),
        shift +
        w00 * load<f32>(r0 + c) + w01 * load<f32>(r0 + c + tap1) + w02 * load<f32>(r0 + c + tap2) +
        w10 * load<f32>(r1 + c) + w11 * load<f32>(r1 + c + tap1) + w12 * load<f32>(r1 + c + tap2) +
        w20 * load<f32>(r2 + c) + w21 * load<f32>(r2 + c + tap1) + w22 * load<f32>(r2 + c + tap2));
    }
  }
}

/**
 * Every plane of a batch: output channel co of item n reads input channel co / multiplier, with
 * weights at w + 9·co and bias (if hasBias) at bias + co.
 */
export function depthwise3x3(x: usize, w: usize, bias: usize, hasBias: bool, out: usize, batch: i32, inChannels: i32, outChannels: i32, g: usize): void {
  const inPlane = <usize>(geo(g, IN_H) * geo(g, IN_W)) << 2;
  const outPlane = <usize>(geo(g, OUT_H) * geo(g, OUT_W)) << 2;
  const multiplier = outChannels / inChannels;
  for (let n = 0; n < batch; n++) {
    for (let co = 0; co < outChannels; co++) {
      const shift: f32 = hasBias ? load<f32>(bias + (<usize>co << 2)) : 0;
      const src = x + <usize>(n * inChannels + co / multiplier) * inPlane;
      const dst = out + <usize>(n * outChannels + co) * outPlane;
      plane3x3(src, w + <usize>(co * 9) * 4, shift, dst, g);
    }
  }
}
