// One walk for every view-like op (permute, transpose, slicing, expand, item assignment): visit the
// view in row-major order through per-axis strides from a base offset.

/** Calls visit(strided offset, row-major index) for every element of the strided view. */
function walk(base: number, strides: readonly number[], shape: readonly number[], visit: (offset: number, at: number) => void): void {
  let total = 1;
  for (const d of shape) total *= d;
  if (total === 0) return;
  const rank = shape.length;
  if (rank === 0) {
    visit(base, 0);
    return;
  }
  const inner = shape[rank - 1];
  const innerStride = strides[rank - 1];
  const counter = new Array<number>(rank).fill(0);
  let offset = base;
  for (let o = 0; o < total; o += inner) {
    for (let j = 0; j < inner; j++) visit(offset + j * innerStride, o + j);
    for (let d = rank - 2; d >= 0; d--) {
      counter[d]++;
      offset += strides[d];
      if (counter[d] < shape[d]) break;
      offset -= strides[d] * shape[d];
      counter[d] = 0;
    }
  }
}

export function stridedCopy(src: Float32Array, base: number, strides: readonly number[], shape: readonly number[]): Float32Array {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  walk(base, strides, shape, (offset, at) => {
    out[at] = src[offset];
  });
  return out;
}

/** The other way: writes values (row-major over shape) into dst through the strided view. */
export function stridedWrite(dst: Float32Array, base: number, strides: readonly number[], shape: readonly number[], values: Float32Array): void {
  walk(base, strides, shape, (offset, at) => {
    dst[offset] = values[at];
  });
}
