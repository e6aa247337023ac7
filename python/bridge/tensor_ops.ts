// torch's tensor creation, views, joins and splits for the Python package: each op resolves its
// shape through the engine's rule (engine/tensor_shapes.ts, engine/creation.ts) and computes values
// only when its inputs have them.

import type { KernelSettings } from '../../contract';
import { arange, full, reshapeShape, tensorFromNested, unsqueeze } from '../../engine/creation';
import { runtimeError } from '../../engine/errors';
import { TorchGenerator, torchRand, torchRandn } from '../../engine/torch_random';
import { catShape, chunkSizes, flattenShape, permuteDims, splitSizes, squeezeShape, stackShape, transposeDims } from '../../engine/tensor_shapes';
import { formatShape, stridesOf } from '../../engine/tensor';
import { meta, parseOptions, result, type TensorRef } from './ref';
import { stridedCopy, stridedWrite } from './strided';

function permuted(settings: KernelSettings, t: TensorRef, dims: readonly number[]): TensorRef {
  const shape = dims.map((d) => t.shape[d]);
  const strides = stridesOf(t.shape);
  return result(settings, shape, t.data !== null, () => stridedCopy(t.data as Float32Array, 0, dims.map((d) => strides[d]), shape));
}

/** Same values, another shape: shares the data, as a view of a contiguous tensor does. */
function reshaped(t: TensorRef, shape: number[]): TensorRef {
  return { shape, data: t.data };
}

/** Copies the pieces of `parts` along axis d into one tensor of `shape`. */
function joinAlong(parts: readonly TensorRef[], shape: readonly number[], d: number): Float32Array {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  const outer = shape.slice(0, d).reduce((a, b) => a * b, 1);
  const inner = shape.slice(d + 1).reduce((a, b) => a * b, 1);
  const outRow = shape[d] * inner;
  let at = 0;
  for (const p of parts) {
    if (p.shape.length !== shape.length) continue; // cat's skipped 1-D empty tensors
    const row = p.shape[d] * inner;
    const data = p.data as Float32Array;
    for (let o = 0; o < outer; o++) out.set(data.subarray(o * row, (o + 1) * row), o * outRow + at);
    at += row;
  }
  return out;
}

function pieces(settings: KernelSettings, t: TensorRef, sizes: readonly number[], d: number): TensorRef[] {
  const strides = stridesOf(t.shape);
  let start = 0;
  return sizes.map((size) => {
    const shape = [...t.shape];
    shape[d] = size;
    const base = start * strides[d];
    start += size;
    return result(settings, shape, t.data !== null, () => stridedCopy(t.data as Float32Array, base, strides, shape));
  });
}

/** The seed PyTorch's default generator is left with when nothing seeds it (torch.initial_seed). */
export const UNSEEDED = 67280421310721;

export function tensorOps(settings: KernelSettings) {
  // One CPU generator per interpreter, as PyTorch has one default generator per process.
  const generator = new TorchGenerator(UNSEEDED % 2 ** 32);
  return {
    meta: (shapeJson: string): TensorRef => meta(parseOptions<number[]>(shapeJson)),
    full: (shapeJson: string, value: number, withData: boolean): TensorRef => {
      const shape = parseOptions<number[]>(shapeJson);
      return result(settings, shape, withData, () => full(shape, value));
    },
    /** torch.manual_seed: the low 32 bits of the seed, which is all mt19937 takes. */
    manual_seed: (low32: number): void => generator.manualSeed(low32),
    /** torch.rand / torch.randn from the default generator: PyTorch's values, draw for draw. */
    rand: (shapeJson: string, normal: boolean): TensorRef => {
      const shape = parseOptions<number[]>(shapeJson);
      const count = shape.reduce((a, b) => a * b, 1);
      return result(settings, shape, true, () => (normal ? torchRandn(generator, count) : torchRand(generator, count)));
    },
    arange: (start: number, end: number, step: number): TensorRef => {
      const t = arange(start, end, step);
      return result(settings, t.shape, true, () => t);
    },
    from_nested: (json: string): TensorRef => {
      const t = tensorFromNested(JSON.parse(json));
      return result(settings, t.shape, true, () => t);
    },
    from_values: (shapeJson: string, valuesJson: string): TensorRef => {
      const shape = parseOptions<number[]>(shapeJson);
      return result(settings, shape, true, () => Float32Array.from(parseOptions<number[]>(valuesJson)));
    },
    reshape: (t: TensorRef, shapeJson: string): TensorRef => reshaped(t, reshapeShape(t.shape, parseOptions<number[]>(shapeJson))),
    flatten: (t: TensorRef, start: number, end: number): TensorRef => reshaped(t, flattenShape(t.shape, start, end)),
    squeeze: (t: TensorRef, dim: number | undefined): TensorRef => reshaped(t, squeezeShape(t.shape, dim ?? null)),
    unsqueeze: (t: TensorRef, dim: number): TensorRef => reshaped(t, unsqueeze({ shape: t.shape, data: new Float32Array(0) }, dim).shape as number[]),
    permute: (t: TensorRef, dimsJson: string): TensorRef => permuted(settings, t, permuteDims(t.shape, parseOptions<number[]>(dimsJson))),
    transpose: (t: TensorRef, dim0: number, dim1: number): TensorRef => permuted(settings, t, transposeDims(t.shape.length, dim0, dim1)),
    expand: (t: TensorRef, shapeJson: string): TensorRef => {
      const wanted = parseOptions<number[]>(shapeJson);
      const lead = wanted.length - t.shape.length;
      if (lead < 0) {
        throw runtimeError(`expand(torch.FloatTensor{${formatShape(t.shape)}}, size=${formatShape(wanted)}): the number of sizes provided (${wanted.length}) must be greater or equal to the number of dimensions in the tensor (${t.shape.length})`);
      }
      const own = stridesOf(t.shape);
      const shape = wanted.map((w, i) => (i < lead ? w : w === -1 ? t.shape[i - lead] : w));
      shape.forEach((s, i) => {
        if (i >= lead && t.shape[i - lead] !== 1 && t.shape[i - lead] !== s) {
          throw runtimeError(`The expanded size of the tensor (${s}) must match the existing size (${t.shape[i - lead]}) at non-singleton dimension ${i}.  Target sizes: ${formatShape(wanted)}.  Tensor sizes: ${formatShape(t.shape)}`);
        }
      });
      const strides = shape.map((_, i) => (i < lead || t.shape[i - lead] === 1 ? 0 : own[i - lead]));
      return result(settings, shape, t.data !== null, () => stridedCopy(t.data as Float32Array, 0, strides, shape));
    },
    /** Basic indexing, resolved in Python by its slice rules: a base offset, strides and a shape. */
    strided: (t: TensorRef, base: number, stridesJson: string, shapeJson: string): TensorRef => {
      const shape = parseOptions<number[]>(shapeJson);
      const strides = parseOptions<number[]>(stridesJson);
      return result(settings, shape, t.data !== null, () => stridedCopy(t.data as Float32Array, base, strides, shape));
    },
    /** t[index] = values, in place: values already has the indexed view's shape (Python expanded it). */
    assign_strided: (t: TensorRef, base: number, stridesJson: string, shapeJson: string, values: TensorRef | number): void => {
      if (t.data === null) return;
      const shape = parseOptions<number[]>(shapeJson);
      const source = typeof values === 'number' ? new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(values) : (values.data as Float32Array);
      stridedWrite(t.data, base, parseOptions<number[]>(stridesJson), shape, source);
    },
    cat: (parts: TensorRef[], dim: number): TensorRef => {
      const list = Array.from(parts);
      const { shape, dim: d } = catShape(list.map((p) => p.shape), dim);
      return result(settings, shape, list.every((p) => p.data !== null), () => joinAlong(list, shape, d));
    },
    stack: (parts: TensorRef[], dim: number): TensorRef => {
      const list = Array.from(parts);
      const { shape, dim: d } = stackShape(list.map((p) => p.shape), dim);
      const unsqueezed = list.map((p) => reshaped(p, shape.map((s, i) => (i === d ? 1 : s))));
      return result(settings, shape, list.every((p) => p.data !== null), () => joinAlong(unsqueezed, shape, d));
    },
    split: (t: TensorRef, sizesJson: string, dim: number): TensorRef[] => {
      const { sizes, dim: d } = splitSizes(t.shape, parseOptions<number | number[]>(sizesJson), dim);
      return pieces(settings, t, sizes, d);
    },
    chunk: (t: TensorRef, chunks: number, dim: number): TensorRef[] => {
      const { sizes, dim: d } = chunkSizes(t.shape, chunks, dim);
      return pieces(settings, t, sizes, d);
    },
  };
}
