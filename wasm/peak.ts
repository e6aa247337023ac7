// The machine's WebAssembly SIMD peak, for the benchmark's "% of peak" column: twelve independent
// multiply-add chains in registers, no memory traffic, so only the FMA (or mul + add) throughput
// of one core limits it. Same madd as the GEMM micro-kernel, so both variants are measured alike.

import { madd } from './geometry';

/** Runs `iterations` rounds of 12 four-lane multiply-adds (96 flops each); returns a lane so nothing is dead code. */
export function peakLoop(iterations: i32, seed: f32): f32 {
  const a = f32x4.splat(seed);
  const b = f32x4.splat(<f32>0.999);
  let c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a;
  let c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a;
  for (let i = 0; i < iterations; i++) {
    c0 = madd(c0, b, a); c1 = madd(c1, b, a); c2 = madd(c2, b, a); c3 = madd(c3, b, a);
    c4 = madd(c4, b, a); c5 = madd(c5, b, a); c6 = madd(c6, b, a); c7 = madd(c7, b, a);
    c8 = madd(c8, b, a); c9 = madd(c9, b, a); c10 = madd(c10, b, a); c11 = madd(c11, b, a);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(c0, c1), f32x4.add(c2, c3)), f32x4.add(f32x4.add(c4, c5), f32x4.add(c6, c7)));
  return f32x4.extract_lane(f32x4.add(s, f32x4.add(f32x4.add(c8, c9), f32x4.add(c10, c11))), 0);
}
