// Depthwise 3×3 conv over 2-D planes (one input channel per group, any channel multiplier), the
// MobileNet case; engine/conv.ts's depthwise3x3Plane is the TypeScript original.
//
// Each input plane is first copied into a zero-bordered scratch plane (the padding made real), so
// every output sums all nine taps with no bounds checks. A vector of four outputs is a chain of
// nine dependent multiply-adds, so one chain at a time waits on the adder's latency; the loops
// keep four chains in flight. At stride 1 those are two rows × two vectors, and each loaded input
// row feeds both output rows (12 loads per pair of vectors, not 18): 1×128×56×56 took 0.77 ms
// with one chain and bounds-checked borders, 0.34 ms with four chains in one row, 0.24 ms in
// pairs of rows. Stride 2 along the width gathers the even columns with shuffles. Each output is
// summed from the bias in tap order, as the TypeScript original does.

import { D_H, D_W, IN_H, IN_W, OUT_H, OUT_W, P_H, P_W, S_H, S_W, geo, madd } from './geometry';

/** Rows of the zero-bordered plane: every row an output reads. */
@inline function paddedRows(g: usize): i32 {
  return (geo(g, OUT_H) - 1) * geo(g, S_H) + 2 * geo(g, D_H) + 1;
}

/** Width of the zero-bordered plane: every column a whole vector of outputs reads, rounded to 4. */
@inline function paddedWidth(g: usize): i32 {
  const vectors = (geo(g, OUT_W) + 3) >> 2;
  const reach = (vectors * 4 - 1) * geo(g, S_W) + 2 * geo(g, D_W) + 1;
  // Stride 2 loads the vector after its last column too (lanes it then drops).
  return ((reach + 3) & ~3) + (geo(g, S_W) == 2 ? 8 : 0);
}

/** Floats of scratch each thread's zero-bordered plane takes (the host allocates it). */
export function depthwisePaddedFloats(g: usize): i32 {
  return paddedRows(g) * paddedWidth(g);
}

/** Zeroes the bordered plane; the interior, rewritten for each input plane, is the same region every time. */
function clearPadded(padded: usize, g: usize): void {
  memory.fill(padded, 0, <usize>depthwisePaddedFloats(g) << 2);
}

/** Copies one input plane into the bordered plane's interior (the columns and rows outputs read). */
function fillPadded(x: usize, padded: usize, g: usize): void {
  const inH = geo(g, IN_H), inW = geo(g, IN_W), pH = geo(g, P_H), pW = geo(g, P_W);
  const rows = paddedRows(g), width = paddedWidth(g);
  const r0 = max(0, pH), r1 = min(rows, pH + inH);
  const c0 = max(0, pW), c1 = min(width, pW + inW);
  if (c1 <= c0) return;
  const bytes = <usize>(c1 - c0) << 2;
  for (let r = r0; r < r1; r++) {
    memory.copy(padded + (<usize>(r * width + c0) << 2), x + (<usize>((r - pH) * inW + c0 - pW) << 2), bytes);
  }
}

/** One output vector at stride 1: rows r0..r2 of the bordered plane at a column, tap step t (bytes). */
@inline function vector1(r0: usize, r1: usize, r2: usize, t: usize, shift: v128,
  w0: v128, w1: v128, w2: v128, w3: v128, w4: v128, w5: v128, w6: v128, w7: v128, w8: v128): v128 {
  let acc = madd(w0, v128.load(r0), shift);
  acc = madd(w1, v128.load(r0 + t), acc);
  acc = madd(w2, v128.load(r0 + 2 * t), acc);
  acc = madd(w3, v128.load(r1), acc);
  acc = madd(w4, v128.load(r1 + t), acc);
  acc = madd(w5, v128.load(r1 + 2 * t), acc);
  acc = madd(w6, v128.load(r2), acc);
  acc = madd(w7, v128.load(r2 + t), acc);
  return madd(w8, v128.load(r2 + 2 * t), acc);
}

/**
 * Two output rows' vectors at stride 1 and height step 1: rows r0..r3 at one column, each load
 * feeding both rows where it can (12 loads for 2 vectors instead of 18). Stores both.
 */
@inline function rowPair1(r0: usize, r1: usize, r2: usize, r3: usize, t: usize, shift: v128, o0: usize, o1: usize,
  w0: v128, w1: v128, w2: v128, w3: v128, w4: v128, w5: v128, w6: v128, w7: v128, w8: v128): void {
  let a = madd(w0, v128.load(r0), shift);
  a = madd(w1, v128.load(r0 + t), a);
  a = madd(w2, v128.load(r0 + 2 * t), a);
  let x0 = v128.load(r1), x1 = v128.load(r1 + t), x2 = v128.load(r1 + 2 * t);
  let b = madd(w0, x0, shift);
  a = madd(w3, x0, a);
  b = madd(w1, x1, b);
  a = madd(w4, x1, a);
  b = madd(w2, x2, b);
  a = madd(w5, x2, a);
  x0 = v128.load(r2); x1 = v128.load(r2 + t); x2 = v128.load(r2 + 2 * t);
  b = madd(w3, x0, b);
  a = madd(w6, x0, a);
  b = madd(w4, x1, b);
  a = madd(w7, x1, a);
  b = madd(w5, x2, b);
  a = madd(w8, x2, a);
  v128.store(o0, a);
  b = madd(w6, v128.load(r3), b);
  b = madd(w7, v128.load(r3 + t), b);
  b = madd(w8, v128.load(r3 + 2 * t), b);
  v128.store(o1, b);
}

/** Lanes 0, 2, 4, 6 of the eight floats at p: four outputs' columns at stride 2. */
@inline function evens(p: usize): v128 {
  return v128.shuffle<f32>(v128.load(p), v128.load(p, 16), 0, 2, 4, 6);
}

/** One output vector at stride 2 along the width. */
@inline function vector2(r0: usize, r1: usize, r2: usize, t: usize, shift: v128,
  w0: v128, w1: v128, w2: v128, w3: v128, w4: v128, w5: v128, w6: v128, w7: v128, w8: v128): v128 {
  let acc = madd(w0, evens(r0), shift);
  acc = madd(w1, evens(r0 + t), acc);
  acc = madd(w2, evens(r0 + 2 * t), acc);
  acc = madd(w3, evens(r1), acc);
  acc = madd(w4, evens(r1 + t), acc);
  acc = madd(w5, evens(r1 + 2 * t), acc);
  acc = madd(w6, evens(r2), acc);
  acc = madd(w7, evens(r2 + t), acc);
  return madd(w8, evens(r2 + 2 * t), acc);
}

/** Stores the first `lanes` (1 to 3) of v at p. */
@inline function storePartial(p: usize, v: v128, lanes: i32): void {
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (lanes > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (lanes > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** One output plane from the bordered plane (outputs at stride 1 or 2 along the width use vectors). */
function plane3x3(padded: usize, w: usize, shift: f32, out: usize, g: usize): void {
  const outH = geo(g, OUT_H), outW = geo(g, OUT_W), sH = geo(g, S_H), sW = geo(g, S_W);
  const width = paddedWidth(g);
  const rowStep = <usize>(geo(g, D_H) * width) << 2;
  const t = <usize>geo(g, D_W) << 2;
  const vShift = f32x4.splat(shift);
  const w0 = v128.load32_splat(w), w1 = v128.load32_splat(w, 4), w2 = v128.load32_splat(w, 8);
  const w3 = v128.load32_splat(w, 12), w4 = v128.load32_splat(w, 16), w5 = v128.load32_splat(w, 20);
  const w6 = v128.load32_splat(w, 24), w7 = v128.load32_splat(w, 28), w8 = v128.load32_splat(w, 32);
  const whole = outW & ~3;
  const colStep = <usize>(4 * sW) << 2;
  let y = 0;
  if (sW == 1 && sH == 1 && rowStep == (<usize>width << 2)) {
    // Pairs of rows, two column vectors at a time: four chains in flight.
    for (; y + 2 <= outH; y += 2) {
      const o = out + (<usize>(y * outW) << 2);
      const o1 = o + (<usize>outW << 2);
      const r0 = padded + (<usize>(y * width) << 2);
      const r1 = r0 + rowStep, r2 = r1 + rowStep, r3 = r2 + rowStep;
      let c: usize = 0;
      const end = <usize>whole << 2;
      for (; c + 32 <= end; c += 32) {
        rowPair1(r0 + c, r1 + c, r2 + c, r3 + c, t, vShift, o + c, o1 + c, w0, w1, w2, w3, w4, w5, w6, w7, w8);
        rowPair1(r0 + c + 16, r1 + c + 16, r2 + c + 16, r3 + c + 16, t, vShift, o + c + 16, o1 + c + 16, w0, w1, w2, w3, w4, w5, w6, w7, w8);
      }
      for (; c < end; c += 16) rowPair1(r0 + c, r1 + c, r2 + c, r3 + c, t, vShift, o + c, o1 + c, w0, w1, w2, w3, w4, w5, w6, w7, w8);
      if (whole < outW) {
        storePartial(o + end, vector1(r0 + end, r1 + end, r2 + end, t, vShift, w0, w1, w2, w3, w4, w5, w6, w7, w8), outW - whole);
        storePartial(o1 + end, vector1(r1 + end, r2 + end, r3 + end, t, vShift, w0, w1, w2, w3, w4, w5, w6, w7, w8), outW - whole);
      }
    }
  }
  for (; y < outH; y++) {
    const o = out + (<usize>(y * outW) << 2);
    const r0 = padded + (<usize>(y * sH * width) << 2);
    const r1 = r0 + rowStep;
    const r2 = r1 + rowStep;
    if (sW == 1) {
      let xo = 0;
      // Four independent chains: sixteen outputs.
      for (; xo + 16 <= whole; xo += 16) {
        const c = <usize>xo << 2;
        const a0 = vector1(r0 + c, r1 + c, r2 + c, t, vShift, w0, w1, w2, w3, w4, w5, w6, w7, w8);
        const a1 = vector1(r0 + c + 16, r1 + c + 16, r2 + c + 16, t, vShift, w0, w1, w2, w3, w4, w5, w6, w7, w8);
        const a2 = vector1(r0 + c + 32, r1 + c + 32, r2 + c + 32, t, vShift, w0, w1, w2, w3, w4, w5, w6, w7, w8);
        const a3 = vector1(r0 + c + 48, r1 + c + 48, r2 + c + 48, t, vShift, w0, w1, w2, w3, w4, w5, w6, w7, w8);
        v128.store(o + c, a0);
        v128.store(o + c, a1, 16);
        v128.store(o + c, a2, 32);
        v128.store(o + c, a3, 48);
      }
      for (; xo < whole; xo += 4) {
        const c = <usize>xo << 2;
        v128.store(o + c, vector1(r0 + c, r1 + c, r2 + c, t, vShift, w0, w1, w2, w3, w4, w5, w6, w7, w8));
      }
      if (whole < outW) {
        const c = <usize>whole << 2;
        storePartial(o + c, vector1(r0 + c, r1 + c, r2 + c, t, vShift, w0, w1, w2, w3, w4, w5, w6, w7, w8), outW - whole);
      }
    } else if (sW == 2) {
      let xo = 0;
      let c: usize = 0;
      for (; xo + 8 <= whole; xo += 8, c += 2 * colStep) {
        const a0 = vector2(r0 + c, r1 + c, r2 + c, t, vShift, w0, w1, w2, w3, w4, w5, w6, w7, w8);
        const a1 = vector2(r0 + c + colStep, r1 + c + colStep, r2 + c + colStep, t, vShift, w0, w1, w2, w3, w4, w5, w6, w7, w8);
        v128.store(o + (<usize>xo << 2), a0);
        v128.store(o + (<usize>xo << 2), a1, 16);
      }
      for (; xo < whole; xo += 4, c += colStep) {
        v128.store(o + (<usize>xo << 2), vector2(r0 + c, r1 + c, r2 + c, t, vShift, w0, w1, w2, w3, w4, w5, w6, w7, w8));
      }
      if (whole < outW) storePartial(o + (<usize>whole << 2), vector2(r0 + c, r1 + c, r2 + c, t, vShift, w0, w1, w2, w3, w4, w5, w6, w7, w8), outW - whole);
    } else {
      const dW = geo(g, D_W);
      for (let xo = 0; xo < outW; xo++) {
        const c = <usize>(xo * sW) << 2;
        const u = <usize>dW << 2;
        store<f32>(o + (<usize>xo << 2),
          shift +
          load<f32>(w) * load<f32>(r0 + c) + load<f32>(w, 4) * load<f32>(r0 + c + u) + load<f32>(w, 8) * load<f32>(r0 + c + 2 * u) +
          load<f32>(w, 12) * load<f32>(r1 + c) + load<f32>(w, 16) * load<f32>(r1 + c + u) + load<f32>(w, 20) * load<f32>(r1 + c + 2 * u) +
          load<f32>(w, 24) * load<f32>(r2 + c) + load<f32>(w, 28) * load<f32>(r2 + c + u) + load<f32>(w, 32) * load<f32>(r2 + c + 2 * u));
      }
    }
  }
}

/**
 * Input planes [q0, q0 + count) of a batch (plane q is item q / inChannels, channel q % inChannels)
 * with their `multiplier` output planes each: input plane q0 + i is at x + i·inPlane, and output
 * plane j of it, channel co = (q % inChannels)·multiplier + j, at out + (i·multiplier + j)·outPlane,
 * with weights at w + 9·co and bias (if hasBias) at bias + co. `padded` is this thread's
 * depthwisePaddedFloats of scratch: two threads may take disjoint ranges at once, each its own.
 */
export function depthwise3x3(x: usize, w: usize, bias: usize, hasBias: bool, out: usize, inChannels: i32, multiplier: i32, q0: i32, count: i32, g: usize, padded: usize): void {
  const inPlane = <usize>(geo(g, IN_H) * geo(g, IN_W)) << 2;
  const outPlane = <usize>(geo(g, OUT_H) * geo(g, OUT_W)) << 2;
  clearPadded(padded, g);
  for (let i = 0; i < count; i++) {
    fillPadded(x + <usize>i * inPlane, padded, g);
    const q = q0 + i;
    const c0 = (q - (q / inChannels) * inChannels) * multiplier;
    for (let j = 0; j < multiplier; j++) {
      const co = c0 + j;
      const shift: f32 = hasBias ? load<f32>(bias + (<usize>co << 2)) : 0;
      plane3x3(padded, w + <usize>(co * 9) * 4, shift, out + <usize>(i * multiplier + j) * outPlane, g);
    }
  }
}
