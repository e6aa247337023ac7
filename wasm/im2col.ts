// im2col for the GEMM lowering of conv (engine/conv.ts has the TypeScript original): rows are
// (channel, kd, kh, kw), columns are output positions [colStart, colStart + colCount); taps that
// fall in the zero padding are written as 0. Runs in the module's memory so the GEMM then reads
// the columns where they are; contiguous runs (stride 1) are copied four floats at a time.

import { D_D, D_H, D_W, IN_D, IN_H, IN_W, K_D, K_H, K_W, OUT_H, OUT_W, P_D, P_H, P_W, S_D, S_H, S_W, endInside, firstInside, geo } from './geometry';

// Runs are short (an output row, tens of floats), where an inline loop beats the memory.fill and
// memory.copy builtins' per-call cost.

@inline function zero(dst: usize, count: i32): void {
  for (let i = 0; i < count; i++) store<f32>(dst + (<usize>i << 2), 0);
}

@inline function copyRun(dst: usize, src: usize, count: i32, stride: i32): void {
  if (stride == 1) {
    let i = 0;
    for (; i + 4 <= count; i += 4) v128.store(dst + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
    for (; i < count; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
    return;
  }
  if (stride == 2) {
    // Even lanes of eight consecutive floats; the last group stays scalar so no read passes the run.
    let i = 0;
    for (; i + 5 <= count; i += 4) {
      const at = src + (<usize>i << 3);
      v128.store(dst + (<usize>i << 2), v128.shuffle<f32>(v128.load(at), v128.load(at, 16), 0, 2, 4, 6));
    }
    for (; i < count; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 3)));
    return;
  }
  const step = <usize>stride << 2;
  for (let i = 0; i < count; i++) {
    store<f32>(dst, load<f32>(src));
    dst += 4;
    src += step;
  }
}

export function im2col(x: usize, channels: i32, g: usize, cols: usize, colStart: i32, colCount: i32): void {
  const inD = geo(g, IN_D), inH = geo(g, IN_H), inW = geo(g, IN_W);
  const outH = geo(g, OUT_H), outW = geo(g, OUT_W);
  const kD = geo(g, K_D), kH = geo(g, K_H), kW = geo(g, K_W);
  const sD = geo(g, S_D), sH = geo(g, S_H), sW = geo(g, S_W);
  const dD = geo(g, D_D), dH = geo(g, D_H), dW = geo(g, D_W);
  const pD = geo(g, P_D), pH = geo(g, P_H), pW = geo(g, P_W);
  const plane = inD * inH * inW;
  const outPlane = outH * outW;
  const colEnd = colStart + colCount;
  let dst = cols;
  for (let c = 0; c < channels; c++) {
    const cBase = x + (<usize>(c * plane) << 2);
    for (let a = 0; a < kD; a++) {
      for (let b = 0; b < kH; b++) {
        for (let e = 0; e < kW; e++) {
          const offW = e * dW - pW;
          const x0 = min(firstInside(sW, offW), outW);
          const x1 = max(x0, min(endInside(sW, offW, inW), outW));
          // Output positions (z, y, x) of the chunk, one output row at a time.
          for (let pos = colStart; pos < colEnd; ) {
            const z = pos / outPlane;
            const rem = pos - z * outPlane;
            const y = rem / outW;
            const xStart = rem - y * outW;
            const xEnd = min(outW, xStart + (colEnd - pos));
            const iz = z * sD - pD + a * dD;
            const iy = y * sH - pH + b * dH;
            const width = xEnd - xStart;
            const lo = max(x0, xStart);
            const hi = min(x1, xEnd);
            if (iz < 0 || iz >= inD || iy < 0 || iy >= inH || hi <= lo) {
              zero(dst, width);
            } else {
              zero(dst, lo - xStart);
              const src = cBase + (<usize>((iz * inH + iy) * inW + offW + lo * sW) << 2);
              copyRun(dst + (<usize>(lo - xStart) << 2), src, hi - lo, sW);
              zero(dst + (<usize>(hi - xStart) << 2), xEnd - hi);
            }
            dst += <usize>width << 2;
            pos += width;
          }
        }
      }
    }
  }
}
