// One copy loop for every view-like op (permute, transpose, slicing, expand): walk the output in
// row-major order and read the source through per-axis strides from a base offset.

export function stridedCopy(src: Float32Array, base: number, strides: readonly number[], shape: readonly number[]): Float32Array {
  let total = 1;
  for (const d of shape) total *= d;
  const out = new Float32Array(total);
  if (total === 0) return out;
  const rank = shape.length;
  if (rank === 0) {
    out[0] = src[base];
    return out;
  }
  const inner = shape[rank - 1];
  const innerStride = strides[rank - 1];
  const counter = new Array<number>(rank).fill(0);
  let offset = base;
  for (let o = 0; o < total; o += inner) {
    for (let j = 0; j < inner; j++) out[o + j] = src[offset + j * innerStride];
    for (let d = rank - 2; d >= 0; d--) {
      counter[d]++;
      offset += strides[d];
      if (counter[d] < shape[d]) break;
      offset -= strides[d] * shape[d];
      counter[d] = 0;
    }
  }
  return out;
}
