// The layout of a conv's geometry as the host writes it (i32s): in, out, kernel, stride, dilation,
// pad sizes, three axes each (depth, height, width). See engine/conv.ts's flatGeometry.
export const IN_D = 0, IN_H = 1, IN_W = 2, OUT_D = 3, OUT_H = 4, OUT_W = 5;
export const K_D = 6, K_H = 7, K_W = 8, S_D = 9, S_H = 10, S_W = 11;
export const D_D = 12, D_H = 13, D_W = 14, P_D = 15, P_H = 16, P_W = 17;

@inline export function geo(at: usize, i: i32): i32 {
  return load<i32>(at + (<usize>i << 2));
}

/** First output index whose tap (offset = tap·dilation − pad) lands at or after input 0. */
@inline export function firstInside(stride: i32, offset: i32): i32 {
  return offset >= 0 ? 0 : (-offset + stride - 1) / stride;
}

/** One past the last output index whose tap lands before input `size`. */
@inline export function endInside(stride: i32, offset: i32, size: i32): i32 {
  return size - offset <= 0 ? 0 : (size - offset + stride - 1) / stride;
}

@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}
